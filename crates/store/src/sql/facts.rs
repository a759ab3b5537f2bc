//! Facts for statistics: every record reduced to who, where, when and its codes, read in one
//! snapshot and streamed to the caller. No sealed column is read here.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::TryStreamExt;
use haven_domain::access::{Actor, Permission};
use haven_domain::facts::{CodeFact, FactRow, FactSink, FactTable, OrgFact, PersonFact};
use haven_domain::ids::{OrgId, PersonId};
use haven_domain::merge::shown_as;
use haven_domain::org::Region;
use haven_domain::person::Sex;
use sqlx::{AssertSqlSafe, Row};
use uuid::Uuid;

use super::linkage::merge_edges;
use super::{This, Tx, decode, decode_opt};
use crate::{FactStore, Result};

/// The leading columns every fact query selects, in this order, before the table's coded
/// attributes (see [`FactTable::describe`]).
const RECORD: usize = 0;
const PERSON: usize = 1;
const ORG: usize = 2;
const COUNTERPART: usize = 3;
const DATE: usize = 4;
const OTHER_DATE: usize = 5;
const AMOUNT: usize = 6;
const FIRST_ATTRIBUTE: usize = 7;

/// The query that reads one fact table. Placeholder columns are typed NULLs so that both
/// engines report the same column types.
fn fact_query(table: FactTable) -> &'static str {
    match table {
        FactTable::Cases => {
            "SELECT c.id, c.person_id, c.org_id, CAST(NULL AS UUID), c.opened_on, c.closed_on, CAST(NULL AS BIGINT), \
             c.kind, c.status FROM cases c"
        }
        FactTable::Trafficking => {
            "SELECT c.id, c.person_id, c.org_id, CAST(NULL AS UUID), x.detected_on, x.identified_on, CAST(NULL AS BIGINT), \
             x.status, x.exploitation_country, x.recruitment_country, x.forced_labour_industry, x.recruiter_relation, \
             x.status_decided_by FROM trafficking_cases x JOIN cases c ON c.id = x.case_id"
        }
        FactTable::CriminalCases => {
            "SELECT c.id, c.person_id, c.org_id, CAST(NULL AS UUID), x.initiated_on, x.stage_on, CAST(NULL AS BIGINT), \
             x.article, x.stage, x.partner_country FROM criminal_cases x JOIN cases c ON c.id = x.case_id"
        }
        FactTable::CriminalParties => {
            "SELECT c.id, p.person_id, c.org_id, CAST(NULL AS UUID), x.initiated_on, x.stage_on, CAST(NULL AS BIGINT), \
             p.role, x.article, x.stage FROM criminal_case_parties p JOIN criminal_cases x ON x.case_id = p.case_id \
             JOIN cases c ON c.id = p.case_id"
        }
        FactTable::Migration => {
            "SELECT c.id, c.person_id, c.org_id, CAST(NULL AS UUID), x.detected_on, x.executed_on, CAST(NULL AS BIGINT), \
             x.detected_in, x.grounds, x.decision, x.destination FROM migration_cases x JOIN cases c ON c.id = x.case_id"
        }
        FactTable::Detention => {
            "SELECT c.id, c.person_id, c.org_id, CAST(NULL AS UUID), x.started_on, x.ended_on, CAST(NULL AS BIGINT), \
             x.facility FROM detention_periods x JOIN cases c ON c.id = x.case_id"
        }
        FactTable::Protection => {
            "SELECT c.id, c.person_id, c.org_id, CAST(NULL AS UUID), x.applied_on, x.decided_on, CAST(NULL AS BIGINT), \
             x.form_applied, x.outcome, x.form_granted FROM protection_cases x JOIN cases c ON c.id = x.case_id"
        }
        FactTable::ProtectionExtensions => {
            "SELECT c.id, c.person_id, c.org_id, CAST(NULL AS UUID), x.decided_on, x.valid_until, CAST(NULL AS BIGINT), \
             p.form_granted FROM protection_extensions x JOIN protection_cases p ON p.case_id = x.case_id \
             JOIN cases c ON c.id = x.case_id"
        }
        FactTable::Citizenship => {
            "SELECT c.id, c.person_id, c.org_id, CAST(NULL AS UUID), x.applied_on, x.acquired_on, CAST(NULL AS BIGINT), \
             x.outcome FROM citizenship_cases x JOIN cases c ON c.id = x.case_id"
        }
        FactTable::Hotline => {
            "SELECT c.id, c.person_id, c.org_id, x.referred_to, x.contacted_at, CAST(NULL AS DATE), CAST(NULL AS BIGINT), \
             x.caller, x.channel, x.topic, x.destination_country FROM hotline_contacts x JOIN cases c ON c.id = x.case_id"
        }
        FactTable::Referrals => {
            "SELECT id, person_id, from_org, to_org, sent_on, responded_on, CAST(NULL AS BIGINT), \
             status, reason, consent_basis FROM referrals"
        }
        FactTable::Assistance => {
            "SELECT id, person_id, provider_id, CAST(NULL AS UUID), delivered_on, CAST(NULL AS DATE), cost_minor, \
             kind, currency FROM assistance"
        }
        FactTable::Funding => {
            "SELECT id, CAST(NULL AS UUID), recipient_id, CAST(NULL AS UUID), allocated_on, CAST(NULL AS DATE), usd_cents, \
             source, purpose, currency, donor FROM funding_allocations"
        }
        FactTable::Prevention => {
            "SELECT id, CAST(NULL AS UUID), org_id, CAST(NULL AS UUID), held_on, CAST(NULL AS DATE), audience, \
             kind, topic, region FROM prevention_activities"
        }
        FactTable::Trainings => {
            "SELECT t.id, CAST(NULL AS UUID), t.org_id, CAST(NULL AS UUID), t.starts_on, t.ends_on, \
             CAST((SELECT SUM(p.count) FROM training_participants p WHERE p.training_id = t.id) AS BIGINT) \
             FROM trainings t"
        }
        FactTable::Cooperation => {
            "SELECT id, CAST(NULL AS UUID), org_id, CAST(NULL AS UUID), started_on, ended_on, CAST(NULL AS BIGINT), \
             kind, counterpart_country, outcome FROM cooperation"
        }
        FactTable::SurveyAnswers => {
            "SELECT s.id, CAST(NULL AS UUID), s.org_id, CAST(NULL AS UUID), s.fielded_from, s.fielded_to, \
             CAST(NULL AS BIGINT), a.question, a.answer, a.sex, a.region \
             FROM survey_answers a JOIN surveys s ON s.id = a.survey_id"
        }
        FactTable::Events => {
            "SELECT id, person_id, org_id, CAST(NULL AS UUID), occurred_on, CAST(NULL AS DATE), CAST(NULL AS BIGINT), \
             kind, code FROM events"
        }
    }
}

