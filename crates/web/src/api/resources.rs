//! The record kinds of the API, each the store calls behind its four actions. Authorisation
//! is the store's (the domain's rules); a route's row in the table only turns away those whose
//! roles could never pass.

use async_trait::async_trait;
use haven_domain::assistance::{Assistance as AssistanceRecord, AssistanceInput};
use haven_domain::case::{Case, CaseInput, CaseKind};
use haven_domain::cooperation::{Cooperation as CooperationRecord, CooperationInput};
use haven_domain::event::{Event, NewEvent};
use haven_domain::funding::{Funding as FundingRecord, FundingInput};
use haven_domain::ids::{
    AssistanceId, CaseId, CooperationId, EventId, FundingId, PersonId, PreventionId, ReferralId, TrainingId,
};
use haven_domain::person::{Identity, NewPerson, Person};
use haven_domain::prevention::{PreventionActivity, PreventionInput};
use haven_domain::referral::{NewReferral, Referral, ReferralResponse, ReferralStatus};
use haven_domain::training::{Training, TrainingInput};
use haven_store::{CaseFilter, Page};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::pages::persons::identity_if_allowed;

/// One record kind of the API.
#[async_trait]
pub(crate) trait Resource: Send + Sync + 'static {
    /// The path of its collection: `/api/v1/{COLLECTION}`.
    const COLLECTION: &'static str;
    /// What the kind is called in the document.
    const NAME: &'static str;
    /// What a creation sends.
    type Input: DeserializeOwned + JsonSchema + Send + Sync;
    /// What an update sends.
    type Change: DeserializeOwned + JsonSchema + Send + Sync;
    /// What a read, a creation and an update answer.
    type Record: Serialize + JsonSchema + Send + Sync;
    /// What a list holds.
    type Item: Serialize + JsonSchema + Send;
    /// The list's filters, from the query string.
    type Filter: DeserializeOwned + JsonSchema + Send + Sync;

    fn id(record: &Self::Record) -> Uuid;
    fn version(record: &Self::Record) -> i64;

    async fn create(state: &AppState, viewer: &Viewer, input: &Self::Input) -> Result<Self::Record, WebError>;
    async fn read(state: &AppState, viewer: &Viewer, id: Uuid) -> Result<Self::Record, WebError>;
    async fn update(
        state: &AppState,
        viewer: &Viewer,
        id: Uuid,
        version: i64,
        change: &Self::Change,
    ) -> Result<Self::Record, WebError>;
    async fn list(
        state: &AppState,
        viewer: &Viewer,
        filter: &Self::Filter,
        page: Page,
    ) -> Result<Vec<Self::Item>, WebError>;
}

/// Something done with the [`Resource`] of a collection, whichever it is.
pub(crate) trait ForResource {
    type Output;
    fn visit<R: Resource>(self) -> Self::Output;
}

/// Does `visitor` with the record kind of a collection (`cases`); `None` for an unknown one.
pub(crate) fn with_resource<V: ForResource>(collection: &str, visitor: V) -> Option<V::Output> {
    Some(match collection {
        "persons" => visitor.visit::<Persons>(),
        "cases" => visitor.visit::<Cases>(),
        "events" => visitor.visit::<Events>(),
        "referrals" => visitor.visit::<Referrals>(),
        "assistance" => visitor.visit::<Assistance>(),
        "prevention" => visitor.visit::<Prevention>(),
        "trainings" => visitor.visit::<Trainings>(),
        "funding" => visitor.visit::<Funding>(),
        "cooperation" => visitor.visit::<Cooperation>(),
        _ => return None,
    })
}

/// The collection an API path is under, and whether the path names one of its records:
/// `/api/v1/cases/{case}` is `("cases", true)`.
pub(crate) fn collection_of(path: &str) -> (&str, bool) {
    let rest = path.trim_start_matches("/api/v1/");
    rest.split_once('/')
        .map_or((rest, false), |(collection, _)| (collection, true))
}

/// The records of one page, for lists the store answers whole (one case's timeline, one
/// person's assistance): they are short, so paging them here costs nothing.
fn page_of<T>(records: Vec<T>, page: Page) -> Vec<T> {
    let (limit, offset) = page.bounds();
    records
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .collect()
}

