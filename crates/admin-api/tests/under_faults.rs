//! The client against the HTTP emulator with 30 % of responses faulted.

mod common;
use admin_api::*;
use common::*;
use fake_org::{GenSpec, Org};
use mock_server::faults::FaultConfig;
use mock_server::{State, spawn_background};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Fast backoff for tests; more retries than the default, as a long scan wants.
fn patient() -> RetryPolicy {
    RetryPolicy {
        max_retries: 8,
        initial_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(1),
    }
}

fn emulator(seed: u64) -> (Arc<Mutex<State>>, Client<Http>) {
    let org = Org::generate(
        KEY,
        &GenSpec {
            seed,
            projects: 19,
            keys_per_project: Some(25),
            now: NOW,
        },
    );
    let config = FaultConfig {
        fault_rate: 0.3,
        ..FaultConfig::default()
    };
    let state = Arc::new(Mutex::new(State::new(org, config, seed)));
    let base = spawn_background(state.clone());
    (
        state,
        Client::new(Http::new(), &base, AdminKey::new_unchecked(KEY)).with_retry(patient()),
    )
}

#[test]
fn scan_of_500_keys_returns_each_exactly_once() {
    let (state, c) = emulator(21);
    let any = KeyListQuery {
        owner_project_access: Some("any".into()),
        limit: Some(10),
    };
    let projects = block_on(c.all_projects(true)).expect("projects despite faults");
    assert_eq!(projects.len(), 20);
    let mut seen = Vec::new();
    for p in &projects {
        let keys = block_on(c.all_api_keys(&p.id, &any, |_| {})).expect("keys despite faults");
        seen.extend(keys.into_iter().map(|k| k.id));
    }
    assert_eq!(seen.len(), 500);
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        500,
        "no key twice"
    );
    let s = state.lock().unwrap();
    let faulted = s.log.iter().filter(|l| l.fault.is_some()).count();
    assert!(
        faulted * 100 / s.log.len() >= 20,
        "faults were injected: {faulted}/{}",
        s.log.len()
    );
}

#[test]
fn hundred_revokes_report_the_truth() {
    let (state, c) = emulator(33);
    let targets: Vec<(String, String)> = {
        let s = state.lock().unwrap();
        s.org
            .project_ids()
            .iter()
            .skip(1)
            .take(4)
            .flat_map(|p| s.org.key_ids(p).into_iter().map(move |k| (p.clone(), k)))
            .collect()
    };
    assert_eq!(targets.len(), 100);
    let before: usize = state.lock().unwrap().org.key_count();
    let exists = |p: &str, k: &str| state.lock().unwrap().org.key_ids(p).iter().any(|x| x == k);

    let mut tallies = [0usize; 4];
    let mut pending = Vec::new();
    for (p, k) in &targets {
        let outcome = block_on(c.revoke_api_key(p, k));
        // Each reported outcome matches the organization's real state.
        match &outcome {
            RevokeOutcome::Revoked => {
                tallies[0] += 1;
                assert!(!exists(p, k), "reported revoked but exists")
            }
            RevokeOutcome::AlreadyGone => {
                tallies[1] += 1;
                assert!(!exists(p, k), "reported gone but exists")
            }
            RevokeOutcome::NotRevoked(_) => {
                tallies[2] += 1;
                assert!(exists(p, k), "reported not revoked but gone");
                pending.push((p, k))
            }
            RevokeOutcome::Unknown(_) => {
                tallies[3] += 1;
                pending.push((p, k))
            }
        }
    }
    assert!(
        tallies[2] + tallies[3] > 0,
        "faults hit some DELETEs: {tallies:?}"
    );
    assert!(tallies[1] > 0 || tallies[3] > 0 || tallies[2] > 0);
    // Trying again revokes the rest; nothing else is touched.
    for _ in 0..20 {
        pending.retain(|(p, k)| !block_on(c.revoke_api_key(p, k)).is_gone());
        if pending.is_empty() {
            break;
        }
    }
    assert!(pending.is_empty(), "{} keys never revoked", pending.len());
    let s = state.lock().unwrap();
    assert_eq!(s.org.key_count(), before - 100, "exactly those 100 keys");
    for (p, k) in &targets {
        assert!(!s.org.key_ids(p).contains(k));
    }
    // DELETEs are never retried by the client: one per revoke call.
    let deletes = s.log.iter().filter(|l| l.method == "DELETE").count();
    let calls = 100 + tallies[2] + tallies[3];
    assert!(
        deletes >= calls,
        "{deletes} DELETEs for at least {calls} calls"
    );
    eprintln!(
        "outcomes on first try: revoked {}, already gone {}, not revoked {}, unknown {}; DELETEs sent {deletes}",
        tallies[0], tallies[1], tallies[2], tallies[3]
    );
}

