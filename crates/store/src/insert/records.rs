//! The rows each kind of record becomes, queued on [`Inserts`]. Written once for both
//! backends: the sealed columns are encrypted here, with the table, column and row they
//! belong to.

use haven_domain::access::Actor;
use haven_domain::assistance::AssistanceInput;
use haven_domain::case::{
    CaseDetails, CaseInput, ForcedLabourIndustry, ProtectionForm, RecruiterRelation, StatusDecisionOrg,
};
use haven_domain::cooperation::CooperationInput;
use haven_domain::country::CountryCode;
use haven_domain::date::PartialDate;
use haven_domain::event::{EventSource, Fact, NewEvent};
use haven_domain::funding::FundingInput;
use haven_domain::ids::{
    AssistanceId, CaseId, CooperationId, EventId, FundingId, OrgId, PersonId, PreventionId, ReferralId, SurveyId,
    TrainingId,
};
use haven_domain::org::{OrganisationInput, Region};
use haven_domain::person::Sex;
use haven_domain::person::{Identity, NewPerson, PersonCode, normalise_document_number, normalise_for_lookup};
use haven_domain::prevention::PreventionInput;
use haven_domain::referral::{NewReferral, Referral, ReferralResponse, ReferralStatus};
use haven_domain::survey::{SurveyInput, SurveyResponse};
use haven_domain::training::TrainingInput;
use haven_domain::{Problem, ValidationErrors};
use haven_link::normalise::spelling_keys;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use haven_domain::ctdc::CtdcVariable;

use super::{Inserts, row};
use crate::crypto::Keyring;
use crate::{Result, now, today};

/// The multi-select lists of a trafficking case, as stored in `trafficking_case_codes`.
pub(crate) const LIST_EXPLOITATION: &str = "exploitation";
pub(crate) const LIST_SEX_EXPLOITATION: &str = "sex_exploitation";
pub(crate) const LIST_CONTROL: &str = "means_of_control";
pub(crate) const LIST_RECRUITMENT: &str = "recruitment";
pub(crate) const LIST_VULNERABILITY: &str = "vulnerability";
pub(crate) const LIST_TRANSIT: &str = "transit_country";

/// The list a CTDC variable's value is kept under: `ctdc:IP_Gender`.
pub(crate) fn ctdc_list(variable: CtdcVariable) -> String {
    format!("{CTDC_LIST_PREFIX}{}", variable.code())
}
pub(crate) const CTDC_LIST_PREFIX: &str = "ctdc:";

/// Kinds of blind index kept for a person.
pub(crate) const LOOKUP_NAME: &str = "name";
pub(crate) const LOOKUP_FAMILY: &str = "family";
pub(crate) const LOOKUP_DOCUMENT: &str = "document";
/// A name's fields by their skeletons in any script (`haven_link::normalise::spelling_keys`):
/// what finds `Тацяна Бугаева` when `TATSIANA BUHAYEVA` is typed.
pub(crate) const LOOKUP_SPELLING: &str = "spelling";

/// The parts of a name, sealed together.
#[derive(Serialize, Deserialize)]
pub(crate) struct NameParts {
    pub given: String,
    pub family: String,
    pub patronymic: Option<String>,
}

pub(crate) fn seal_birth_date(keys: &Keyring, id: PersonId, date: Option<PartialDate>) -> Option<Vec<u8>> {
    date.map(|d| keys.seal_str("persons", "birth_date", id.0, &d.to_string()))
}

pub(crate) fn seal_decline_reason(keys: &Keyring, id: ReferralId, reason: Option<&str>) -> Option<Vec<u8>> {
    reason.map(|r| keys.seal_str("referrals", "decline_reason", id.0, r))
}

pub(crate) fn seal_notes(keys: &Keyring, id: AssistanceId, notes: Option<&str>) -> Option<Vec<u8>> {
    notes.map(|n| keys.seal_str("assistance", "notes", id.0, n))
}

