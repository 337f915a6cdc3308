//! One write of people and access, sent once, with its outcome proven: a refusal shows the
//! API's reason where the user is; an answer that proves nothing (timeout, network, 5xx) is
//! settled by reading back before anything is said; either way what it touched is read again.

use crate::components::common::Write;
use crate::logic::guard_rails::bulk::{Outcome, outcome_of};
use crate::session::cache::Topic;
use crate::session::{Session, use_session};
use crate::state::{AppState, ToastKind, use_app};
use admin_api::ApiError;
use leptos::prelude::*;
use std::future::Future;

/// What a write says when it is done, refused or unsettled.
pub struct Checked {
    /// The toast once it is proven done.
    pub done: String,
    /// Where a refusal's reason is shown.
    pub error: RwSignal<Option<String>>,
    /// What it touched.
    pub topics: Vec<Topic>,
    /// Runs once it is proven done (closes the form).
    pub then: Callback<()>,
}

/// Made where the view is created (it takes the app and the session from context there), used
/// from its handlers.
#[derive(Clone, Copy)]
pub struct Checker {
    app: AppState,
    session: Session,
}

impl Checker {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            app: use_app(),
            session: use_session(),
        }
    }

    /// Sends `write` once through `send` (a double click sends once). `check` reads back:
    /// `Ok(true)` when the change is in place.
    pub fn send<T, W, C>(self, send: Write<T>, write: W, check: C, said: Checked)
    where
        T: 'static,
        W: Future<Output = Result<T, ApiError>> + 'static,
        C: Future<Output = Result<bool, ApiError>> + 'static,
    {
        let Self { app, session } = self;
        let Checked {
            done,
            error,
            topics,
            then,
        } = said;
        send.run(write, move |answer| {
            let e = match answer {
                Ok(_) => {
                    app.toast(ToastKind::Success, done);
                    session.invalidate(topics);
                    then.run(());
                    return;
                }
                Err(e) => e,
            };
            if let Outcome::Refused(why) = outcome_of(&e) {
                error.try_set(Some(why));
                return;
            }
            leptos::task::spawn_local(async move {
                match check.await {
                    Ok(true) => {
                        app.toast(ToastKind::Success, done);
                        then.run(());
                    }
                    Ok(false) => {
                        error.try_set(Some(format!(
                            "Not done: {} Reading back shows nothing changed.",
                            e.summary()
                        )));
                    }
                    Err(_) => app.toast(
                        ToastKind::Warning,
                        format!(
                            "The answer was lost ({}): the list shows whether it was done.",
                            e.kind.title()
                        ),
                    ),
                }
                session.invalidate(topics);
            });
        });
    }
}
