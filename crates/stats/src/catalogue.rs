//! The indicator catalogue: every statistic Haven publishes, each a declarative, versioned
//! definition of what is counted, over which facts, at which date, with which filters and
//! which breakdowns. Changing what an indicator counts means raising its version, so that a
//! locked report can say which definition its figures were computed with.

use haven_domain::facts::FactTable;
use serde::Serialize;

/// An indicator's title in each language Haven speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Titles {
    pub en: &'static str,
    pub ru: &'static str,
    pub be: &'static str,
}

impl Titles {
    pub fn get(&self, lang: &str) -> &'static str {
        match lang {
            "ru" => self.ru,
            "be" => self.be,
            _ => self.en,
        }
    }
}

/// Which of a fact's dates places it in a period: the date the fact happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum At {
    /// The table's main date (a migrant's detection, an application).
    Date,
    /// The table's second date (a decision's execution, an acquisition of citizenship).
    OtherDate,
}

/// A condition a fact must meet to be counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    /// The coded attribute has one of these values.
    Is(&'static str, &'static [&'static str]),
    /// The person holds one of these citizenships.
    CitizenOf(&'static [&'static str]),
    /// The person holds no citizenship of a state the report counts as the CIS.
    NotCitizenOfCis,
    /// The organisation (the provider, for assistance) is one of these, by short name.
    OrganisationIs(&'static [&'static str]),
    /// The person had a fact of this table on or before this fact's date.
    HadBefore(FactTable),
    /// The person has a fact of this table at any time.
    HadEver(FactTable),
    /// The main date lies in the period too ("of the applicants of the period, ...").
    DateInPeriod,
    /// The second date lies in the period too (a survey fielded wholly within it).
    OtherDateInPeriod,
    /// The second date is recorded (a referral that was answered).
    HasOtherDate,
}

/// How the facts counted make a number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// How many facts.
    Records,
    /// How many distinct persons: a person counted once however many facts they have.
    Persons,
    /// The sum of the facts' amounts, divided (cents to dollars).
    Sum { divisor: f64 },
    /// Person-days between the main and the second date (open stays run to the period's end)
    /// that fall in the period, over the period's days.
    AverageDailyPopulation,
    /// The share of facts whose attribute has this value.
    Share {
        attribute: &'static str,
        value: &'static str,
    },
    /// The mean number of days from the main date to the second.
    AverageDays,
}

impl Measure {
    /// Whether the figure is a count, and a breakdown's cells add up to it (when no fact
    /// falls in two cells).
    pub fn is_count(&self) -> bool {
        matches!(self, Measure::Records | Measure::Persons)
    }

    /// Whether cells add up to the total (sums and counts do; averages and shares do not).
    pub fn is_additive(&self) -> bool {
        matches!(self, Measure::Records | Measure::Persons | Measure::Sum { .. })
    }
}

/// What a figure is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Persons,
    Records,
    UsDollars,
    Share,
    PersonsPerDay,
    Days,
    People,
}

/// What a figure can be broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Sex,
    /// Age at the fact's date, from the year of birth (the full date is sealed), so it may be
    /// one year high: 0-17, 18-24, 25-34, 35-44, 45-59, 60+.
    AgeGroup,
    /// A person with two citizenships is counted under each.
    Citizenship,
    /// The UN M49 sub-region of the citizenship (Western Asia, Northern Africa...).
    OriginRegion,
    /// The region of the country where the fact happened, or else of the organisation.
    Region,
    /// The organisation that recorded the fact (the provider, the sender).
    Organisation,
    /// The other organisation of the fact (a referral's receiver).
    Counterpart,
    /// One of the table's coded attributes.
    Attribute(&'static str),
    /// One of the table's lists of codes: a fact with several codes is counted under each.
    Codes(&'static str),
}

impl Dimension {
    /// The name used on the command line and in output.
    pub fn name(&self, table: FactTable) -> &'static str {
        match self {
            Dimension::Sex => "sex",
            Dimension::AgeGroup => "age_group",
            Dimension::Citizenship => "citizenship",
            Dimension::OriginRegion => "origin_region",
            Dimension::Region => "region",
            Dimension::Organisation => "organisation",
            Dimension::Counterpart => table.describe().counterpart.unwrap_or("counterpart"),
            Dimension::Attribute(name) | Dimension::Codes(name) => name,
        }
    }

    /// Whether one fact can fall in several cells, so that cells may add up to more than the
    /// total.
    pub fn may_repeat(&self) -> bool {
        matches!(
            self,
            Dimension::Citizenship | Dimension::OriginRegion | Dimension::Codes(_)
        )
    }
}