/// A list of codes in one column.
pub(crate) fn encode_list<T: std::fmt::Display>(values: &[T]) -> String {
    values.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

impl Inserts {
    pub(crate) fn organisation(&mut self, id: OrgId, input: &OrganisationInput) {
        let at = now();
        self.push(
            "organisations",
            row![
                id.0,
                input.parent.map(|p| p.0),
                input.name.as_str(),
                input.short_name.as_deref(),
                input.kind.code(),
                input.region.map(Region::code),
                at,
                at,
                1i64,
            ],
        );
    }

    pub(crate) fn citizenships(&mut self, id: PersonId, countries: &[CountryCode]) {
        for country in countries {
            self.push("person_citizenships", row![id.0, country.as_str()]);
        }
    }

    /// Queue a new person with a fresh pseudonymous code.
    pub(crate) fn person(&mut self, keys: &Keyring, id: PersonId, input: &NewPerson, registered_by: Option<OrgId>) {
        let code = PersonCode::generate(&mut rand::rng());
        let at = now();
        self.push(
            "persons",
            row![
                id.0,
                code.as_str(),
                input.sex.code(),
                input.identity.birth_date.map(|d| i64::from(d.year_part())),
                seal_birth_date(keys, id, input.identity.birth_date),
                registered_by.map(|o| o.0),
                at,
                at,
                1i64,
            ],
        );
        self.citizenships(id, &input.citizenships);
        self.identity(keys, id, &input.identity);
    }

    /// Queue the sealed names, documents and contacts and their blind indexes.
    pub(crate) fn identity(&mut self, keys: &Keyring, id: PersonId, identity: &Identity) {
        for (position, name) in identity.names.iter().enumerate() {
            let row = Uuid::now_v7();
            let parts = NameParts {
                given: name.given.clone(),
                family: name.family.clone(),
                patronymic: name.patronymic.clone(),
            };
            let sealed = keys.seal(
                "person_names",
                "name",
                row,
                &serde_json::to_vec(&parts).unwrap_or_default(),
            );
            self.push(
                "person_names",
                row![
                    row,
                    id.0,
                    position as i64,
                    name.script.code(),
                    name.source.code(),
                    name.recorded_by.map(|o| o.0),
                    sealed
                ],
            );
        }
        for (position, doc) in identity.documents.iter().enumerate() {
            let row = Uuid::now_v7();
            self.push(
                "person_documents",
                row![
                    row,
                    id.0,
                    position as i64,
                    doc.kind.code(),
                    doc.issuing_country.as_str(),
                    keys.seal_str("person_documents", "number", row, &doc.number),
                    doc.valid_until
                        .map(|d| keys.seal_str("person_documents", "valid_until", row, &d.to_string())),
                ],
            );
        }
        for (position, contact) in identity.contacts.iter().enumerate() {
            let row = Uuid::now_v7();
            self.push(
                "person_contacts",
                row![
                    row,
                    id.0,
                    position as i64,
                    contact.kind.code(),
                    keys.seal_str("person_contacts", "value", row, &contact.value)
                ],
            );
        }
        self.lookups(keys, id, identity);
    }

    /// Queue the blind indexes a person is found by: names as typed, their spellings in any
    /// script, document numbers.
    pub(crate) fn lookups(&mut self, keys: &Keyring, id: PersonId, identity: &Identity) {
        let mut lookups: Vec<(&str, Vec<u8>)> = Vec::new();
        for name in &identity.names {
            lookups.push((
                LOOKUP_NAME,
                keys.blind_index(LOOKUP_NAME, &normalise_for_lookup(&name.full())),
            ));
            if !name.family.trim().is_empty() {
                lookups.push((
                    LOOKUP_FAMILY,
                    keys.blind_index(LOOKUP_FAMILY, &normalise_for_lookup(&name.family)),
                ));
            }
            let patronymic = name.patronymic.as_deref().filter(|p| !p.trim().is_empty());
            let spellings = [
                spelling_keys(&[&name.family]),
                spelling_keys(&[&name.given, &name.family]),
                patronymic.map_or_else(Vec::new, |p| spelling_keys(&[&name.given, p, &name.family])),
            ];
            for spelling in spellings.into_iter().flatten() {
                lookups.push((LOOKUP_SPELLING, keys.blind_index(LOOKUP_SPELLING, &spelling)));
            }
        }
        for doc in &identity.documents {
            lookups.push((
                LOOKUP_DOCUMENT,
                keys.blind_index(LOOKUP_DOCUMENT, &normalise_document_number(&doc.number)),
            ));
        }
        lookups.sort();
        lookups.dedup();
        for (kind, digest) in lookups {
            self.push("person_lookup", row![id.0, kind, digest]);
        }
    }

    /// Queue the events a record states; returns how many.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn stated_events(
        &mut self,
        actor: &Actor,
        case: CaseId,
        person: Option<PersonId>,
        org: OrgId,
        source: EventSource,
        source_id: Uuid,
        facts: &[Fact],
    ) -> u64 {
        let at = now();
        for fact in facts {
            self.push(
                "events",
                row![
                    Uuid::now_v7(),
                    case.0,
                    person.map(|p| p.0),
                    org.0,
                    fact.kind.code(),
                    fact.on,
                    fact.code.as_deref(),
                    source.code(),
                    source_id,
                    None::<Vec<u8>>,
                    at,
                    actor.user.map(|u| u.0),
                    1i64,
                ],
            );
        }
        facts.len() as u64
    }

    /// Queue a case and everything it states; returns the number of events.
    pub(crate) fn case(&mut self, keys: &Keyring, actor: &Actor, id: CaseId, input: &CaseInput) -> u64 {
        let at = now();
        self.push(
            "cases",
            row![
                id.0,
                input.kind().code(),
                input.org.0,
                input.person.map(|p| p.0),
                input.reference.as_str(),
                input.opened_on,
                input.closed_on,
                input.status.code(),
                at,
                at,
                1i64,
            ],
        );
        self.case_details(keys, id, &input.details);
        self.stated_events(
            actor,
            id,
            input.person,
            input.org,
            EventSource::Case,
            id.0,
            &input.facts(),
        )
    }

    pub(crate) fn case_details(&mut self, keys: &Keyring, id: CaseId, details: &CaseDetails) {
        let country = |c: Option<CountryCode>| c.map(|c| c.to_string());
        match details {
            CaseDetails::Trafficking(d) => {
                self.push(
                    "trafficking_cases",
                    row![
                        id.0,
                        d.status.code(),
                        d.detected_on,
                        d.identified_on,
                        d.status_decided_by.map(StatusDecisionOrg::code),
                        d.forced_labour_industry.map(ForcedLabourIndustry::code),
                        d.recruiter_relation.map(RecruiterRelation::code),
                        country(d.recruitment_country),
                        country(d.exploitation_country),
                    ],
                );
                let lists: [(&str, Vec<&str>); 6] = [
                    (LIST_EXPLOITATION, d.exploitation.iter().map(|c| c.code()).collect()),
                    (
                        LIST_SEX_EXPLOITATION,
                        d.sex_exploitation.iter().map(|c| c.code()).collect(),
                    ),
                    (LIST_CONTROL, d.means_of_control.iter().map(|c| c.code()).collect()),
                    (LIST_RECRUITMENT, d.recruitment.iter().map(|c| c.code()).collect()),
                    (LIST_VULNERABILITY, d.vulnerabilities.iter().map(|c| c.code()).collect()),
                    (
                        LIST_TRANSIT,
                        d.transit_countries.iter().map(CountryCode::as_str).collect(),
                    ),
                ];
                for (list, codes) in lists {
                    for (position, code) in codes.into_iter().enumerate() {
                        self.push("trafficking_case_codes", row![id.0, list, code, position as i64]);
                    }
                }
                for value in &d.ctdc {
                    self.push(
                        "trafficking_case_codes",
                        row![id.0, ctdc_list(value.variable), value.value.as_str(), 0i64],
                    );
                }
            }
            CaseDetails::Criminal(d) => {
                let partner = d.foreign_partner.as_ref();
                self.push(
                    "criminal_cases",
                    row![
                        id.0,
                        d.article.as_str(),
                        d.initiated_on,
                        d.stage.code(),
                        d.stage_on,
                        country(partner.map(|p| p.country)),
                        partner.map(|p| p.agency.as_str()),
                    ],
                );
                for (position, party) in d.parties.iter().enumerate() {
                    self.push(
                        "criminal_case_parties",
                        row![id.0, party.person.0, party.role.code(), position as i64],
                    );
                }
            }
            CaseDetails::Migration(d) => {
                let decision = d.decision.as_ref();
                self.push(
                    "migration_cases",
                    row![
                        id.0,
                        d.detected_on,
                        d.detected_in.map(Region::code),
                        d.grounds.code(),
                        decision.map(|x| x.kind.code()),
                        decision.map(|x| x.decided_on),
                        decision.and_then(|x| x.executed_on),
                        country(decision.and_then(|x| x.destination)),
                    ],
                );
                for (position, period) in d.detention.iter().enumerate() {
                    self.push(
                        "detention_periods",
                        row![
                            id.0,
                            position as i64,
                            period.facility.code(),
                            period.started_on,
                            period.ended_on
                        ],
                    );
                }
            }
            CaseDetails::Protection(d) => {
                let decision = d.decision.as_ref();
                self.push(
                    "protection_cases",
                    row![
                        id.0,
                        d.form_applied.code(),
                        d.applied_on,
                        decision.map(|x| x.outcome.code()),
                        decision.and_then(|x| x.form_granted).map(ProtectionForm::code),
                        decision.map(|x| x.decided_on),
                        decision.and_then(|x| x.valid_until),
                    ],
                );
                for (position, ext) in d.extensions.iter().enumerate() {
                    self.push(
                        "protection_extensions",
                        row![id.0, position as i64, ext.decided_on, ext.valid_until],
                    );
                }
            }
            CaseDetails::Citizenship(d) => {
                self.push(
                    "citizenship_cases",
                    row![
                        id.0,
                        d.applied_on,
                        d.decision.as_ref().map(|x| x.outcome.code()),
                        d.decision.as_ref().map(|x| x.decided_on),
                        d.acquired_on,
                    ],
                );
            }
            CaseDetails::Hotline(d) => {
                self.push(
                    "hotline_contacts",
                    row![
                        id.0,
                        d.contacted_at,
                        d.caller.code(),
                        d.channel.code(),
                        d.topic.code(),
                        country(d.destination_country),
                        d.advice
                            .as_deref()
                            .map(|a| keys.seal_str("hotline_contacts", "advice", id.0, a)),
                        d.referred_to.map(|o| o.0),
                    ],
                );
            }
        }
    }

    /// Queue a user-recorded event on a case whose person and organisation are given; the
    /// event's organisation is the recording actor's (or the case's, for a system task).
    pub(crate) fn user_event(
        &mut self,
        keys: &Keyring,
        actor: &Actor,
        id: EventId,
        input: &NewEvent,
        case: (Option<PersonId>, OrgId),
    ) {
        let (person, case_org) = case;
        self.push(
            "events",
            row![
                id.0,
                input.case.0,
                person.map(|p| p.0),
                actor.org.map_or(case_org.0, |o| o.0),
                input.kind.code(),
                input.occurred_on,
                None::<String>,
                EventSource::User.code(),
                id.0,
                input
                    .notes
                    .as_deref()
                    .map(|n| keys.seal_str("events", "notes", id.0, n)),
                now(),
                actor.user.map(|u| u.0),
                1i64,
            ],
        );
    }

    /// Queue a checked referral of a case (whose person and organisation are given), with
    /// the steps already taken on it and the events it states.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn referral(
        &mut self,
        keys: &Keyring,
        actor: &Actor,
        id: ReferralId,
        input: &NewReferral,
        responses: &[ReferralResponse],
        case: (Option<PersonId>, OrgId),
    ) -> Result<Referral> {
        let (person, from_org) = case;
        let consent = input
            .consent
            .clone()
            .ok_or_else(|| ValidationErrors::single("consent", Problem::Required))?;
        let at = now();
        let mut referral = Referral {
            id,
            case: input.case,
            person,
            from_org,
            to_org: input.to_org,
            reason: input.reason,
            sections: input.sections.clone(),
            consent,
            status: ReferralStatus::Sent,
            sent_on: input.sent_on,
            responded_on: None,
            decline_reason: None,
            completed_on: None,
            created_at: at,
            updated_at: at,
            version: 1,
        };
        // Imports and demo data bring referrals that were answered already.
        for response in responses {
            referral.respond(response, today())?;
        }
        self.push(
            "referrals",
            row![
                id.0,
                referral.case.0,
                person.map(|p| p.0),
                from_org.0,
                referral.to_org.0,
                referral.reason.code(),
                encode_list(&referral.sections),
                referral.consent.basis.code(),
                referral.consent.recorded_on,
                referral.consent.recorded_by.map(|u| u.0),
                referral.status.code(),
                referral.sent_on,
                referral.responded_on,
                seal_decline_reason(keys, id, referral.decline_reason.as_deref()),
                referral.completed_on,
                at,
                at,
                1i64,
            ],
        );
        self.stated_events(
            actor,
            referral.case,
            referral.person,
            referral.from_org,
            EventSource::Referral,
            id.0,
            &referral.facts(),
        );
        Ok(referral)
    }

    /// Queue assistance and the event it states on its case's timeline; returns how many
    /// events.
    pub(crate) fn assistance(
        &mut self,
        keys: &Keyring,
        actor: &Actor,
        id: AssistanceId,
        input: &AssistanceInput,
    ) -> u64 {
        let at = now();
        self.push(
            "assistance",
            row![
                id.0,
                input.person.0,
                input.case.map(|c| c.0),
                input.provider.0,
                input.kind.code(),
                input.delivered_on,
                input.cost.map(|c| c.minor),
                input.cost.map(|c| c.currency.code()),
                input.funding.map(|f| f.0),
                seal_notes(keys, id, input.notes.as_deref()),
                at,
                at,
                1i64,
            ],
        );
        match input.case {
            Some(case) => self.stated_events(
                actor,
                case,
                Some(input.person),
                input.provider,
                EventSource::Assistance,
                id.0,
                &input.facts(),
            ),
            None => 0,
        }
    }

    pub(crate) fn prevention(&mut self, id: PreventionId, input: &PreventionInput) {
        let at = now();
        self.push(
            "prevention_activities",
            row![
                id.0,
                input.org.0,
                input.kind.code(),
                input.topic.code(),
                input.held_on,
                input.title.as_str(),
                input.region.map(Region::code),
                input.audience,
                at,
                at,
                1i64,
            ],
        );
    }

    pub(crate) fn training(&mut self, id: TrainingId, input: &TrainingInput) {
        let at = now();
        self.push(
            "trainings",
            row![
                id.0,
                input.org.0,
                input.title.as_str(),
                input.starts_on,
                input.ends_on,
                at,
                at,
                1i64
            ],
        );
        for p in &input.participants {
            self.push("training_participants", row![id.0, p.country.as_str(), p.count]);
        }
    }

    pub(crate) fn funding(&mut self, id: FundingId, input: &FundingInput) {
        let at = now();
        self.push(
            "funding_allocations",
            row![
                id.0,
                input.source.code(),
                input.donor.as_str(),
                input.recipient.map(|o| o.0),
                input.purpose.code(),
                input.allocated_on,
                input.amount.minor,
                input.amount.currency.code(),
                input.usd_rate.to_string(),
                input.usd_cents(),
                at,
                at,
                1i64,
            ],
        );
    }

    pub(crate) fn cooperation(&mut self, id: CooperationId, input: &CooperationInput) {
        let at = now();
        self.push(
            "cooperation",
            row![
                id.0,
                input.org.0,
                input.kind.code(),
                input.counterpart.as_str(),
                input.counterpart_country.map(|c| c.to_string()),
                input.subject.as_str(),
                input.case.map(|c| c.0),
                input.started_on,
                input.ended_on,
                input.outcome.as_deref(),
                at,
                at,
                1i64,
            ],
        );
    }

    pub(crate) fn survey(&mut self, id: SurveyId, input: &SurveyInput, responses: &[SurveyResponse]) {
        self.push(
            "surveys",
            row![
                id.0,
                input.org.0,
                input.title.as_str(),
                input.fielded_from,
                input.fielded_to,
                now(),
                1i64
            ],
        );
        for response in responses {
            for answer in &response.answers {
                self.push(
                    "survey_answers",
                    row![
                        id.0,
                        response.respondent,
                        response.sex.map(Sex::code),
                        response.region.map(Region::code),
                        answer.question.as_str(),
                        answer.answer.as_str(),
                    ],
                );
            }
        }
    }
}