#[test]
fn each_fault_maps_to_a_clear_error_without_retries() {
    use mock_server::faults::Fault;
    let org = Org::generate(
        KEY,
        &GenSpec {
            seed: 5,
            projects: 1,
            keys_per_project: Some(2),
            now: NOW,
        },
    );
    let state = Arc::new(Mutex::new(State::new(org, FaultConfig::default(), 5)));
    let base = spawn_background(state.clone());
    let c = Client::new(Http::new(), &base, AdminKey::new_unchecked(KEY)).with_retry(RetryPolicy {
        max_retries: 0,
        ..patient()
    });
    for (fault, kind) in [
        (Fault::RateLimited, ErrorKind::RateLimited),
        (Fault::RateLimitedBare, ErrorKind::RateLimited),
        (Fault::Internal500, ErrorKind::Server),
        (Fault::BadGatewayHtml, ErrorKind::Server),
        (Fault::Unavailable503, ErrorKind::Server),
        (Fault::Malformed, ErrorKind::Malformed),
        (Fault::Truncated, ErrorKind::Malformed),
        (Fault::DropBefore, ErrorKind::Network),
    ] {
        state.lock().unwrap().config = FaultConfig {
            fault_rate: 1.0,
            faults: vec![fault],
            ..FaultConfig::default()
        };
        let e = block_on(c.all_projects(false)).unwrap_err();
        assert_eq!(e.kind, kind, "{fault:?}: {e}");
        assert!(!e.message.is_empty());
    }
    // retry-after is read when present.
    state.lock().unwrap().config = FaultConfig {
        fault_rate: 1.0,
        faults: vec![Fault::RateLimited],
        ..FaultConfig::default()
    };
    let e = block_on(c.all_projects(false)).unwrap_err();
    assert_eq!(e.retry_after, Some(Duration::from_millis(20)));
    // With retries, a transient fault is invisible.
    state.lock().unwrap().config = FaultConfig {
        fault_rate: 0.5,
        faults: vec![Fault::Unavailable503],
        ..FaultConfig::default()
    };
    let c = Client::new(Http::new(), &base, AdminKey::new_unchecked(KEY)).with_retry(patient());
    for _ in 0..5 {
        assert_eq!(block_on(c.all_projects(false)).unwrap().len(), 2);
    }
}

#[test]
fn cors_preflight_allows_authorization() {
    let org = Org::generate(
        KEY,
        &GenSpec {
            seed: 5,
            projects: 1,
            keys_per_project: Some(1),
            now: NOW,
        },
    );
    let base = spawn_background(Arc::new(Mutex::new(State::new(
        org,
        FaultConfig::default(),
        5,
    ))));
    let resp = ureq::request("OPTIONS", &format!("{base}/organization/projects"))
        .set("Origin", "http://127.0.0.1:8080")
        .set("Access-Control-Request-Method", "GET")
        .set("Access-Control-Request-Headers", "authorization")
        .call()
        .unwrap();
    assert_eq!(resp.status(), 204);
    assert_eq!(resp.header("access-control-allow-origin"), Some("*"));
    assert!(
        resp.header("access-control-allow-headers")
            .unwrap()
            .contains("authorization")
    );
    assert!(
        resp.header("access-control-allow-methods")
            .unwrap()
            .contains("DELETE")
    );
}

