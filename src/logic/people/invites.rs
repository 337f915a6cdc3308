//! An invite as the user chose it, checked before it is sent. Which projects the invitee joins
//! is an explicit choice: the API reads an omitted list as "the default project only" and `[]`
//! as "no project", so the form never leaves it to a default.

use crate::logic::guard_rails::input::is_email;
use admin_api::types::{CreateInvite, Invite, InviteProject};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProjectChoice {
    DefaultOnly,
    NoProject,
    /// `(project ID, member|owner)`.
    Chosen(Vec<(String, String)>),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InviteError {
    #[error("{0} is not an email address.")]
    NotAnEmail(String),
    #[error("Choose at least one project, or pick “No project”.")]
    NoProjectChosen,
    #[error("Choose owner or reader.")]
    NoRole,
}

/// The request body for what was chosen.
pub fn body(email: &str, role: &str, choice: &ProjectChoice) -> Result<CreateInvite, InviteError> {
    let email = email.trim();
    if !is_email(email) {
        return Err(InviteError::NotAnEmail(email.to_owned()));
    }
    if !["owner", "reader"].contains(&role) {
        return Err(InviteError::NoRole);
    }
    let projects = match choice {
        ProjectChoice::DefaultOnly => None,
        ProjectChoice::NoProject => Some(Vec::new()),
        ProjectChoice::Chosen(list) if list.is_empty() => return Err(InviteError::NoProjectChosen),
        ProjectChoice::Chosen(list) => Some(
            list.iter()
                .map(|(id, role)| InviteProject {
                    id: id.clone(),
                    role: role.clone(),
                })
                .collect(),
        ),
    };
    Ok(CreateInvite {
        email: email.to_owned(),
        role: role.to_owned(),
        projects,
    })
}

/// After an answer that proves nothing: the invite made, if the list read since shows one for
/// this address that wasn't there before.
pub fn made<'a>(now_listed: &'a [Invite], before: &[String], email: &str) -> Option<&'a Invite> {
    now_listed
        .iter()
        .find(|i| i.email.eq_ignore_ascii_case(email) && !before.contains(&i.id))
}