/// One indicator's definition.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Indicator {
    pub id: &'static str,
    /// Raised whenever what is counted changes.
    pub version: u32,
    pub title: Titles,
    /// What is counted, in words, for the catalogue page.
    pub counts: &'static str,
    pub unit: Unit,
    pub table: FactTable,
    pub at: At,
    pub measure: Measure,
    pub filters: &'static [Filter],
    pub breakdowns: &'static [Dimension],
}

impl Indicator {
    /// Every fact table this indicator reads.
    pub fn tables(&self) -> Vec<FactTable> {
        let mut tables = vec![self.table];
        for filter in self.filters {
            if let Filter::HadBefore(t) | Filter::HadEver(t) = filter {
                tables.push(*t);
            }
        }
        tables
    }

    /// The breakdown called `name`, if this indicator allows it.
    pub fn dimension(&self, name: &str) -> Option<Dimension> {
        self.breakdowns.iter().copied().find(|d| d.name(self.table) == name)
    }

    pub fn dimension_names(&self) -> Vec<&'static str> {
        self.breakdowns.iter().map(|d| d.name(self.table)).collect()
    }
}

/// The indicator with this id.
pub fn find(id: &str) -> Option<&'static Indicator> {
    CATALOGUE.iter().find(|i| i.id == id)
}

use Dimension::{AgeGroup, Attribute, Citizenship, Codes, Counterpart, Organisation, OriginRegion, Region, Sex};

const UKRAINIAN: Filter = Filter::CitizenOf(&["UKR"]);

