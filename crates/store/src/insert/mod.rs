//! New rows are gathered per table and written with multi-row `INSERT` statements, tables in
//! the order their foreign keys need (see `sql/insert.rs` for the writing). A single write
//! and a batch of thousands take the same path; for a batch it turns hundreds of thousands
//! of statements into a few dozen.

mod records;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

pub(crate) use records::*;

/// A column value of any type the schema uses.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Uuid(Option<Uuid>),
    Text(Option<String>),
    Int(Option<i64>),
    Date(Option<NaiveDate>),
    Time(DateTime<Utc>),
    Bytes(Option<Vec<u8>>),
    Bool(bool),
}

macro_rules! value_from {
    ($variant:ident: $($t:ty => $conv:expr),+ $(,)?) => {
        $(impl From<$t> for Value {
            fn from(v: $t) -> Self {
                #[allow(clippy::redundant_closure_call)]
                Value::$variant(($conv)(v))
            }
        })+
    };
}

value_from!(Uuid: Uuid => Some, Option<Uuid> => |v| v);
value_from!(Text: String => Some, &str => |v: &str| Some(v.to_owned()), Option<String> => |v| v, Option<&str> => |v: Option<&str>| v.map(str::to_owned));
value_from!(Int: i64 => Some, Option<i64> => |v| v);
value_from!(Date: NaiveDate => Some, Option<NaiveDate> => |v| v);
value_from!(Time: DateTime<Utc> => |v| v);
value_from!(Bytes: Vec<u8> => Some, Option<Vec<u8>> => |v| v);
value_from!(Bool: bool => |v| v);

/// A row for [`Inserts::push`] from values of any of the types above.
macro_rules! row {
    ($($value:expr),+ $(,)?) => {
        vec![$(::core::convert::Into::<$crate::insert::Value>::into($value)),+]
    };
}
pub(crate) use row;