/// No filters.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub(crate) struct NoFilter {}

/// A person: the pseudonymous record, and the identity where the rules open it (each opening
/// audited); `identity` is null where they do not. `shown_as` names the person this record was
/// merged into (a reviewer decided they are one person), null while it stands on its own.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct PersonView {
    person: Person,
    identity: Option<Identity>,
    shown_as: Option<PersonId>,
}

/// A search for persons: by a name in any spelling or script, or by a document number. One of
/// the two is required: the API lists no one who was not asked for.
#[derive(Debug, Deserialize, JsonSchema)]
pub(crate) struct PersonSearch {
    #[schemars(length(min = 1, max = 200))]
    name: Option<String>,
    #[schemars(length(min = 1, max = 200))]
    document: Option<String>,
}

pub(crate) struct Persons;

impl Persons {
    async fn view(state: &AppState, viewer: &Viewer, person: Person) -> Result<PersonView, WebError> {
        let identity = identity_if_allowed(state, viewer, person.id).await?;
        let shown_as = state.store.shown_as(&viewer.actor, person.id).await?;
        Ok(PersonView {
            shown_as: (shown_as != person.id).then_some(shown_as),
            person,
            identity,
        })
    }
}

#[async_trait]
impl Resource for Persons {
    const COLLECTION: &'static str = "persons";
    const NAME: &'static str = "Person";
    type Input = NewPerson;
    type Change = NewPerson;
    type Record = PersonView;
    type Item = Person;
    type Filter = PersonSearch;

    fn id(record: &PersonView) -> Uuid {
        record.person.id.0
    }
    fn version(record: &PersonView) -> i64 {
        record.person.version
    }

    async fn create(state: &AppState, viewer: &Viewer, input: &NewPerson) -> Result<PersonView, WebError> {
        let person = state.store.create_person(&viewer.actor, input).await?;
        Self::view(state, viewer, person).await
    }
    async fn read(state: &AppState, viewer: &Viewer, id: Uuid) -> Result<PersonView, WebError> {
        let person = state.store.person(&viewer.actor, PersonId(id)).await?;
        Self::view(state, viewer, person).await
    }
    async fn update(
        state: &AppState,
        viewer: &Viewer,
        id: Uuid,
        version: i64,
        change: &NewPerson,
    ) -> Result<PersonView, WebError> {
        let person = state
            .store
            .update_person(&viewer.actor, PersonId(id), version, change)
            .await?;
        Self::view(state, viewer, person).await
    }
    async fn list(
        state: &AppState,
        viewer: &Viewer,
        filter: &PersonSearch,
        page: Page,
    ) -> Result<Vec<Person>, WebError> {
        Ok(match (filter.name.as_deref(), filter.document.as_deref()) {
            (Some(name), None) => state.store.find_by_name(&viewer.actor, name, page).await?,
            (None, Some(number)) => state.store.find_by_document(&viewer.actor, number, page).await?,
            _ => {
                return Err(WebError::new(
                    axum::http::StatusCode::BAD_REQUEST,
                    "Search by name or by document: give exactly one of the two.",
                ));
            }
        })
    }
}

/// Which case files to list.
#[derive(Debug, Deserialize, JsonSchema)]
pub(crate) struct CaseQuery {
    /// Only cases of this kind.
    kind: Option<CaseKind>,
    /// Only the cases of this person.
    person: Option<PersonId>,
}

pub(crate) struct Cases;

#[async_trait]
impl Resource for Cases {
    const COLLECTION: &'static str = "cases";
    const NAME: &'static str = "Case";
    type Input = CaseInput;
    type Change = CaseInput;
    type Record = Case;
    type Item = Case;
    type Filter = CaseQuery;

    fn id(record: &Case) -> Uuid {
        record.id.0
    }
    fn version(record: &Case) -> i64 {
        record.version
    }

