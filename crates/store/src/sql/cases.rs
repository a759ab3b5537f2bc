//! Case files: the common row in `cases`, the kind's own row and child rows, and the events
//! the case states, all written in one transaction.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::access::{Actor, CaseScope, Permission, ReferralGrant, case_access};
use haven_domain::audit::AuditAction;
use haven_domain::case::{
    CallerType, Case, CaseDetails, CaseInput, CaseKind, CaseParty, CaseStatus, CaseSummary, CitizenshipDecision,
    CitizenshipDetails, CitizenshipOutcome, ContactChannel, CriminalArticle, CriminalDetails, CriminalStage,
    DetentionFacility, DetentionPeriod, Exploitation, ForcedLabourIndustry, ForeignPartner, HotlineDetails,
    HotlineTopic, MeansOfControl, MigrationDecision, MigrationDecisionKind, MigrationDetails, MigrationGrounds,
    PartyRole, ProtectionDecision, ProtectionDetails, ProtectionExtension, ProtectionForm, ProtectionOutcome,
    RecruiterRelation, RecruitmentMethod, SexExploitation, StatusDecisionOrg, TraffickingDetails, TraffickingStatus,
    Vulnerability,
};
use haven_domain::country::CountryCode;
use haven_domain::ctdc::{CtdcValue, CtdcVariable};
use haven_domain::error::Validate;
use haven_domain::event::EventSource;
use haven_domain::ids::{CaseId, OrgId, PersonId};
use haven_domain::org::Region;
use haven_domain::outbox::{case_payload, case_topic};
use haven_domain::referral::CaseSection;
use haven_domain::{Problem, ValidationErrors};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use super::insert::Flush;
use super::{This, Tx, decode, decode_opt, expect_changed, placeholders, referral_grant, require_reference};
use crate::insert::{
    CTDC_LIST_PREFIX, Inserts, LIST_CONTROL, LIST_EXPLOITATION, LIST_RECRUITMENT, LIST_SEX_EXPLOITATION, LIST_TRANSIT,
    LIST_VULNERABILITY,
};
use crate::tables::{CASES, ORGANISATIONS, PERSONS};
use crate::{CaseFilter, CaseStore, Result, StoreError, now, today};

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: Uuid,
    kind: String,
    org_id: Uuid,
    person_id: Option<Uuid>,
    reference: String,
    opened_on: NaiveDate,
    closed_on: Option<NaiveDate>,
    status: String,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: Uuid,
    kind: String,
    org_id: Uuid,
    person_id: Option<Uuid>,
    reference: String,
    opened_on: NaiveDate,
    closed_on: Option<NaiveDate>,
    status: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

fn country(code: Option<&str>) -> Result<Option<CountryCode>> {
    decode_opt(code, CountryCode::parse)
}

/// The codes of one multi-select list of a trafficking case, in the order entered.
fn parse_list<T>(
    codes: &[(String, String)],
    list: &str,
    parse: fn(&str) -> std::result::Result<T, Problem>,
) -> Result<Vec<T>> {
    codes
        .iter()
        .filter(|(l, _)| l == list)
        .map(|(_, c)| decode(parse(c)))
        .collect()
}