/// The multi-valued codes of a table's records, if it has any.
fn code_query(table: FactTable) -> Option<&'static str> {
    match table {
        FactTable::Trafficking => Some("SELECT case_id, list, code FROM trafficking_case_codes"),
        _ => None,
    }
}

impl This {
    async fn read_organisation_facts(&self, tx: &mut Tx, sink: &mut dyn FactSink) -> Result<()> {
        let rows: Vec<(Uuid, Option<Uuid>, String, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT id, parent_id, name, short_name, region FROM organisations")
                .fetch_all(&mut **tx)
                .await?;
        for (id, parent, name, short_name, region) in rows {
            sink.organisation(OrgFact {
                id: OrgId(id),
                parent: parent.map(OrgId),
                name,
                short_name,
                region: decode_opt(region.as_deref(), Region::parse)?,
            });
        }
        Ok(())
    }

    /// Persons with their citizenships: one row per citizenship, grouped by person. A record
    /// merged into another is not a person of its own: only the record it is shown as counts.
    async fn read_person_facts(
        &self,
        tx: &mut Tx,
        merged: &HashMap<PersonId, PersonId>,
        sink: &mut dyn FactSink,
    ) -> Result<()> {
        let mut rows = sqlx::query_as::<_, (Uuid, String, String, Option<i64>, Option<String>)>(
            "SELECT p.id, p.code, p.sex, p.birth_year, pc.country FROM persons p \
             LEFT JOIN person_citizenships pc ON pc.person_id = p.id ORDER BY p.id",
        )
        .fetch(&mut **tx);
        let mut current: Option<PersonFact> = None;
        while let Some((id, code, sex, birth_year, country)) = rows.try_next().await? {
            if merged.contains_key(&PersonId(id)) {
                continue;
            }
            if current.as_ref().is_none_or(|p| p.id.0 != id) {
                if let Some(done) = current.take() {
                    sink.person(done);
                }
                current = Some(PersonFact {
                    id: PersonId(id),
                    code,
                    sex: decode(Sex::parse(&sex))?,
                    birth_year: birth_year.map(|y| y as i32),
                    citizenships: Vec::new(),
                });
            }
            if let (Some(person), Some(country)) = (current.as_mut(), country) {
                person.citizenships.push(country);
            }
        }
        if let Some(done) = current {
            sink.person(done);
        }
        Ok(())
    }

    /// A table's facts, each about the person its record is shown as (see `merge`).
    async fn read_table_facts(
        &self,
        tx: &mut Tx,
        table: FactTable,
        merged: &HashMap<PersonId, PersonId>,
        sink: &mut dyn FactSink,
    ) -> Result<()> {
        let attributes = table.describe().attributes.len();
        {
            let mut rows = sqlx::query(fact_query(table)).fetch(&mut **tx);
            while let Some(row) = rows.try_next().await? {
                let date = if table == FactTable::Hotline {
                    row.try_get::<DateTime<Utc>, _>(DATE)?.date_naive()
                } else {
                    row.try_get::<NaiveDate, _>(DATE)?
                };
                let fact = FactRow {
                    record: row.try_get(RECORD)?,
                    person: row
                        .try_get::<Option<Uuid>, _>(PERSON)?
                        .map(|id| shown_as(merged, PersonId(id))),
                    org: row.try_get::<Option<Uuid>, _>(ORG)?.map(OrgId),
                    counterpart: row.try_get::<Option<Uuid>, _>(COUNTERPART)?.map(OrgId),
                    date,
                    other_date: row.try_get(OTHER_DATE)?,
                    amount: row.try_get(AMOUNT)?,
                    attributes: (FIRST_ATTRIBUTE..FIRST_ATTRIBUTE + attributes)
                        .map(|i| row.try_get::<Option<String>, _>(i))
                        .collect::<std::result::Result<_, _>>()?,
                };
                sink.row(table, fact);
            }
        }
        if let Some(query) = code_query(table) {
            let mut rows = sqlx::query_as::<_, (Uuid, String, String)>(AssertSqlSafe(query)).fetch(&mut **tx);
            while let Some((record, list, code)) = rows.try_next().await? {
                sink.code(table, CodeFact { record, list, code });
            }
        }
        Ok(())
    }
}

#[async_trait]
impl FactStore for This {
    async fn read_facts(
        &self,
        actor: &Actor,
        persons: bool,
        tables: &[FactTable],
        sink: &mut dyn FactSink,
    ) -> Result<()> {
        actor.require(Permission::ReadStatistics)?;
        // One snapshot for everything, so that a figure and its breakdown never disagree
        // because a write landed between two reads.
        let mut tx = self.begin_snapshot().await?;
        self.read_organisation_facts(&mut tx, sink).await?;
        // Two records merged into one person count once.
        let merged = merge_edges(&mut tx).await?;
        if persons {
            self.read_person_facts(&mut tx, &merged, sink).await?;
        }
        for table in tables {
            self.read_table_facts(&mut tx, *table, &merged, sink).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