/// Every table rows are inserted into, parents before children, with its columns.
pub(crate) const TABLES: [(&str, &[&str]); 29] = [
    (
        "organisations",
        &[
            "id",
            "parent_id",
            "name",
            "short_name",
            "kind",
            "region",
            "created_at",
            "updated_at",
            "version",
        ],
    ),
    (
        "persons",
        &[
            "id",
            "code",
            "sex",
            "birth_year",
            "birth_date",
            "registered_by",
            "created_at",
            "updated_at",
            "version",
        ],
    ),
    ("person_citizenships", &["person_id", "country"]),
    (
        "person_names",
        &["id", "person_id", "position", "script", "source", "recorded_by", "name"],
    ),
    (
        "person_documents",
        &[
            "id",
            "person_id",
            "position",
            "kind",
            "issuing_country",
            "number",
            "valid_until",
        ],
    ),
    ("person_contacts", &["id", "person_id", "position", "kind", "value"]),
    ("person_lookup", &["person_id", "kind", "digest"]),
    (
        "funding_allocations",
        &[
            "id",
            "source",
            "donor",
            "recipient_id",
            "purpose",
            "allocated_on",
            "amount_minor",
            "currency",
            "usd_rate",
            "usd_cents",
            "created_at",
            "updated_at",
            "version",
        ],
    ),
    (
        "cases",
        &[
            "id",
            "kind",
            "org_id",
            "person_id",
            "reference",
            "opened_on",
            "closed_on",
            "status",
            "created_at",
            "updated_at",
            "version",
        ],
    ),
    (
        "trafficking_cases",
        &[
            "case_id",
            "status",
            "detected_on",
            "identified_on",
            "status_decided_by",
            "forced_labour_industry",
            "recruiter_relation",
            "recruitment_country",
            "exploitation_country",
        ],
    ),
    ("trafficking_case_codes", &["case_id", "list", "code", "position"]),
    (
        "criminal_cases",
        &[
            "case_id",
            "article",
            "initiated_on",
            "stage",
            "stage_on",
            "partner_country",
            "partner_agency",
        ],
    ),
    ("criminal_case_parties", &["case_id", "person_id", "role", "position"]),
    (
        "migration_cases",
        &[
            "case_id",
            "detected_on",
            "detected_in",
            "grounds",
            "decision",
            "decided_on",
            "executed_on",
            "destination",
        ],
    ),
    (
        "detention_periods",
        &["case_id", "position", "facility", "started_on", "ended_on"],
    ),
    (
        "protection_cases",
        &[
            "case_id",
            "form_applied",
            "applied_on",
            "outcome",
            "form_granted",
            "decided_on",
            "valid_until",
        ],
    ),
    (
        "protection_extensions",
        &["case_id", "position", "decided_on", "valid_until"],
    ),
    (
        "citizenship_cases",
        &["case_id", "applied_on", "outcome", "decided_on", "acquired_on"],
    ),
    (
        "hotline_contacts",
        &[
            "case_id",
            "contacted_at",
            "caller",
            "channel",
            "topic",
            "destination_country",
            "advice",
            "referred_to",
        ],
    ),
    (
        "referrals",
        &[
            "id",
            "case_id",
            "person_id",
            "from_org",
            "to_org",
            "reason",
            "sections",
            "consent_basis",
            "consent_recorded_on",
            "consent_recorded_by",
            "status",
            "sent_on",
            "responded_on",
            "decline_reason",
            "completed_on",
            "created_at",
            "updated_at",
            "version",
        ],
    ),
    (
        "assistance",
        &[
            "id",
            "person_id",
            "case_id",
            "provider_id",
            "kind",
            "delivered_on",
            "cost_minor",
            "currency",
            "funding_id",
            "notes",
            "created_at",
            "updated_at",
            "version",
        ],
    ),
    (
        "events",
        &[
            "id",
            "case_id",
            "person_id",
            "org_id",
            "kind",
            "occurred_on",
            "code",
            "source",
            "source_id",
            "notes",
            "recorded_at",
            "recorded_by",
            "version",
        ],
    ),
    (
        "prevention_activities",
        &[
            "id",
            "org_id",
            "kind",
            "topic",
            "held_on",
            "title",
            "region",
            "audience",
            "created_at",
            "updated_at",
            "version",
        ],
    ),
    (
        "trainings",
        &[
            "id",
            "org_id",
            "title",
            "starts_on",
            "ends_on",
            "created_at",
            "updated_at",
            "version",
        ],
    ),
    ("training_participants", &["training_id", "country", "count"]),
    (
        "cooperation",
        &[
            "id",
            "org_id",
            "kind",
            "counterpart",
            "counterpart_country",
            "subject",
            "case_id",
            "started_on",
            "ended_on",
            "outcome",
            "created_at",
            "updated_at",
            "version",
        ],
    ),
    (
        "surveys",
        &[
            "id",
            "org_id",
            "title",
            "fielded_from",
            "fielded_to",
            "created_at",
            "version",
        ],
    ),
    (
        "survey_answers",
        &["survey_id", "respondent", "sex", "region", "question", "answer"],
    ),
    (
        "import_keys",
        &["kind", "key_digest", "record_id", "row_digest", "imported_at"],
    ),
];

/// Rows waiting to be inserted, by table.
#[derive(Debug)]
pub(crate) struct Inserts {
    /// Queued rows, by position in [`TABLES`].
    pub(crate) rows: Vec<Vec<Vec<Value>>>,
}

impl Default for Inserts {
    fn default() -> Self {
        Self {
            rows: vec![Vec::new(); TABLES.len()],
        }
    }
}

impl Inserts {
    /// Queue a row; its values follow the table's column list above.
    pub(crate) fn push(&mut self, table: &str, row: Vec<Value>) {
        let index = TABLES
            .iter()
            .position(|(name, _)| *name == table)
            .unwrap_or_else(|| panic!("no insert columns are listed for table {table}"));
        assert_eq!(
            row.len(),
            TABLES[index].1.len(),
            "a row of {table} has the wrong number of values"
        );
        self.rows[index].push(row);
    }
}
