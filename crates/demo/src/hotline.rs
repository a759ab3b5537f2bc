//! Hotline contacts: people planning to work, study or marry abroad, relatives worried about
//! someone, and possible victims, calling or writing to the safe-travel hotline.

use chrono::{Datelike, Duration, NaiveDate};
use haven_domain::case::{
    CallerType, CaseDetails, CaseInput, CaseStatus, ContactChannel, HotlineDetails, HotlineTopic,
};
use haven_domain::person::Sex;
use haven_store::StoreError;

use crate::orgs::Orgs;
use crate::people::{belarusian, country};
use crate::random::{Random, ymd};
use crate::targets::HOTLINE_CONTACTS_PER_YEAR;
use crate::writer::Writer;
use crate::{DATA_END, Scale};

const DESTINATIONS: [(&str, u32); 12] = [
    ("RUS", 25),
    ("POL", 15),
    ("DEU", 10),
    ("LTU", 8),
    ("ITA", 6),
    ("USA", 6),
    ("TUR", 5),
    ("ARE", 5),
    ("ISR", 4),
    ("CZE", 6),
    ("CHN", 3),
    ("GBR", 7),
];

const ADVICE: [&str; 6] = [
    "Advised to check the agency's licence and never to hand over the passport.",
    "Explained how to verify the employer and the contract before departure.",
    "Gave the embassy's and the hotline's numbers for emergencies abroad.",
    "The agency is not in the register of licensed agencies; advised not to sign.",
    "Explained visa and work permit rules of the destination country.",
    "Referred to the shelter for a consultation; the caller agreed to be contacted.",
];

pub(crate) async fn generate(w: &mut Writer<'_>, r: &mut Random, scale: Scale, orgs: &Orgs) -> Result<(), StoreError> {
    for year in 2002..=DATA_END.year() {
        let share = if year == DATA_END.year() {
            f64::from(DATA_END.ordinal()) / 366.0
        } else {
            1.0
        };
        let contacts = scale.n((HOTLINE_CONTACTS_PER_YEAR as f64 * share).round() as u64);
        for _ in 0..contacts {
            let day = r.day(ymd(year, 1, 1), ymd(year, 12, 31).min(DATA_END));
            write_contact(w, r, orgs, day);
            w.flush_if_full().await?;
        }
    }
    Ok(())
}

fn write_contact(w: &mut Writer<'_>, r: &mut Random, orgs: &Orgs, day: NaiveDate) {
    let online = (day.year() - 2002) as u32;
    let channel = *r.weighted(&[
        (ContactChannel::Phone, 100),
        (ContactChannel::Email, 10 + online),
        (ContactChannel::Messenger, online * 3),
        (ContactChannel::Website, online * 2),
        (ContactChannel::SocialMedia, online),
        (ContactChannel::InPerson, 5),
    ]);
    let topic = *r.weighted(&[
        (HotlineTopic::EmploymentAbroad, 40),
        (HotlineTopic::AgencyCheck, 12),
        (HotlineTopic::StudyAbroad, 10),
        (HotlineTopic::MarriageAbroad, 6),
        (HotlineTopic::SafeTravel, 12),
        (HotlineTopic::TraffickingSuspicion, 5),
        (HotlineTopic::MissingPerson, 3),
        (HotlineTopic::Documents, 7),
        (HotlineTopic::Other, 5),
    ]);
    let caller = *r.weighted(&[
        (CallerType::PlanningToGoAbroad, 60),
        (CallerType::Relative, 15),
        (CallerType::PossibleVictim, 3),
        (CallerType::Professional, 5),
        (CallerType::Anonymous, 12),
        (CallerType::Other, 5),
    ]);
    let contacted_at = (day.and_hms_opt(9, 0, 0).expect("a time") + Duration::minutes(r.between(0, 9 * 60))).and_utc();
    let referred = matches!(topic, HotlineTopic::TraffickingSuspicion | HotlineTopic::MissingPerson) && r.chance(0.6);
    // Most callers stay anonymous; those referred on, or who want a call back, leave a name.
    let person = (referred || r.chance(0.05)).then(|| {
        let sex = if r.chance(0.65) { Sex::Female } else { Sex::Male };
        let born = r.birth_date(day, 18, 55);
        w.person(belarusian(r, sex, born, None, Some(orgs.hotline)))
    });
    let reference = w.reference("HL", day.year());
    w.case(CaseInput {
        org: orgs.hotline,
        person,
        reference,
        opened_on: day,
        closed_on: Some(day),
        status: CaseStatus::Closed,
        details: CaseDetails::Hotline(HotlineDetails {
            contacted_at,
            caller,
            channel,
            topic,
            destination_country: (topic != HotlineTopic::Documents).then(|| country(r.weighted::<&str>(&DESTINATIONS))),
            advice: r.chance(0.7).then(|| (*r.pick(&ADVICE)).to_owned()),
            referred_to: referred.then(|| orgs.shelter_for(haven_domain::org::Region::MinskCity)),
        }),
    });
}