impl This {
    /// A page of case ids, newest first, for a system task (every case) or for one person's
    /// cases (few, found by the person index) within the actor's scope.
    async fn case_ids_of_everyone_or_one_person(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        kind_list: &str,
        person: Option<PersonId>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Uuid>> {
        let scope = if actor.is_system() {
            ""
        } else {
            "AND (c.org_id IN (SELECT id FROM scope) OR EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id \
             AND r.status = 'accepted' AND r.to_org IN (SELECT id FROM scope)))"
        };
        // `$2 IS NULL OR c.person_id = $2` would keep SQLite from the person index and scan
        // every case for one person's page; the clause is chosen here instead.
        let person_clause = if person.is_some() {
            "c.person_id = $2"
        } else {
            "$2 IS NULL"
        };
        let sql = format!(
            "WITH RECURSIVE scope(id) AS (SELECT id FROM organisations WHERE id = $1 \
             UNION SELECT o.id FROM organisations o JOIN scope s ON o.parent_id = s.id) \
             SELECT c.id FROM cases c WHERE c.kind IN ({kind_list}) AND {person_clause} {scope} \
             ORDER BY c.opened_on DESC, c.id DESC {}",
            super::limit_offset(limit, offset)
        );
        Ok(sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(actor.org.map(|o| o.0))
            .bind(person.map(|p| p.0))
            .fetch_all(&mut **tx)
            .await?)
    }

    /// The ids of the page of cases `filter` asks for, in the list's order, and the actor's
    /// organisations (which decide access to each). Asking for a kind the actor may not read
    /// is refused; asking for all kinds when the actor reads none is an empty list.
    async fn listed_case_ids(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        filter: &CaseFilter,
    ) -> Result<(Vec<Uuid>, Vec<OrgId>)> {
        let kinds: Vec<&str> = CaseKind::ALL
            .iter()
            .filter(|k| actor.may(Permission::ReadCase(**k)) && filter.kind.is_none_or(|f| f == **k))
            .map(|k| k.code())
            .collect();
        if kinds.is_empty() {
            return match filter.kind {
                Some(kind) => Err(haven_domain::access::AccessDenied {
                    actor: actor.label.clone(),
                    permission: Permission::ReadCase(kind),
                }
                .into()),
                None => Ok((Vec::new(), Vec::new())),
            };
        }
        // The kind codes come from the code list, never from input.
        let kind_list = kinds.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ");
        let limit = if filter.limit > 0 { filter.limit.min(1000) } else { 100 };
        let offset = filter.offset.max(0);
        let actor_orgs = self.actor_orgs(tx, actor).await?;
        let ids = if actor.is_system() || filter.person.is_some() {
            self.case_ids_of_everyone_or_one_person(tx, actor, &kind_list, filter.person, limit, offset)
                .await?
        } else {
            self.case_ids_in_scope(tx, &kinds, &kind_list, &actor_orgs, limit, offset)
                .await?
        };
        Ok((ids, actor_orgs))
    }

    /// A page of the ids of the cases of the actor's organisations and of those referred to
    /// them, newest first. The newest cases of each kind of each organisation come from the
    /// index on (kind, organisation, opening date), a page's worth at most, and are merged
    /// after: one query with an OR between the two sources would sort every case in scope for
    /// each page, and one for all kinds would read past every case of a kind the actor may not
    /// read (a hotline's hundreds of thousands of calls) to find a page of the others.
    async fn case_ids_in_scope(
        &self,
        tx: &mut Tx,
        kinds: &[&str],
        kind_list: &str,
        orgs: &[OrgId],
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Uuid>> {
        let wanted = limit.saturating_add(offset);
        if orgs.is_empty() {
            return Ok(Vec::new());
        }
        // One statement, a sub-query per organisation and kind and one for the cases referred
        // into the tree: a round trip per sub-query, and every sub-query's rows sent back to
        // be merged here, were most of a list's cost. The sub-queries never share a case (a
        // case referred within the tree is its owner's), so UNION ALL need not look for
        // duplicates, which took half the statement's time.
        let wanted_rows = &super::limit(wanted);
        let tree = super::placeholders(orgs.len());
        // The kind codes come from the code list, never from input.
        let own = (1..=orgs.len()).flat_map(|org| {
            kinds.iter().map(move |kind| {
                format!(
                    "SELECT * FROM (SELECT opened_on, id FROM cases WHERE kind = '{kind}' AND org_id = ${org} \
                     ORDER BY opened_on DESC, id DESC {wanted_rows}) AS own_{kind}_{org}"
                )
            })
        });
        // CROSS JOIN keeps SQLite reading the few referrals first and their cases by id;
        // left to choose, it read every case of the kinds asked for.
        let referred = format!(
            "SELECT * FROM (SELECT DISTINCT c.opened_on, c.id FROM referrals r CROSS JOIN cases c \
             WHERE c.id = r.case_id AND r.to_org IN ({tree}) AND r.status = 'accepted' \
             AND c.kind IN ({kind_list}) AND c.org_id NOT IN ({tree}) \
             ORDER BY c.opened_on DESC, c.id DESC {wanted_rows}) AS referred"
        );
        let sql = format!(
            "SELECT opened_on, id FROM ({}) AS found ORDER BY opened_on DESC, id DESC {}",
            own.chain(std::iter::once(referred))
                .collect::<Vec<_>>()
                .join(" UNION ALL "),
            super::limit_offset(limit, offset),
        );
        let mut query = sqlx::query_as::<_, (NaiveDate, Uuid)>(AssertSqlSafe(sql));
        for org in orgs {
            query = query.bind(org.0);
        }
        let found = query.fetch_all(&mut **tx).await?;
        Ok(found.into_iter().map(|(_, id)| id).collect())
    }
}

impl This {
    async fn delete_case_details(&self, tx: &mut Tx, id: CaseId, kind: CaseKind) -> Result<()> {
        let tables: &[&str] = match kind {
            CaseKind::Trafficking => &["trafficking_case_codes", "trafficking_cases"],
            CaseKind::Criminal => &["criminal_case_parties", "criminal_cases"],
            CaseKind::Migration => &["detention_periods", "migration_cases"],
            CaseKind::Protection => &["protection_extensions", "protection_cases"],
            CaseKind::Citizenship => &["citizenship_cases"],
            CaseKind::Hotline => &["hotline_contacts"],
        };
        for table in tables {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE case_id = $1")))
                .bind(id.0)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    pub(crate) async fn load_case(&self, tx: &mut Tx, id: CaseId) -> Result<Case> {
        let row: Option<CaseRow> = sqlx::query_as(
            "SELECT id, kind, org_id, person_id, reference, opened_on, closed_on, status, created_at, updated_at, version \
             FROM cases WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
        let row = row.ok_or(StoreError::NotFound(CASES.record(id)))?;
        let kind = decode(CaseKind::parse(&row.kind))?;
        let details = self.load_case_details(tx, id, kind).await?;
        Ok(Case {
            id: CaseId(row.id),
            org: OrgId(row.org_id),
            person: row.person_id.map(PersonId),
            reference: row.reference,
            opened_on: row.opened_on,
            closed_on: row.closed_on,
            status: decode(CaseStatus::parse(&row.status))?,
            details,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        })
    }

    async fn load_case_details(&self, tx: &mut Tx, id: CaseId, kind: CaseKind) -> Result<CaseDetails> {
        let missing = || StoreError::Corrupt(format!("the {kind} details of case {id} are missing"));
        Ok(match kind {
            CaseKind::Trafficking => {
                let row: Option<(String, NaiveDate, Option<NaiveDate>, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>)> =
                    sqlx::query_as(
                        "SELECT status, detected_on, identified_on, status_decided_by, forced_labour_industry, \
                         recruiter_relation, recruitment_country, exploitation_country FROM trafficking_cases WHERE case_id = $1",
                    )
                    .bind(id.0)
                    .fetch_optional(&mut **tx)
                    .await?;
                let (
                    status,
                    detected_on,
                    identified_on,
                    decided_by,
                    industry,
                    relation,
                    recruitment_country,
                    exploitation_country,
                ) = row.ok_or_else(missing)?;
                let codes: Vec<(String, String)> = sqlx::query_as(
                    "SELECT list, code FROM trafficking_case_codes WHERE case_id = $1 ORDER BY list, position",
                )
                .bind(id.0)
                .fetch_all(&mut **tx)
                .await?;
                CaseDetails::Trafficking(TraffickingDetails {
                    status: decode(TraffickingStatus::parse(&status))?,
                    detected_on,
                    identified_on,
                    status_decided_by: decode_opt(decided_by.as_deref(), StatusDecisionOrg::parse)?,
                    exploitation: parse_list(&codes, LIST_EXPLOITATION, Exploitation::parse)?,
                    sex_exploitation: parse_list(&codes, LIST_SEX_EXPLOITATION, SexExploitation::parse)?,
                    forced_labour_industry: decode_opt(industry.as_deref(), ForcedLabourIndustry::parse)?,
                    means_of_control: parse_list(&codes, LIST_CONTROL, MeansOfControl::parse)?,
                    recruitment: parse_list(&codes, LIST_RECRUITMENT, RecruitmentMethod::parse)?,
                    recruiter_relation: decode_opt(relation.as_deref(), RecruiterRelation::parse)?,
                    vulnerabilities: parse_list(&codes, LIST_VULNERABILITY, Vulnerability::parse)?,
                    recruitment_country: country(recruitment_country.as_deref())?,
                    transit_countries: parse_list(&codes, LIST_TRANSIT, CountryCode::parse)?,
                    exploitation_country: country(exploitation_country.as_deref())?,
                    ctdc: codes
                        .iter()
                        .filter_map(|(list, value)| {
                            list.strip_prefix(CTDC_LIST_PREFIX).map(|variable| {
                                Ok(CtdcValue {
                                    variable: decode(CtdcVariable::parse(variable))?,
                                    value: value.clone(),
                                })
                            })
                        })
                        .collect::<Result<_>>()?,
                })
            }
            CaseKind::Criminal => {
                let row: Option<(String, NaiveDate, String, NaiveDate, Option<String>, Option<String>)> = sqlx::query_as(
                    "SELECT article, initiated_on, stage, stage_on, partner_country, partner_agency FROM criminal_cases WHERE case_id = $1",
                )
                .bind(id.0)
                .fetch_optional(&mut **tx)
                .await?;
                let (article, initiated_on, stage, stage_on, partner_country, partner_agency) =
                    row.ok_or_else(missing)?;
                let parties: Vec<(Uuid, String)> = sqlx::query_as(
                    "SELECT person_id, role FROM criminal_case_parties WHERE case_id = $1 ORDER BY position",
                )
                .bind(id.0)
                .fetch_all(&mut **tx)
                .await?;
                CaseDetails::Criminal(CriminalDetails {
                    article: decode(CriminalArticle::parse(&article))?,
                    initiated_on,
                    stage: decode(CriminalStage::parse(&stage))?,
                    stage_on,
                    parties: parties
                        .into_iter()
                        .map(|(person, role)| {
                            Ok(CaseParty {
                                person: PersonId(person),
                                role: decode(PartyRole::parse(&role))?,
                            })
                        })
                        .collect::<Result<_>>()?,
                    foreign_partner: match (country(partner_country.as_deref())?, partner_agency) {
                        (Some(country), Some(agency)) => Some(ForeignPartner { country, agency }),
                        _ => None,
                    },
                })
            }
            CaseKind::Migration => {
                let row: Option<(
                    NaiveDate,
                    Option<String>,
                    String,
                    Option<String>,
                    Option<NaiveDate>,
                    Option<NaiveDate>,
                    Option<String>,
                )> = sqlx::query_as(
                    "SELECT detected_on, detected_in, grounds, decision, decided_on, executed_on, destination \
                         FROM migration_cases WHERE case_id = $1",
                )
                .bind(id.0)
                .fetch_optional(&mut **tx)
                .await?;
                let (detected_on, detected_in, grounds, decision, decided_on, executed_on, destination) =
                    row.ok_or_else(missing)?;
                let periods: Vec<(String, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
                    "SELECT facility, started_on, ended_on FROM detention_periods WHERE case_id = $1 ORDER BY position",
                )
                .bind(id.0)
                .fetch_all(&mut **tx)
                .await?;
                CaseDetails::Migration(MigrationDetails {
                    detected_on,
                    detected_in: decode_opt(detected_in.as_deref(), Region::parse)?,
                    grounds: decode(MigrationGrounds::parse(&grounds))?,
                    detention: periods
                        .into_iter()
                        .map(|(facility, started_on, ended_on)| {
                            Ok(DetentionPeriod {
                                facility: decode(DetentionFacility::parse(&facility))?,
                                started_on,
                                ended_on,
                            })
                        })
                        .collect::<Result<_>>()?,
                    decision: match (decision, decided_on) {
                        (Some(kind), Some(decided_on)) => Some(MigrationDecision {
                            kind: decode(MigrationDecisionKind::parse(&kind))?,
                            decided_on,
                            executed_on,
                            destination: country(destination.as_deref())?,
                        }),
                        _ => None,
                    },
                })
            }
            CaseKind::Protection => {
                let row: Option<(
                    String,
                    NaiveDate,
                    Option<String>,
                    Option<String>,
                    Option<NaiveDate>,
                    Option<NaiveDate>,
                )> = sqlx::query_as(
                    "SELECT form_applied, applied_on, outcome, form_granted, decided_on, valid_until \
                         FROM protection_cases WHERE case_id = $1",
                )
                .bind(id.0)
                .fetch_optional(&mut **tx)
                .await?;
                let (form_applied, applied_on, outcome, form_granted, decided_on, valid_until) =
                    row.ok_or_else(missing)?;
                let extensions: Vec<(NaiveDate, NaiveDate)> = sqlx::query_as(
                    "SELECT decided_on, valid_until FROM protection_extensions WHERE case_id = $1 ORDER BY position",
                )
                .bind(id.0)
                .fetch_all(&mut **tx)
                .await?;
                CaseDetails::Protection(ProtectionDetails {
                    form_applied: decode(ProtectionForm::parse(&form_applied))?,
                    applied_on,
                    decision: match (outcome, decided_on) {
                        (Some(outcome), Some(decided_on)) => Some(ProtectionDecision {
                            outcome: decode(ProtectionOutcome::parse(&outcome))?,
                            form_granted: decode_opt(form_granted.as_deref(), ProtectionForm::parse)?,
                            decided_on,
                            valid_until,
                        }),
                        _ => None,
                    },
                    extensions: extensions
                        .into_iter()
                        .map(|(decided_on, valid_until)| ProtectionExtension {
                            decided_on,
                            valid_until,
                        })
                        .collect(),
                })
            }
            CaseKind::Citizenship => {
                let row: Option<(NaiveDate, Option<String>, Option<NaiveDate>, Option<NaiveDate>)> = sqlx::query_as(
                    "SELECT applied_on, outcome, decided_on, acquired_on FROM citizenship_cases WHERE case_id = $1",
                )
                .bind(id.0)
                .fetch_optional(&mut **tx)
                .await?;
                let (applied_on, outcome, decided_on, acquired_on) = row.ok_or_else(missing)?;
                CaseDetails::Citizenship(CitizenshipDetails {
                    applied_on,
                    decision: match (outcome, decided_on) {
                        (Some(outcome), Some(decided_on)) => Some(CitizenshipDecision {
                            outcome: decode(CitizenshipOutcome::parse(&outcome))?,
                            decided_on,
                        }),
                        _ => None,
                    },
                    acquired_on,
                })
            }
            CaseKind::Hotline => {
                let row: Option<(
                    DateTime<Utc>,
                    String,
                    String,
                    String,
                    Option<String>,
                    Option<Vec<u8>>,
                    Option<Uuid>,
                )> = sqlx::query_as(
                    "SELECT contacted_at, caller, channel, topic, destination_country, advice, referred_to \
                         FROM hotline_contacts WHERE case_id = $1",
                )
                .bind(id.0)
                .fetch_optional(&mut **tx)
                .await?;
                let (contacted_at, caller, channel, topic, destination, advice, referred_to) =
                    row.ok_or_else(missing)?;
                CaseDetails::Hotline(HotlineDetails {
                    contacted_at,
                    caller: decode(CallerType::parse(&caller))?,
                    channel: decode(ContactChannel::parse(&channel))?,
                    topic: decode(HotlineTopic::parse(&topic))?,
                    destination_country: country(destination.as_deref())?,
                    advice: advice
                        .map(|sealed| self.keys().open_str("hotline_contacts", "advice", id.0, &sealed))
                        .transpose()?,
                    referred_to: referred_to.map(OrgId),
                })
            }
        })
    }

    /// The organisations, persons and other records a case names must exist.
    async fn check_case_references(&self, tx: &mut Tx, input: &CaseInput) -> Result<()> {
        require_reference(tx, "org", ORGANISATIONS, input.org.0).await?;
        if let Some(person) = input.person {
            require_reference(tx, "person", PERSONS, person.0).await?;
        }
        match &input.details {
            CaseDetails::Criminal(d) => {
                for (i, party) in d.parties.iter().enumerate() {
                    require_reference(tx, &format!("details.parties[{i}].person"), PERSONS, party.person.0).await?;
                }
            }
            CaseDetails::Hotline(d) => {
                if let Some(org) = d.referred_to {
                    require_reference(tx, "details.referred_to", ORGANISATIONS, org.0).await?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    async fn check_reference_unique(&self, tx: &mut Tx, input: &CaseInput, except: Option<CaseId>) -> Result<()> {
        let other: Option<Uuid> = sqlx::query_scalar("SELECT id FROM cases WHERE org_id = $1 AND reference = $2")
            .bind(input.org.0)
            .bind(&input.reference)
            .fetch_optional(&mut **tx)
            .await?;
        match other {
            Some(id) if Some(CaseId(id)) != except => Err(ValidationErrors::single(
                "reference",
                Problem::Invalid {
                    reason: format!(
                        "'{}' is already the reference of another case of this organisation",
                        input.reference
                    ),
                },
            )
            .into()),
            _ => Ok(()),
        }
    }

    /// Whether the actor may open and change cases of this kind for this organisation.
    async fn check_case_write(&self, tx: &mut Tx, actor: &Actor, kind: CaseKind, org: OrgId) -> Result<()> {
        actor.require(Permission::WriteCase(kind))?;
        if actor.is_system() || self.actor_orgs(tx, actor).await?.contains(&org) {
            Ok(())
        } else {
            Err(ValidationErrors::single(
                "org",
                Problem::Invalid {
                    reason: "cases can only be kept for your own organisation or its units".into(),
                },
            )
            .into())
        }
    }

    /// A case as an actor may see it: free-text notes removed unless they may read them.
    pub(crate) fn masked(case: Case, notes_visible: bool) -> Case {
        let mut case = case;
        if !notes_visible && let CaseDetails::Hotline(d) = &mut case.details {
            d.advice = None;
        }
        case
    }
}

#[async_trait]
impl CaseStore for This {
    async fn open_case(&self, actor: &Actor, input: &CaseInput) -> Result<Case> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        self.check_case_write(&mut tx, actor, input.kind(), input.org).await?;
        self.check_case_references(&mut tx, input).await?;
        self.check_reference_unique(&mut tx, input, None).await?;
        let id = CaseId::new();
        let mut ins = Inserts::default();
        ins.case(self.keys(), actor, id, input);
        ins.flush(&mut tx).await?;
        let case = self.load_case(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            CASES,
            id.0,
            None::<&()>,
            Some(&case.input()),
        )
        .await?;
        self.append_outbox(
            &mut tx,
            case_topic(None, &case),
            &[case.org],
            id.0,
            &case_payload(&case),
        )
        .await?;
        tx.commit().await?;
        Ok(case)
    }

    async fn case(&self, actor: &Actor, id: CaseId) -> Result<Case> {
        let mut tx = self.pool().begin().await?;
        let access = self.case_access(&mut tx, actor, id, false).await?;
        if !access.allows(CaseSection::Details) {
            return Err(StoreError::NotShared(format!(
                "the details of case {id} were not shared with your organisation"
            )));
        }
        let case = self.load_case(&mut tx, id).await?;
        Ok(Self::masked(case, access.allows(CaseSection::Notes)))
    }

    async fn update_case(&self, actor: &Actor, id: CaseId, version: i64, input: &CaseInput) -> Result<Case> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        let before = self.load_case(&mut tx, id).await?;
        self.check_case_write(&mut tx, actor, before.kind(), before.org).await?;
        self.check_case_write(&mut tx, actor, input.kind(), input.org).await?;
        if before.kind() != input.kind() {
            return Err(ValidationErrors::single(
                "details.kind",
                Problem::Invalid {
                    reason: format!("a {} case cannot become a {} case", before.kind(), input.kind()),
                },
            )
            .into());
        }
        self.check_case_references(&mut tx, input).await?;
        self.check_reference_unique(&mut tx, input, Some(id)).await?;
        let updated = sqlx::query(
            "UPDATE cases SET org_id = $1, person_id = $2, reference = $3, opened_on = $4, closed_on = $5, status = $6, \
             updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9",
        )
        .bind(input.org.0)
        .bind(input.person.map(|p| p.0))
        .bind(&input.reference)
        .bind(input.opened_on)
        .bind(input.closed_on)
        .bind(input.status.code())
        .bind(now())
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), CASES, id.0, version).await?;
        self.delete_case_details(&mut tx, id, before.kind()).await?;
        self.delete_stated_events(&mut tx, id, id.0).await?;
        let mut ins = Inserts::default();
        ins.case_details(self.keys(), id, &input.details);
        ins.stated_events(
            actor,
            id,
            input.person,
            input.org,
            EventSource::Case,
            id.0,
            &input.facts(),
        );
        ins.flush(&mut tx).await?;
        // Events recorded by users and by other records follow the case's person and org.
        sqlx::query("UPDATE events SET person_id = $1, org_id = $2 WHERE case_id = $3 AND source = $4")
            .bind(input.person.map(|p| p.0))
            .bind(input.org.0)
            .bind(id.0)
            .bind(EventSource::User.code())
            .execute(&mut *tx)
            .await?;
        let after = self.load_case(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Update,
            CASES,
            id.0,
            Some(&before.input()),
            Some(&after.input()),
        )
        .await?;
        // The organisation that kept the case hears of a move too.
        let mut orgs = vec![after.org];
        if before.org != after.org {
            orgs.push(before.org);
        }
        self.append_outbox(
            &mut tx,
            case_topic(Some(&before), &after),
            &orgs,
            id.0,
            &case_payload(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn cases(&self, actor: &Actor, filter: &CaseFilter) -> Result<Vec<Case>> {
        let mut tx = self.pool().begin().await?;
        let (ids, actor_orgs) = self.listed_case_ids(&mut tx, actor, filter).await?;
        let mut cases = Vec::with_capacity(ids.len());
        for id in ids {
            let access = self
                .case_access_within(&mut tx, actor, &actor_orgs, CaseId(id), false)
                .await?;
            if access.allows(CaseSection::Details) {
                let case = self.load_case(&mut tx, CaseId(id)).await?;
                cases.push(Self::masked(case, access.allows(CaseSection::Notes)));
            }
        }
        Ok(cases)
    }

    async fn case_summaries(&self, actor: &Actor, filter: &CaseFilter) -> Result<Vec<CaseSummary>> {
        let mut tx = self.pool().begin().await?;
        let (ids, actor_orgs) = self.listed_case_ids(&mut tx, actor, filter).await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // One query for the page's cases and one for their referrals, whatever the page's length.
        let list = placeholders(ids.len());
        let mut rows = sqlx::query_as::<_, SummaryRow>(AssertSqlSafe(format!(
            "SELECT id, kind, org_id, person_id, reference, opened_on, closed_on, status, version \
             FROM cases WHERE id IN ({list})"
        )));
        for id in &ids {
            rows = rows.bind(id);
        }
        let mut rows: HashMap<Uuid, SummaryRow> = rows
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|row| (row.id, row))
            .collect();
        let mut referrals = sqlx::query_as::<_, (Uuid, Uuid, String, String)>(AssertSqlSafe(format!(
            "SELECT case_id, to_org, status, sections FROM referrals WHERE case_id IN ({list})"
        )));
        for id in &ids {
            referrals = referrals.bind(id);
        }
        let mut grants: HashMap<Uuid, Vec<ReferralGrant>> = HashMap::new();
        for (case, to_org, status, sections) in referrals.fetch_all(&mut *tx).await? {
            grants
                .entry(case)
                .or_default()
                .push(referral_grant(to_org, &status, &sections)?);
        }
        let mut summaries = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(row) = rows.remove(&id) else { continue };
            let kind = decode(CaseKind::parse(&row.kind))?;
            let scope = CaseScope {
                kind,
                case_org: OrgId(row.org_id),
                actor_orgs: &actor_orgs,
                referrals: grants.get(&id).map_or(&[], Vec::as_slice),
            };
            if case_access(actor, &scope, false)?.allows(CaseSection::Details) {
                summaries.push(CaseSummary {
                    id: CaseId(row.id),
                    org: OrgId(row.org_id),
                    person: row.person_id.map(PersonId),
                    reference: row.reference,
                    kind,
                    opened_on: row.opened_on,
                    closed_on: row.closed_on,
                    status: decode(CaseStatus::parse(&row.status))?,
                    version: row.version,
                });
            }
        }
        Ok(summaries)
    }

    async fn protection_ending(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
        limit: i64,
    ) -> Result<Vec<(Case, NaiveDate)>> {
        actor.require(Permission::ReadCase(CaseKind::Protection))?;
        let mut tx = self.pool().begin().await?;
        // The protection in force ends at the last extension's date, else the decision's.
        let rows: Vec<(Uuid, NaiveDate)> = sqlx::query_as(AssertSqlSafe(format!(
            "WITH RECURSIVE scope(id) AS (SELECT id FROM organisations WHERE id = $1 \
             UNION SELECT o.id FROM organisations o JOIN scope s ON o.parent_id = s.id), \
             ending AS (SELECT c.id, COALESCE((SELECT e.valid_until FROM protection_extensions e \
               WHERE e.case_id = c.id ORDER BY e.position DESC LIMIT 1), p.valid_until) AS until \
               FROM cases c JOIN protection_cases p ON p.case_id = c.id \
               WHERE c.kind = 'protection' AND c.closed_on IS NULL AND ($4 OR c.org_id IN (SELECT id FROM scope))) \
             SELECT id, until FROM ending WHERE until BETWEEN $2 AND $3 ORDER BY until, id {}",
            super::limit(limit.clamp(1, 1000))
        )))
        .bind(actor.org.map(|o| o.0))
        .bind(from)
        .bind(to)
        .bind(actor.is_system())
        .fetch_all(&mut *tx)
        .await?;
        let mut ending = Vec::with_capacity(rows.len());
        let actor_orgs = self.actor_orgs(&mut tx, actor).await?;
        for (id, until) in rows {
            let access = self
                .case_access_within(&mut tx, actor, &actor_orgs, CaseId(id), false)
                .await?;
            if access.allows(CaseSection::Details) {
                let case = self.load_case(&mut tx, CaseId(id)).await?;
                ending.push((Self::masked(case, access.allows(CaseSection::Notes)), until));
            }
        }
        Ok(ending)
    }
}
