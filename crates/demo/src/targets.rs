//! The numbers the demo data set is built to, at scale 1.
//!
//! The report's own figures (see `spec/seed-report-figures.toml`) are reproduced exactly
//! where the report gives a number and inside its bounds where it says "more than" or
//! "about". The rest (cohort sizes of other years, shares) shapes a plausible national data
//! set around them; it is invented, and says nothing about the real country.

/// "In 2022, more than 1,000 illegal migrants were identified": persons detected in 2022.
pub(crate) const MIGRANTS_DETECTED_2022: u64 = 1_047;
/// "... and in 2023 - about 4,000 people."
pub(crate) const MIGRANTS_DETECTED_2023: u64 = 3_998;
/// Persons detected in January-May 2024, of whom [`MIGRANTS_DETAINED_JAN_MAY_2024`] detained.
pub(crate) const MIGRANTS_DETECTED_JAN_MAY_2024: u64 = 1_290;
/// "About 1,200 people were detained in 5 months of 2024."
pub(crate) const MIGRANTS_DETAINED_JAN_MAY_2024: u64 = 1_203;
pub(crate) const MIGRANTS_DETECTED_JUNE_2024: u64 = 160;
/// Persons detected in other years (shape only).
pub(crate) const MIGRANTS_DETECTED_EARLIER: [(i32, u64); 7] = [
    (2015, 150),
    (2016, 180),
    (2017, 230),
    (2018, 360),
    (2019, 420),
    (2020, 310),
    (2021, 2_600),
];

/// "(on average, about 100 illegal migrants daily)" over 2023-01-01..2024-05-31 (517 days):
/// the person-days of detention inside that window.
pub(crate) const DETENTION_PERSON_DAYS_2023_TO_MAY_2024: u64 = 51_700;

/// "1,650 foreigners were returned to their homeland from 2018 to 2023" with IOM's help:
/// voluntary returns carried out in each year's cohort, summing to 1,650.
pub(crate) const IOM_RETURNS_BY_COHORT: [(i32, u64); 6] = [
    (2018, 140),
    (2019, 170),
    (2020, 110),
    (2021, 430),
    (2022, 300),
    (2023, 500),
];

/// "About 6,000 illegal migrants received humanitarian, medical, legal and other assistance
/// in 2023-2024" (to 31 May 2024): persons assisted in that window, by detection cohort
/// ("2023" being those detected from 2023 on).
pub(crate) const MIGRANTS_ASSISTED_BY_COHORT: [(i32, u64); 3] = [(2021, 700), (2022, 450), (2023, 4_860)];

/// "In 2022-2023, 411 foreigners (162 and 249, respectively) from non-CIS countries applied
/// for refugee status, additional protection or asylum ..., 63 in 5 months of 2024": of each,
/// how many were detained migrants ("in most cases") and how many came otherwise.
pub(crate) const NON_CIS_APPLICANTS_2022: (u64, u64) = (130, 32);
pub(crate) const NON_CIS_APPLICANTS_2023: (u64, u64) = (200, 49);
pub(crate) const NON_CIS_APPLICANTS_JAN_MAY_2024: (u64, u64) = (50, 13);

/// "Since 2021, 4302 citizens of Ukraine applied for refugee status, additional protection
/// or asylum" (to 31 May 2024), by year of application.
pub(crate) const UKRAINIAN_APPLICANTS: [(i32, u64); 4] = [(2021, 150), (2022, 2_200), (2023, 1_600), (2024, 352)];
/// "additional protection ... was provided to 3400 Ukrainians".
pub(crate) const UKRAINIANS_GRANTED: u64 = 3_400;
/// "decisions were made to extend the period for granting additional protection ... in
/// respect of 6729 Ukrainians": granted since 2021 and extended, plus those granted
/// 2014-2020 whose protection was extended again.
pub(crate) const UKRAINIANS_EXTENDED: u64 = 6_729;

/// "As of 06.01.2024, 8607 citizens of Ukraine (including minors) applied for citizenship of
/// the Republic of Belarus, of which 7265 people became Belarusian citizens" (since
/// September 2021).
pub(crate) const UKRAINIAN_CITIZENSHIP_APPLICANTS: u64 = 8_607;
pub(crate) const UKRAINIAN_CITIZENSHIP_ACQUIRED: u64 = 7_265;

/// "A broad information campaign was carried out to prevent sexual exploitation of minors
/// (2023 - 363 publications)."
pub(crate) const MINORS_CAMPAIGN_PUBLICATIONS_2023: u64 = 363;

/// "... provided reintegration assistance to 1330 victims" (IOM programme, 2002 to the
/// press release of 23 March 2007).
pub(crate) const IOM_REINTEGRATED_VICTIMS_TO_MARCH_2007: u64 = 1_330;
/// Victims identified each year (shape only; the early years carry the IOM programme).
pub(crate) const VICTIMS_IDENTIFIED: [(i32, u64); 23] = [
    (2002, 210),
    (2003, 290),
    (2004, 350),
    (2005, 400),
    (2006, 430),
    (2007, 420),
    (2008, 380),
    (2009, 330),
    (2010, 290),
    (2011, 250),
    (2012, 220),
    (2013, 200),
    (2014, 180),
    (2015, 160),
    (2016, 150),
    (2017, 140),
    (2018, 130),
    (2019, 120),
    (2020, 100),
    (2021, 110),
    (2022, 105),
    (2023, 100),
    (2024, 45),
];

/// "According to the IOM survey, 95 % of the Belarus population have a good understanding
/// of the issue."
pub(crate) const SURVEY_2006_RESPONDENTS: u64 = 1_000;
pub(crate) const SURVEY_2006_AWARE: u64 = 950;

/// "In 2021-2023, the total amount of funds allocated to assist migrants crossing the
/// territory ... in transit amounted to more than 1 million US dollars in equivalent".
pub(crate) const MIGRANT_TRANSIT_FUNDING_USD_CENTS_2021_2023: i64 = 104_835_000;

/// Hotline contacts per year (shape only).
pub(crate) const HOTLINE_CONTACTS_PER_YEAR: u64 = 1_900;