#[test]
fn bulk_revoke_touches_exactly_the_chosen_keys_and_stops_when_told() {
    let (state, c) = emulator(41);
    // Every third key is left out of the chosen list.
    let (mut targets, mut others) = (Vec::new(), Vec::new());
    {
        let s = state.lock().unwrap();
        for p in s.org.project_ids().iter().skip(1).take(2) {
            for k in s.org.key_ids(p) {
                let list = if (targets.len() + others.len()) % 3 == 0 {
                    &mut others
                } else {
                    &mut targets
                };
                list.push((p.clone(), k));
            }
        }
    }
    state.lock().unwrap().log.clear();
    let mut outcomes = Vec::new();
    let attempted = block_on(c.revoke_many(&targets, 4, |_| true, |i, o| outcomes.push((i, o))));
    assert_eq!(attempted, targets.len());
    outcomes.sort_by_key(|(i, _)| *i);
    assert_eq!(
        outcomes.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        (0..targets.len()).collect::<Vec<_>>(),
        "one report per key"
    );
    let s = state.lock().unwrap();
    let deleted: Vec<&str> = s
        .log
        .iter()
        .filter(|l| l.method == "DELETE")
        .map(|l| l.path.as_str())
        .collect();
    assert_eq!(deleted.len(), targets.len(), "one DELETE per attempted key");
    for (p, k) in &others {
        assert!(
            !deleted.iter().any(|d| d.ends_with(&format!("/{k}"))),
            "a DELETE for an unchosen key"
        );
        assert!(s.org.key_ids(p).contains(k), "an unchosen key is gone");
    }
    for ((p, k), (_, o)) in targets.iter().zip(&outcomes) {
        let exists = s.org.key_ids(p).contains(k);
        match o {
            RevokeOutcome::Revoked | RevokeOutcome::AlreadyGone => assert!(!exists),
            RevokeOutcome::NotRevoked(_) => assert!(exists),
            RevokeOutcome::Unknown(_) => {}
        }
    }
    drop(s);

    // Stop after the third: the rest are not attempted, and no DELETE goes out for them.
    let (state, c) = emulator(42);
    let targets: Vec<(String, String)> = {
        let s = state.lock().unwrap();
        let p = s.org.project_ids()[1].clone();
        s.org
            .key_ids(&p)
            .into_iter()
            .map(|k| (p.clone(), k))
            .collect()
    };
    assert!(targets.len() > 4);
    state.lock().unwrap().log.clear();
    let done = std::cell::Cell::new(0);
    let attempted = block_on(c.revoke_many(
        &targets,
        1,
        |_| done.get() < 3,
        |_, _| done.set(done.get() + 1),
    ));
    assert_eq!(attempted, 3);
    let deletes = state
        .lock()
        .unwrap()
        .log
        .iter()
        .filter(|l| l.method == "DELETE")
        .count();
    assert_eq!(deletes, 3);
}

#[test]
fn concurrent_scan_under_faults_finds_every_key_once_and_marks_what_failed() {
    let (state, c) = emulator(51);
    // Fewer retries than the patient default, so some listings do fail part-way.
    let c = c.with_retry(RetryPolicy {
        max_retries: 1,
        ..patient()
    });
    let projects: Vec<String> = block_on(c.all_projects(true))
        .or_else(|_| block_on(c.all_projects(true)))
        .or_else(|_| block_on(c.all_projects(true)))
        .expect("projects")
        .into_iter()
        .map(|p| p.id)
        .collect();
    let any = KeyListQuery {
        owner_project_access: Some("any".into()),
        limit: Some(10),
    };
    let mut found: std::collections::HashMap<String, Listing<admin_api::types::ProjectApiKey>> =
        Default::default();
    let mut queue = projects.clone().into_iter();
    block_on(c.scan_keys(
        || queue.next(),
        &any,
        6,
        || false,
        |id, listing| {
            assert!(
                found.insert(id.to_owned(), listing).is_none(),
                "one report per project"
            );
        },
    ));
    assert_eq!(found.len(), projects.len(), "no project dropped out");
    let failed = found.values().filter(|l| !l.is_complete()).count();
    // Retry only the parts that failed, from where each stopped, until all are complete.
    for _ in 0..20 {
        let pending: Vec<String> = found
            .iter()
            .filter(|(_, l)| l.error.is_some())
            .map(|(id, _)| id.clone())
            .collect();
        if pending.is_empty() {
            break;
        }
        for id in pending {
            let l = found.get_mut(&id).unwrap();
            let resume = l.resume.clone().unwrap_or(None);
            if l.resume.is_none() {
                l.items.clear();
            }
            let more = block_on(c.list_keys_from(&id, &any, resume));
            l.items.extend(more.items);
            l.error = more.error;
            l.resume = more.resume;
        }
    }
    let s = state.lock().unwrap();
    let mut seen = HashSet::new();
    for (id, l) in &found {
        assert!(l.is_complete(), "{id} still incomplete");
        let truth: HashSet<String> = s.org.key_ids(id).into_iter().collect();
        let got: Vec<&String> = l.items.iter().map(|k| &k.id).collect();
        assert_eq!(got.len(), truth.len(), "{id}: every key, none twice");
        for k in got {
            assert!(truth.contains(k) && seen.insert(k.clone()), "{k}");
        }
    }
    eprintln!(
        "scan under 30% faults: {} projects, {} incomplete on the first pass, {} keys",
        projects.len(),
        failed,
        seen.len()
    );
}