    async fn create(state: &AppState, viewer: &Viewer, input: &CaseInput) -> Result<Case, WebError> {
        Ok(state.store.open_case(&viewer.actor, input).await?)
    }
    async fn read(state: &AppState, viewer: &Viewer, id: Uuid) -> Result<Case, WebError> {
        Ok(state.store.case(&viewer.actor, CaseId(id)).await?)
    }
    async fn update(
        state: &AppState,
        viewer: &Viewer,
        id: Uuid,
        version: i64,
        change: &CaseInput,
    ) -> Result<Case, WebError> {
        Ok(state
            .store
            .update_case(&viewer.actor, CaseId(id), version, change)
            .await?)
    }
    async fn list(state: &AppState, viewer: &Viewer, filter: &CaseQuery, page: Page) -> Result<Vec<Case>, WebError> {
        let (limit, offset) = page.bounds();
        let filter = CaseFilter {
            kind: filter.kind,
            person: filter.person,
            limit,
            offset,
        };
        Ok(state.store.cases(&viewer.actor, &filter).await?)
    }
}

/// The timeline of one case.
#[derive(Debug, Deserialize, JsonSchema)]
pub(crate) struct EventQuery {
    case: CaseId,
}

pub(crate) struct Events;

#[async_trait]
impl Resource for Events {
    const COLLECTION: &'static str = "events";
    const NAME: &'static str = "Event";
    type Input = NewEvent;
    type Change = NewEvent;
    type Record = Event;
    type Item = Event;
    type Filter = EventQuery;

    fn id(record: &Event) -> Uuid {
        record.id.0
    }
    fn version(record: &Event) -> i64 {
        record.version
    }

    async fn create(state: &AppState, viewer: &Viewer, input: &NewEvent) -> Result<Event, WebError> {
        Ok(state.store.record_event(&viewer.actor, input).await?)
    }
    async fn read(state: &AppState, viewer: &Viewer, id: Uuid) -> Result<Event, WebError> {
        Ok(state.store.event(&viewer.actor, EventId(id)).await?)
    }
    async fn update(
        state: &AppState,
        viewer: &Viewer,
        id: Uuid,
        version: i64,
        change: &NewEvent,
    ) -> Result<Event, WebError> {
        Ok(state
            .store
            .update_event(&viewer.actor, EventId(id), version, change)
            .await?)
    }
    async fn list(state: &AppState, viewer: &Viewer, filter: &EventQuery, page: Page) -> Result<Vec<Event>, WebError> {
        Ok(page_of(state.store.timeline(&viewer.actor, filter.case).await?, page))
    }
}

/// Referrals received by the user's organisation.
#[derive(Debug, Deserialize, JsonSchema)]
pub(crate) struct ReferralQuery {
    /// Only referrals in this state.
    status: Option<ReferralStatus>,
}

pub(crate) struct Referrals;

#[async_trait]
impl Resource for Referrals {
    const COLLECTION: &'static str = "referrals";
    const NAME: &'static str = "Referral";
    type Input = NewReferral;
    /// The receiving organisation's step: accept, decline or complete.
    type Change = ReferralResponse;
    type Record = Referral;
    type Item = Referral;
    type Filter = ReferralQuery;

    fn id(record: &Referral) -> Uuid {
        record.id.0
    }
    fn version(record: &Referral) -> i64 {
        record.version
    }

    async fn create(state: &AppState, viewer: &Viewer, input: &NewReferral) -> Result<Referral, WebError> {
        Ok(state.store.send_referral(&viewer.actor, input).await?)
    }
    async fn read(state: &AppState, viewer: &Viewer, id: Uuid) -> Result<Referral, WebError> {
        Ok(state.store.referral(&viewer.actor, ReferralId(id)).await?)
    }
    async fn update(
        state: &AppState,
        viewer: &Viewer,
        id: Uuid,
        version: i64,
        change: &ReferralResponse,
    ) -> Result<Referral, WebError> {
        Ok(state
            .store
            .respond_to_referral(&viewer.actor, ReferralId(id), version, change)
            .await?)
    }
    async fn list(
        state: &AppState,
        viewer: &Viewer,
        filter: &ReferralQuery,
        page: Page,
    ) -> Result<Vec<Referral>, WebError> {
        Ok(state
            .store
            .incoming_referrals(&viewer.actor, filter.status, page)
            .await?)
    }
}

/// The assistance delivered to one person.
#[derive(Debug, Deserialize, JsonSchema)]
pub(crate) struct AssistanceQuery {
    person: PersonId,
}

