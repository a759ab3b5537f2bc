//! Referrals between organisations: sent from a case page only with a recorded consent (or a
//! legal exception), then accepted, declined with a reason, or completed by the receiver.
//! The store applies the rules (who may send, who may answer, which sections open); these
//! handlers read the forms and show the refusals beside the fields.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use haven_domain::access::Permission;
use haven_domain::assistance::{AssistanceInput, AssistanceKind};
use haven_domain::event::{EventKind, NewEvent};
use haven_domain::ids::{CaseId, OrgId, ReferralId};
use haven_domain::referral::{
    CaseSection, Consent, ConsentBasis, NewReferral, Referral, ReferralReason, ReferralResponse, ReferralStatus,
};
use haven_domain::{Problem, ValidationErrors};
use haven_store::StoreError;
use uuid::Uuid;

use super::cases::{CaseForms, case_page};
use super::{Chrome, all_organisation_names, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::forms::{Fields, Form, parse_org, same_names};

/// The case page again, with the form as typed and its problems, answered 422.
async fn case_with_problems(
    state: &AppState,
    viewer: &Viewer,
    case: CaseId,
    forms: CaseForms,
) -> Result<Response, WebError> {
    let page = case_page(state, viewer, case, forms).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Put a store refusal beside the fields, or pass other failures on.
fn absorb(
    viewer: &Viewer,
    form: &mut Form,
    error: StoreError,
    field_of: &dyn Fn(&str) -> Option<&'static str>,
) -> Result<(), WebError> {
    match error {
        StoreError::Invalid(errors) => {
            form.absorb(viewer.tr, &errors, field_of);
            Ok(())
        }
        StoreError::Refused(reason) => {
            form.refuse_form(reason);
            Ok(())
        }
        other => Err(other.into()),
    }
}

fn referral_field(path: &str) -> Option<&'static str> {
    match path {
        "to_org" => Some("to_org"),
        "reason" => Some("reason"),
        "sections" => Some("sections"),
        "consent" | "consent.basis" => Some("consent_basis"),
        "consent.recorded_on" => Some("consent_on"),
        "sent_on" => Some("sent_on"),
        _ => None,
    }
}

#[tracing::instrument(skip_all)]
pub(crate) async fn send(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(case): Path<Uuid>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let case = CaseId(case);
    let mut form = Form::new(fields);
    let to_org = form.code(tr, "to_org", parse_org);
    let reason = form.code(tr, "reason", ReferralReason::parse);
    let sections = form.codes(tr, "sections", CaseSection::parse);
    let basis = form
        .optional_code(tr, "consent_basis", ConsentBasis::parse)
        .ok()
        .flatten();
    let consent_on = form.date(tr, "consent_on");
    let sent_on = form.date(tr, "sent_on");
    if let (Some(to_org), Some(reason), Some(sent_on), false) = (to_org, reason, sent_on, form.has_errors()) {
        // No basis chosen: no consent recorded, which the domain refuses by name.
        let consent = basis.zip(consent_on).map(|(basis, recorded_on)| Consent {
            basis,
            recorded_on,
            recorded_by: Some(viewer.user.id),
        });
        let input = NewReferral {
            case,
            to_org,
            reason,
            sections,
            consent,
            sent_on,
        };
        match state.store.send_referral(&viewer.actor, &input).await {
            Ok(referral) => return Ok(Redirect::to(&format!("/referrals/{}", referral.id.0)).into_response()),
            Err(error) => absorb(&viewer, &mut form, error, &referral_field)?,
        }
    }
    let forms = CaseForms {
        referral: Some(form),
        ..CaseForms::default()
    };
    case_with_problems(&state, &viewer, case, forms).await
}

#[derive(Template)]
#[template(path = "referral.html")]
struct ReferralPage {
    chrome: Chrome,
    referral: Referral,
    from: String,
    to: String,
    /// What the viewer may do next: accept/decline, or complete.
    may_answer: bool,
    may_complete: bool,
    form: Form,
}

async fn referral_page(
    state: &AppState,
    viewer: &Viewer,
    id: ReferralId,
    form: Form,
) -> Result<Html<String>, WebError> {
    let referral = state.store.referral(&viewer.actor, id).await?;
    let names = all_organisation_names(state).await?;
    let name = |org: &OrgId| names.get(org).cloned().unwrap_or_default();
    let receiver = viewer.actor.may(Permission::RespondReferral)
        && state
            .store
            .organisation_tree(viewer.user.org)
            .await?
            .contains(&referral.to_org);
    render(&ReferralPage {
        chrome: Chrome::new(viewer, "referral-title", format!("/referrals/{}", id.0)),
        from: name(&referral.from_org),
        to: name(&referral.to_org),
        may_answer: receiver && referral.status == ReferralStatus::Sent,
        may_complete: receiver && referral.status == ReferralStatus::Accepted,
        referral,
        form,
    })
}

#[tracing::instrument(skip_all)]
pub(crate) async fn page(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
) -> Result<Html<String>, WebError> {
    let today = haven_store::today().to_string();
    referral_page(&state, &viewer, ReferralId(id), Form::new(vec![("on".into(), today)])).await
}

fn response_field(path: &str) -> Option<&'static str> {
    match path {
        "decline_reason" | "reason" => Some("reason"),
        "responded_on" | "completed_on" | "on" => Some("on"),
        _ => None,
    }
}

