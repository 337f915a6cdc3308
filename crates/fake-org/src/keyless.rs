//! Keyless sign-in's state: workload identity providers and their federation rules, each with
//! its sequence number (list order and cursors).

use admin_api::types::{FederationRule, WorkloadIdentityProvider};

#[derive(Clone, Debug, Default)]
pub(crate) struct Keyless {
    pub providers: Vec<(WorkloadIdentityProvider, u64)>,
    pub rules: Vec<(FederationRule, u64)>,
}
