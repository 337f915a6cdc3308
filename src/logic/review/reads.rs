//! What the Review read beyond what the session holds already, kept by the session
//! (`work::review` reads it, and tells whether it is current).

use super::Known;
use crate::logic::admin_keys::Current;
use crate::logic::keyless::KeylessData;
use admin_api::types::{AdminApiKey, Certificate, Invite, OrganizationUser};
use std::sync::Arc;

/// The Review's own reads, each what the API answered or why it could not.
#[derive(Clone, Debug)]
pub struct Reads {
    pub admin_keys: Known<Vec<AdminApiKey>>,
    /// Per admin key: whether it is this session's.
    pub this_session: Vec<Current>,
    pub users: Known<Vec<OrganizationUser>>,
    pub invites: Known<Vec<Invite>>,
    pub certificates: Known<Vec<Certificate>>,
    pub keyless: Known<KeylessData>,
}

impl Reads {
    /// One of its reads failed (a 5xx, a timeout): reading again may do better.
    pub fn any_failed(&self) -> bool {
        self.admin_keys.is_err()
            || self.users.is_err()
            || self.invites.is_err()
            || self.certificates.is_err()
            || self.keyless.is_err()
    }
}

#[derive(Clone, Debug, Default)]
pub struct ReviewState {
    pub reads: Option<Arc<Reads>>,
    /// The topics' versions the reads were made at.
    pub versions: Vec<u32>,
    pub running: bool,
}