#[test]
fn a_429_slows_every_request_of_the_client() {
    let org = Org::generate(
        KEY,
        &GenSpec {
            seed: 3,
            projects: 3,
            keys_per_project: Some(5),
            now: NOW,
        },
    );
    let state = Arc::new(Mutex::new(State::new(
        org,
        FaultConfig {
            fault_rate: 1.0,
            faults: vec![mock_server::faults::Fault::RateLimited],
            ..FaultConfig::default()
        },
        3,
    )));
    let base = spawn_background(state.clone());
    let c = Client::new(Http::new(), &base, AdminKey::new_unchecked(KEY)).with_retry(patient());
    assert_eq!(c.pace(), Duration::ZERO);
    let _ = block_on(c.list_projects(false, 10, None));
    // The emulator asked for 20 ms; every later request of this client now waits first.
    assert_eq!(c.pace(), Duration::from_millis(20));
    state.lock().unwrap().config = FaultConfig::default();
    block_on(c.list_projects(false, 10, None)).expect("after the limit");
    assert_eq!(c.pace(), Duration::from_millis(10), "a success halves it");
    block_on(c.list_projects(false, 10, None)).unwrap();
    assert_eq!(c.pace(), Duration::ZERO);
}

#[test]
fn a_bulk_revoke_under_a_rate_limit_reads_the_window_and_meets_no_429() {
    let org = Org::generate(
        KEY,
        &GenSpec {
            seed: 8,
            projects: 2,
            keys_per_project: Some(45),
            now: NOW,
        },
    );
    let state = Arc::new(Mutex::new(State::new(
        org,
        FaultConfig {
            rps: 20,
            expose_retry_after: true,
            ..FaultConfig::default()
        },
        8,
    )));
    let base = spawn_background(state.clone());
    let c = Client::new(Http::new(), &base, AdminKey::new_unchecked(KEY)).with_retry(patient());
    let targets: Vec<(String, String)> = {
        let s = state.lock().unwrap();
        s.org
            .project_ids()
            .iter()
            .flat_map(|p| s.org.key_ids(p).into_iter().map(move |k| (p.clone(), k)))
            .take(50)
            .collect()
    };
    assert_eq!(targets.len(), 50);
    let mut outcomes = Vec::new();
    let t0 = std::time::Instant::now();
    block_on(c.revoke_many(&targets, 4, |_| true, |i, o| outcomes.push((i, o))));
    let s = state.lock().unwrap();
    let limited = s.log.iter().filter(|l| l.status == 429).count();
    assert_eq!(limited, 0, "the client kept inside the window");
    assert!(outcomes.iter().all(|(_, o)| *o == RevokeOutcome::Revoked));
    // 50 DELETEs at 20 a second need at least two window turns.
    assert!(
        t0.elapsed() >= Duration::from_millis(1900),
        "{:?}",
        t0.elapsed()
    );
}