/// Every indicator Haven knows.
pub static CATALOGUE: &[Indicator] = &[
    // ---- Figures of the country report (spec/seed-report-figures.toml) ----
    Indicator {
        id: "prevention.publications.minors_sexual_exploitation",
        version: 1,
        title: Titles {
            en: "Publications on preventing the sexual exploitation of minors",
            ru: "Публикации о предупреждении сексуальной эксплуатации несовершеннолетних",
            be: "Публікацыі аб папярэджанні сэксуальнай эксплуатацыі непаўналетніх",
        },
        counts: "prevention activities of kind 'publication' on the sexual exploitation of minors, at the date held",
        unit: Unit::Records,
        table: FactTable::Prevention,
        at: At::Date,
        measure: Measure::Records,
        filters: &[
            Filter::Is("kind", &["publication"]),
            Filter::Is("topic", &["sexual_exploitation_of_minors"]),
        ],
        breakdowns: &[Region, Organisation],
    },
    Indicator {
        id: "migration.irregular_migrants.identified",
        version: 1,
        title: Titles {
            en: "Irregular migrants identified",
            ru: "Выявлено незаконных мигрантов",
            be: "Выяўлена незаконных мігрантаў",
        },
        counts: "distinct persons with a migration case, at the date they were detected",
        unit: Unit::Persons,
        table: FactTable::Migration,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[],
        breakdowns: &[
            Sex,
            AgeGroup,
            Citizenship,
            OriginRegion,
            Region,
            Organisation,
            Attribute("grounds"),
        ],
    },
    Indicator {
        id: "migration.irregular_migrants.detained",
        version: 1,
        title: Titles {
            en: "Irregular migrants detained",
            ru: "Задержано незаконных мигрантов",
            be: "Затрымана незаконных мігрантаў",
        },
        counts: "distinct persons placed in detention, at the date the detention began",
        unit: Unit::Persons,
        table: FactTable::Detention,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[],
        breakdowns: &[
            Sex,
            AgeGroup,
            Citizenship,
            OriginRegion,
            Organisation,
            Attribute("facility"),
        ],
    },
    Indicator {
        id: "asylum.applications.non_cis",
        version: 1,
        title: Titles {
            en: "Foreigners from non-CIS countries applying for refugee status, additional protection or asylum",
            ru: "Иностранцы из стран вне СНГ, обратившиеся за статусом беженца, дополнительной защитой или убежищем",
            be: "Замежнікі з краін па-за СНД, якія звярнуліся па статус бежанца, дадатковую абарону або прытулак",
        },
        counts: "distinct persons holding no CIS citizenship who applied for protection, at the date of application",
        unit: Unit::Persons,
        table: FactTable::Protection,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[Filter::NotCitizenOfCis],
        breakdowns: &[Sex, AgeGroup, Citizenship, OriginRegion, Attribute("form_applied")],
    },
    Indicator {
        id: "return.voluntary.iom_assisted",
        version: 1,
        title: Titles {
            en: "Foreigners returned to their homeland with IOM assistance",
            ru: "Иностранцы, возвращённые на родину при содействии МОМ",
            be: "Замежнікі, вернутыя на радзіму пры садзейнічанні МАМ",
        },
        counts: "distinct persons whose voluntary return assisted by IOM was carried out, at the date of return",
        unit: Unit::Persons,
        table: FactTable::Migration,
        at: At::OtherDate,
        measure: Measure::Persons,
        filters: &[Filter::Is("decision", &["voluntary_return_iom"])],
        breakdowns: &[Sex, AgeGroup, Citizenship, OriginRegion, Attribute("destination")],
    },
    Indicator {
        id: "detention.irregular_migrants.average_daily_population",
        version: 1,
        title: Titles {
            en: "Irregular migrants held in detention on an average day",
            ru: "Среднесуточное число незаконных мигрантов в местах содержания",
            be: "Сярэднесутачная колькасць незаконных мігрантаў у месцах утрымання",
        },
        counts: "person-days in detention falling in the period, over the period's days",
        unit: Unit::PersonsPerDay,
        table: FactTable::Detention,
        at: At::Date,
        measure: Measure::AverageDailyPopulation,
        filters: &[],
        breakdowns: &[Sex, Citizenship, OriginRegion, Attribute("facility")],
    },
    Indicator {
        id: "assistance.irregular_migrants.persons_assisted",
        version: 1,
        title: Titles {
            en: "Irregular migrants who received humanitarian, medical, legal and other assistance",
            ru: "Незаконные мигранты, получившие гуманитарную, медицинскую, правовую и иную помощь",
            be: "Незаконныя мігранты, якія атрымалі гуманітарную, медыцынскую, прававую і іншую дапамогу",
        },
        counts: "distinct persons assisted in the period who had been detected as irregular migrants by then",
        unit: Unit::Persons,
        table: FactTable::Assistance,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[Filter::HadBefore(FactTable::Migration)],
        breakdowns: &[
            Sex,
            AgeGroup,
            Citizenship,
            OriginRegion,
            Organisation,
            Attribute("kind"),
        ],
    },
    Indicator {
        id: "funding.migrant_assistance.usd_equivalent",
        version: 1,
        title: Titles {
            en: "Funds allocated to assist migrants in transit, US dollar equivalent",
            ru: "Средства, выделенные на помощь транзитным мигрантам, в эквиваленте долларов США",
            be: "Сродкі, выдзеленыя на дапамогу транзітным мігрантам, у эквіваленце долараў ЗША",
        },
        counts: "allocations for migrant transit assistance, in US dollars at each allocation's date",
        unit: Unit::UsDollars,
        table: FactTable::Funding,
        at: At::Date,
        measure: Measure::Sum { divisor: 100.0 },
        filters: &[Filter::Is("purpose", &["migrant_transit_assistance"])],
        breakdowns: &[Attribute("source"), Attribute("currency"), Organisation],
    },
    Indicator {
        id: "protection.applications.ukraine",
        version: 1,
        title: Titles {
            en: "Citizens of Ukraine applying for refugee status, additional protection or asylum",
            ru: "Граждане Украины, обратившиеся за статусом беженца, дополнительной защитой или убежищем",
            be: "Грамадзяне Украіны, якія звярнуліся па статус бежанца, дадатковую абарону або прытулак",
        },
        counts: "distinct Ukrainian citizens who applied for protection, at the date of application",
        unit: Unit::Persons,
        table: FactTable::Protection,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[UKRAINIAN],
        breakdowns: &[Sex, AgeGroup, Region, Organisation, Attribute("form_applied")],
    },
    Indicator {
        id: "protection.additional_protection.granted.ukraine",
        version: 1,
        title: Titles {
            en: "Citizens of Ukraine granted additional protection",
            ru: "Гражданам Украины предоставлена дополнительная защита",
            be: "Грамадзянам Украіны прадастаўлена дадатковая абарона",
        },
        counts: "distinct Ukrainian citizens granted additional protection, at the date of the decision",
        unit: Unit::Persons,
        table: FactTable::Protection,
        at: At::OtherDate,
        measure: Measure::Persons,
        filters: &[
            UKRAINIAN,
            Filter::Is("outcome", &["granted"]),
            Filter::Is("form_granted", &["additional_protection"]),
        ],
        breakdowns: &[Sex, AgeGroup, Region, Organisation],
    },
    Indicator {
        id: "protection.additional_protection.extended.ukraine",
        version: 1,
        title: Titles {
            en: "Citizens of Ukraine whose additional protection was extended",
            ru: "Граждане Украины, которым продлён срок дополнительной защиты",
            be: "Грамадзяне Украіны, якім прадоўжаны тэрмін дадатковай абароны",
        },
        counts: "distinct Ukrainian citizens with an extension of additional protection decided in the period",
        unit: Unit::Persons,
        table: FactTable::ProtectionExtensions,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[UKRAINIAN, Filter::Is("form_granted", &["additional_protection"])],
        breakdowns: &[Sex, AgeGroup, Region, Organisation],
    },
    Indicator {
        id: "citizenship.applications.ukraine",
        version: 1,
        title: Titles {
            en: "Citizens of Ukraine applying for citizenship of the Republic of Belarus",
            ru: "Граждане Украины, обратившиеся за приобретением гражданства Республики Беларусь",
            be: "Грамадзяне Украіны, якія звярнуліся па набыццё грамадзянства Рэспублікі Беларусь",
        },
        counts: "distinct Ukrainian citizens who applied for citizenship, at the date of application",
        unit: Unit::Persons,
        table: FactTable::Citizenship,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[UKRAINIAN],
        breakdowns: &[Sex, AgeGroup, Region, Organisation, Attribute("outcome")],
    },
    Indicator {
        id: "citizenship.acquired.ukraine",
        version: 1,
        title: Titles {
            en: "Of those applicants, citizens of Ukraine who became citizens of Belarus",
            ru: "Из них граждане Украины, ставшие гражданами Беларуси",
            be: "З іх грамадзяне Украіны, якія сталі грамадзянамі Беларусі",
        },
        counts: "distinct Ukrainian citizens who applied in the period and acquired citizenship in it",
        unit: Unit::Persons,
        table: FactTable::Citizenship,
        at: At::OtherDate,
        measure: Measure::Persons,
        filters: &[UKRAINIAN, Filter::DateInPeriod],
        breakdowns: &[Sex, AgeGroup, Region, Organisation],
    },
    Indicator {
        id: "assistance.trafficking_victims.reintegration",
        version: 1,
        title: Titles {
            en: "Victims of trafficking given reintegration assistance by IOM",
            ru: "Жертвы торговли людьми, получившие помощь в реинтеграции от МОМ",
            be: "Ахвяры гандлю людзьмі, якія атрымалі дапамогу ў рэінтэграцыі ад МАМ",
        },
        counts: "distinct persons with a trafficking case to whom IOM delivered reintegration assistance in the period",
        unit: Unit::Persons,
        table: FactTable::Assistance,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[
            Filter::Is("kind", &["reintegration"]),
            Filter::OrganisationIs(&["IOM"]),
            Filter::HadEver(FactTable::Trafficking),
        ],
        breakdowns: &[Sex, AgeGroup, Citizenship, Region],
    },
    Indicator {
        id: "prevention.survey.awareness_share",
        version: 1,
        title: Titles {
            en: "Share of the population with a good understanding of trafficking",
            ru: "Доля населения, хорошо понимающего проблему торговли людьми",
            be: "Доля насельніцтва, якое добра разумее праблему гандлю людзьмі",
        },
        counts: "answers 'yes' to 'understands trafficking', over all answers, in surveys fielded within the period",
        unit: Unit::Share,
        table: FactTable::SurveyAnswers,
        at: At::Date,
        measure: Measure::Share {
            attribute: "answer",
            value: "yes",
        },
        filters: &[
            Filter::Is("question", &["understands_trafficking"]),
            Filter::OtherDateInPeriod,
        ],
        breakdowns: &[Attribute("sex"), Attribute("region")],
    },
    // ---- Trafficking in human beings ----
    Indicator {
        id: "trafficking.victims.possible",
        version: 1,
        title: Titles {
            en: "Possible victims of trafficking detected",
            ru: "Выявлено возможных жертв торговли людьми",
            be: "Выяўлена магчымых ахвяр гандлю людзьмі",
        },
        counts: "distinct persons with a trafficking case, at the date they were detected as possible victims",
        unit: Unit::Persons,
        table: FactTable::Trafficking,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[],
        breakdowns: &[
            Sex,
            AgeGroup,
            Citizenship,
            OriginRegion,
            Region,
            Organisation,
            Attribute("victim_status"),
            Attribute("country_of_exploitation"),
            Codes("exploitation"),
        ],
    },
    Indicator {
        id: "trafficking.victims.identified",
        version: 1,
        title: Titles {
            en: "Victims of trafficking identified",
            ru: "Установлено жертв торговли людьми",
            be: "Устаноўлена ахвяр гандлю людзьмі",
        },
        counts: "distinct persons recognised as victims of trafficking, at the date of identification",
        unit: Unit::Persons,
        table: FactTable::Trafficking,
        at: At::OtherDate,
        measure: Measure::Persons,
        filters: &[Filter::Is("victim_status", &["ActualVictimOfTrafficking"])],
        breakdowns: &[
            Sex,
            AgeGroup,
            Citizenship,
            OriginRegion,
            Region,
            Organisation,
            Attribute("country_of_exploitation"),
            Codes("exploitation"),
        ],
    },
    Indicator {
        id: "trafficking.victim_records",
        version: 1,
        title: Titles {
            en: "Records of victims of trafficking",
            ru: "Записи о жертвах торговли людьми",
            be: "Запісы пра ахвяр гандлю людзьмі",
        },
        counts: "trafficking cases of possible or identified victims, one per case (as CTDC counts registrations), \
                 at the date detected; a data set imported from CTDC is broken down by its own variables too",
        unit: Unit::Records,
        table: FactTable::Trafficking,
        at: At::Date,
        measure: Measure::Records,
        filters: &[Filter::Is(
            "victim_status",
            &["PossibleVictimOfTrafficking", "ActualVictimOfTrafficking"],
        )],
        breakdowns: &[
            Sex,
            AgeGroup,
            Citizenship,
            Attribute("country_of_exploitation"),
            Codes("exploitation"),
            Codes("ctdc:yearRegister"),
            Codes("ctdc:majorityStatus"),
            Codes("ctdc:UN_COO_Region"),
            Codes("ctdc:UN_COE_Region"),
            Codes("ctdc:IP_Exploiter"),
            Codes("ctdc:IP_Gender"),
            Codes("ctdc:IP_ageBroad"),
            Codes("ctdc:IP_citizen_UNRegion"),
            Codes("ctdc:IP_Relation"),
            Codes("ctdc:IP_PayMoney"),
            Codes("ctdc:IP_RecruiterBroker"),
            Codes("ctdc:IP_TransactionProcess"),
            Codes("ctdc:IP_ControlAbuseKidnap"),
            Codes("ctdc:yearOfRegistration"),
            Codes("ctdc:ageBroad"),
        ],
    },
    Indicator {
        id: "criminal.cases.initiated",
        version: 1,
        title: Titles {
            en: "Criminal cases initiated",
            ru: "Возбуждено уголовных дел",
            be: "Узбуджана крымінальных спраў",
        },
        counts: "criminal cases, at the date initiated",
        unit: Unit::Records,
        table: FactTable::CriminalCases,
        at: At::Date,
        measure: Measure::Records,
        filters: &[],
        breakdowns: &[Attribute("article"), Attribute("stage"), Region, Organisation],
    },
    Indicator {
        id: "criminal.persons.prosecuted",
        version: 1,
        title: Titles {
            en: "Persons prosecuted",
            ru: "Лица, привлечённые к уголовной ответственности",
            be: "Асобы, прыцягнутыя да крымінальнай адказнасці",
        },
        counts: "distinct persons accused or convicted in a criminal case, at the date the case was initiated",
        unit: Unit::Persons,
        table: FactTable::CriminalParties,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[Filter::Is("role", &["accused", "convicted"])],
        breakdowns: &[Sex, AgeGroup, Citizenship, Attribute("article"), Attribute("stage")],
    },
    Indicator {
        id: "criminal.persons.convicted",
        version: 1,
        title: Titles {
            en: "Persons convicted",
            ru: "Осуждено лиц",
            be: "Асуджана асоб",
        },
        counts: "distinct persons convicted, at the date the case reached conviction",
        unit: Unit::Persons,
        table: FactTable::CriminalParties,
        at: At::OtherDate,
        measure: Measure::Persons,
        filters: &[Filter::Is("role", &["convicted"]), Filter::Is("stage", &["convicted"])],
        breakdowns: &[Sex, AgeGroup, Citizenship, Attribute("article")],
    },
    // ---- Hotline ----
    Indicator {
        id: "hotline.contacts",
        version: 1,
        title: Titles {
            en: "Hotline contacts",
            ru: "Обращения на горячую линию",
            be: "Звароты на гарачую лінію",
        },
        counts: "calls, messages and visits to the hotline, at the date of contact",
        unit: Unit::Records,
        table: FactTable::Hotline,
        at: At::Date,
        measure: Measure::Records,
        filters: &[],
        breakdowns: &[
            Attribute("topic"),
            Attribute("channel"),
            Attribute("caller"),
            Attribute("destination"),
            Organisation,
            Counterpart,
        ],
    },
    // ---- Referrals ----
    Indicator {
        id: "referrals.sent",
        version: 1,
        title: Titles {
            en: "Referrals sent",
            ru: "Направлено переадресаций",
            be: "Накіравана пераадрасацый",
        },
        counts: "referrals between organisations, at the date sent",
        unit: Unit::Records,
        table: FactTable::Referrals,
        at: At::Date,
        measure: Measure::Records,
        filters: &[],
        breakdowns: &[
            Attribute("status"),
            Organisation,
            Counterpart,
            Attribute("consent_basis"),
        ],
    },
    Indicator {
        id: "referrals.days_to_accept",
        version: 1,
        title: Titles {
            en: "Days taken to accept a referral",
            ru: "Дней до принятия переадресации",
            be: "Дзён да прыняцця пераадрасацыі",
        },
        counts: "mean days from sending to acceptance, over referrals sent in the period and accepted",
        unit: Unit::Days,
        table: FactTable::Referrals,
        at: At::Date,
        measure: Measure::AverageDays,
        filters: &[Filter::Is("status", &["accepted", "completed"]), Filter::HasOtherDate],
        breakdowns: &[Organisation, Counterpart],
    },
    // ---- Assistance ----
    Indicator {
        id: "assistance.persons_assisted",
        version: 1,
        title: Titles {
            en: "Persons assisted",
            ru: "Лица, получившие помощь",
            be: "Асобы, якія атрымалі дапамогу",
        },
        counts: "distinct persons who received any assistance in the period",
        unit: Unit::Persons,
        table: FactTable::Assistance,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[],
        breakdowns: &[
            Sex,
            AgeGroup,
            Citizenship,
            OriginRegion,
            Organisation,
            Attribute("kind"),
        ],
    },
    Indicator {
        id: "assistance.services",
        version: 1,
        title: Titles {
            en: "Assistance services delivered",
            ru: "Оказано услуг помощи",
            be: "Аказана паслуг дапамогі",
        },
        counts: "services delivered, at the date delivered",
        unit: Unit::Records,
        table: FactTable::Assistance,
        at: At::Date,
        measure: Measure::Records,
        filters: &[],
        breakdowns: &[Attribute("kind"), Organisation],
    },
    // ---- Migration and protection ----
    Indicator {
        id: "migration.decisions.executed",
        version: 1,
        title: Titles {
            en: "Foreigners removed or returned",
            ru: "Иностранцы, в отношении которых исполнено решение о выдворении или возвращении",
            be: "Замежнікі, у дачыненні да якіх выканана рашэнне аб высылцы або вяртанні",
        },
        counts: "distinct persons whose deportation, return or readmission was carried out, at the date carried out",
        unit: Unit::Persons,
        table: FactTable::Migration,
        at: At::OtherDate,
        measure: Measure::Persons,
        filters: &[],
        breakdowns: &[
            Sex,
            AgeGroup,
            Citizenship,
            OriginRegion,
            Attribute("decision"),
            Attribute("destination"),
        ],
    },
    Indicator {
        id: "protection.decisions",
        version: 1,
        title: Titles {
            en: "Protection decisions",
            ru: "Решения по заявлениям о защите",
            be: "Рашэнні па заявах аб абароне",
        },
        counts: "distinct persons with a protection decision, at the date of the decision",
        unit: Unit::Persons,
        table: FactTable::Protection,
        at: At::OtherDate,
        measure: Measure::Persons,
        filters: &[],
        breakdowns: &[
            Sex,
            AgeGroup,
            Citizenship,
            OriginRegion,
            Attribute("outcome"),
            Attribute("form_granted"),
        ],
    },
    Indicator {
        id: "protection.extensions",
        version: 1,
        title: Titles {
            en: "Persons whose protection was extended",
            ru: "Лица, которым продлён срок защиты",
            be: "Асобы, якім прадоўжаны тэрмін абароны",
        },
        counts: "distinct persons with an extension decided in the period",
        unit: Unit::Persons,
        table: FactTable::ProtectionExtensions,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[],
        breakdowns: &[Sex, AgeGroup, Citizenship, OriginRegion, Attribute("form_granted")],
    },
    // ---- Funding, prevention, cooperation ----
    Indicator {
        id: "funding.usd_equivalent",
        version: 1,
        title: Titles {
            en: "Funds allocated, US dollar equivalent",
            ru: "Выделено средств, в эквиваленте долларов США",
            be: "Выдзелена сродкаў, у эквіваленце долараў ЗША",
        },
        counts: "every allocation, in US dollars at the allocation's date",
        unit: Unit::UsDollars,
        table: FactTable::Funding,
        at: At::Date,
        measure: Measure::Sum { divisor: 100.0 },
        filters: &[],
        breakdowns: &[
            Attribute("source"),
            Attribute("purpose"),
            Attribute("currency"),
            Organisation,
        ],
    },
    Indicator {
        id: "prevention.activities",
        version: 1,
        title: Titles {
            en: "Prevention activities",
            ru: "Профилактические мероприятия",
            be: "Прафілактычныя мерапрыемствы",
        },
        counts: "prevention activities, at the date held",
        unit: Unit::Records,
        table: FactTable::Prevention,
        at: At::Date,
        measure: Measure::Records,
        filters: &[],
        breakdowns: &[Attribute("kind"), Attribute("topic"), Region, Organisation],
    },
    Indicator {
        id: "prevention.audience",
        version: 1,
        title: Titles {
            en: "People reached by prevention activities",
            ru: "Охват профилактическими мероприятиями",
            be: "Ахоп прафілактычнымі мерапрыемствамі",
        },
        counts: "the audience recorded for each activity, summed",
        unit: Unit::People,
        table: FactTable::Prevention,
        at: At::Date,
        measure: Measure::Sum { divisor: 1.0 },
        filters: &[],
        breakdowns: &[Attribute("kind"), Attribute("topic"), Region, Organisation],
    },
    Indicator {
        id: "trainings.participants",
        version: 1,
        title: Titles {
            en: "Participants in trainings",
            ru: "Участники обучающих мероприятий",
            be: "Удзельнікі навучальных мерапрыемстваў",
        },
        counts: "participants of trainings, at the date the training began",
        unit: Unit::People,
        table: FactTable::Trainings,
        at: At::Date,
        measure: Measure::Sum { divisor: 1.0 },
        filters: &[],
        breakdowns: &[Organisation],
    },
    Indicator {
        id: "cooperation.actions",
        version: 1,
        title: Titles {
            en: "International cooperation: requests and joint operations",
            ru: "Международное сотрудничество: запросы и совместные операции",
            be: "Міжнароднае супрацоўніцтва: запыты і сумесныя аперацыі",
        },
        counts: "requests sent and received and joint operations, at the date begun",
        unit: Unit::Records,
        table: FactTable::Cooperation,
        at: At::Date,
        measure: Measure::Records,
        filters: &[],
        breakdowns: &[
            Attribute("kind"),
            Attribute("counterpart_country"),
            Attribute("outcome"),
            Organisation,
        ],
    },
    // ---- Records as a whole ----
    Indicator {
        id: "events.recorded",
        version: 1,
        title: Titles {
            en: "Events on case timelines",
            ru: "События в делах",
            be: "Падзеі ў справах",
        },
        counts: "dated events of every case's timeline, at the date they happened",
        unit: Unit::Records,
        table: FactTable::Events,
        at: At::Date,
        measure: Measure::Records,
        filters: &[],
        breakdowns: &[Attribute("kind"), Organisation, Region],
    },
    Indicator {
        id: "persons.with_cases",
        version: 1,
        title: Titles {
            en: "Persons with a case opened",
            ru: "Лица, по которым открыто дело",
            be: "Асобы, па якіх адкрыта справа",
        },
        counts: "distinct persons with a case of any kind opened in the period, however many organisations hold one",
        unit: Unit::Persons,
        table: FactTable::Cases,
        at: At::Date,
        measure: Measure::Persons,
        filters: &[],
        breakdowns: &[
            Sex,
            AgeGroup,
            Citizenship,
            OriginRegion,
            Region,
            Organisation,
            Attribute("kind"),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_breakdown_names_something_its_table_has() {
        let mut ids: Vec<_> = CATALOGUE.iter().map(|i| i.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CATALOGUE.len(), "duplicate indicator ids");
        for indicator in CATALOGUE {
            let schema = indicator.table.describe();
            for dimension in indicator.breakdowns {
                match dimension {
                    Attribute(name) => assert!(schema.attributes.contains(name), "{}: {name}", indicator.id),
                    Codes(name) => assert!(schema.code_lists.contains(name), "{}: {name}", indicator.id),
                    Counterpart => assert!(schema.counterpart.is_some(), "{}", indicator.id),
                    _ => {}
                }
            }
            for filter in indicator.filters {
                if let Filter::Is(name, _) = filter {
                    assert!(schema.attributes.contains(name), "{}: filter on {name}", indicator.id);
                }
            }
            if indicator.at == At::OtherDate || matches!(indicator.measure, Measure::AverageDays) {
                assert!(schema.other_date.is_some(), "{} needs a second date", indicator.id);
            }
            assert!(!indicator.title.ru.is_empty() && !indicator.title.be.is_empty());
        }
    }
}