pub(crate) struct Assistance;

#[async_trait]
impl Resource for Assistance {
    const COLLECTION: &'static str = "assistance";
    const NAME: &'static str = "Assistance";
    type Input = AssistanceInput;
    type Change = AssistanceInput;
    type Record = AssistanceRecord;
    type Item = AssistanceRecord;
    type Filter = AssistanceQuery;

    fn id(record: &AssistanceRecord) -> Uuid {
        record.id.0
    }
    fn version(record: &AssistanceRecord) -> i64 {
        record.version
    }

    async fn create(state: &AppState, viewer: &Viewer, input: &AssistanceInput) -> Result<AssistanceRecord, WebError> {
        Ok(state.store.record_assistance(&viewer.actor, input).await?)
    }
    async fn read(state: &AppState, viewer: &Viewer, id: Uuid) -> Result<AssistanceRecord, WebError> {
        Ok(state.store.assistance(&viewer.actor, AssistanceId(id)).await?)
    }
    async fn update(
        state: &AppState,
        viewer: &Viewer,
        id: Uuid,
        version: i64,
        change: &AssistanceInput,
    ) -> Result<AssistanceRecord, WebError> {
        Ok(state
            .store
            .update_assistance(&viewer.actor, AssistanceId(id), version, change)
            .await?)
    }
    async fn list(
        state: &AppState,
        viewer: &Viewer,
        filter: &AssistanceQuery,
        page: Page,
    ) -> Result<Vec<AssistanceRecord>, WebError> {
        Ok(page_of(
            state.store.assistance_for_person(&viewer.actor, filter.person).await?,
            page,
        ))
    }
}

/// The activity kinds (prevention, trainings, funding, cooperation) have the same four store
/// calls, named after the kind, and no filters: their lists are newest first.
macro_rules! activity_resource {
    ($kind:ident, $collection:literal, $name:literal, $input:ty, $record:ty, $id:ident,
     $create:ident, $read:ident, $update:ident, $recent:ident) => {
        pub(crate) struct $kind;

        #[async_trait]
        impl Resource for $kind {
            const COLLECTION: &'static str = $collection;
            const NAME: &'static str = $name;
            type Input = $input;
            type Change = $input;
            type Record = $record;
            type Item = $record;
            type Filter = NoFilter;

            fn id(record: &$record) -> Uuid {
                record.id.0
            }
            fn version(record: &$record) -> i64 {
                record.version
            }

            async fn create(state: &AppState, viewer: &Viewer, input: &$input) -> Result<$record, WebError> {
                Ok(state.store.$create(&viewer.actor, input).await?)
            }
            async fn read(state: &AppState, viewer: &Viewer, id: Uuid) -> Result<$record, WebError> {
                Ok(state.store.$read(&viewer.actor, $id(id)).await?)
            }
            async fn update(
                state: &AppState,
                viewer: &Viewer,
                id: Uuid,
                version: i64,
                change: &$input,
            ) -> Result<$record, WebError> {
                Ok(state
                    .store
                    .$update(&viewer.actor, $id(id), version, change)
                    .await?)
            }
            async fn list(
                state: &AppState,
                viewer: &Viewer,
                _: &NoFilter,
                page: Page,
            ) -> Result<Vec<$record>, WebError> {
                Ok(state.store.$recent(&viewer.actor, page).await?)
            }
        }
    };
}

activity_resource!(
    Prevention,
    "prevention",
    "PreventionActivity",
    PreventionInput,
    PreventionActivity,
    PreventionId,
    create_prevention,
    prevention,
    update_prevention,
    recent_prevention
);
activity_resource!(
    Trainings,
    "trainings",
    "Training",
    TrainingInput,
    Training,
    TrainingId,
    create_training,
    training,
    update_training,
    recent_trainings
);
activity_resource!(
    Funding,
    "funding",
    "Funding",
    FundingInput,
    FundingRecord,
    FundingId,
    create_funding,
    funding,
    update_funding,
    recent_funding
);
activity_resource!(
    Cooperation,
    "cooperation",
    "Cooperation",
    CooperationInput,
    CooperationRecord,
    CooperationId,
    create_cooperation,
    cooperation,
    update_cooperation,
    recent_cooperation
);