/// Accept, decline (with a reason) or complete: the button pressed says which.
#[tracing::instrument(skip_all)]
pub(crate) async fn respond(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let id = ReferralId(id);
    let mut form = Form::new(fields);
    let on = form.date(tr, "on");
    let version = form.version(tr);
    let response = match (form.value("action"), on) {
        ("accept", Some(on)) => Some(ReferralResponse::Accept { on }),
        ("complete", Some(on)) => Some(ReferralResponse::Complete { on }),
        ("decline", Some(on)) => {
            let reason = form.optional_text("reason");
            if reason.is_none() {
                form.absorb(
                    tr,
                    &ValidationErrors::single("reason", Problem::Required),
                    response_field,
                );
            }
            reason.map(|reason| ReferralResponse::Decline { on, reason })
        }
        (_, Some(_)) => {
            return Err(WebError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "action: choose accept, decline or complete",
            ));
        }
        (_, None) => None,
    };
    if let (Some(response), Some(version), false) = (response, version, form.has_errors()) {
        match state
            .store
            .respond_to_referral(&viewer.actor, id, version, &response)
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/referrals/{}", id.0)).into_response()),
            Err(e @ StoreError::Conflict { .. }) => {
                form.refuse_form(tr.t("conflict"));
                tracing::debug!(error = %e, "stale referral answer");
            }
            Err(error) => absorb(&viewer, &mut form, error, &response_field)?,
        }
    }
    let page = referral_page(&state, &viewer, id, form).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Assistance delivered to the person of a case, by the user's organisation.
#[tracing::instrument(skip_all)]
pub(crate) async fn record_assistance(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(case): Path<Uuid>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let case_id = CaseId(case);
    let mut form = Form::new(fields);
    let kind = form.code(tr, "kind", AssistanceKind::parse);
    let delivered_on = form.date(tr, "delivered_on");
    let case = state.store.case(&viewer.actor, case_id).await?;
    let Some(person) = case.person else {
        return Err(WebError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "This case has no person to record assistance for.",
        ));
    };
    if let (Some(kind), Some(delivered_on), false) = (kind, delivered_on, form.has_errors()) {
        let input = AssistanceInput {
            person,
            case: Some(case_id),
            provider: viewer.user.org,
            kind,
            delivered_on,
            cost: None,
            funding: None,
            notes: form.optional_text("notes"),
        };
        match state.store.record_assistance(&viewer.actor, &input).await {
            Ok(_) => return Ok(Redirect::to(&format!("/cases/{}", case_id.0)).into_response()),
            Err(error) => absorb(
                &viewer,
                &mut form,
                error,
                &same_names(&["kind", "delivered_on", "notes"]),
            )?,
        }
    }
    let forms = CaseForms {
        assistance: Some(form),
        ..CaseForms::default()
    };
    case_with_problems(&state, &viewer, case_id, forms).await
}

/// A note, an interview or a hearing on a case's timeline.
#[tracing::instrument(skip_all)]
pub(crate) async fn record_event(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(case): Path<Uuid>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let case = CaseId(case);
    let mut form = Form::new(fields);
    let kind = form.code(tr, "kind", |code| {
        EventKind::parse(code).and_then(|kind| {
            if EventKind::RECORDED_BY_USERS.contains(&kind) {
                Ok(kind)
            } else {
                Err(Problem::UnknownCode {
                    list: "event recorded by users",
                    value: code.to_owned(),
                })
            }
        })
    });
    let occurred_on = form.date(tr, "occurred_on");
    if let (Some(kind), Some(occurred_on), false) = (kind, occurred_on, form.has_errors()) {
        let input = NewEvent {
            case,
            kind,
            occurred_on,
            notes: form.optional_text("notes"),
        };
        match state.store.record_event(&viewer.actor, &input).await {
            Ok(_) => return Ok(Redirect::to(&format!("/cases/{}", case.0)).into_response()),
            Err(error) => absorb(
                &viewer,
                &mut form,
                error,
                &same_names(&["kind", "occurred_on", "notes"]),
            )?,
        }
    }
    let forms = CaseForms {
        event: Some(form),
        ..CaseForms::default()
    };
    case_with_problems(&state, &viewer, case, forms).await
}
