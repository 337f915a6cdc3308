//! `keyward-emulator`: the Admin API emulator. Run with `--help` for the flags.

use fake_org::{GenSpec, Org};
use mock_server::faults::{Fault, FaultConfig};
use mock_server::{State, serve, unix_now};
use std::sync::{Arc, Mutex};

const HELP: &str = "keyward-emulator: an OpenAI Admin API emulator on 127.0.0.1

  --port N                 port (default 8787; 0 picks a free one)
  --admin-key KEY          the admin key it accepts (default sk-admin-keyward-emulator-0000)
  --read-only-key KEY      also accept this key for reads only (missing api.management.write)
  --seed N                 organization seed (default 7)
  --projects N             projects besides the default one (default 12)
  --keys-per-project N     keys in every project (default: varies 0..40)
  --latency-ms N           added to every response
  --fault-rate F           fraction 0..1 of requests that fail
  --faults a,b,…           rate_limited, rate_limited_bare, internal500, bad_gateway_html,
                           unavailable503, malformed, truncated, drop_before, drop_after
  --rps N                  requests per second before 429
  --refuse-sa-key-delete   answer 400 to DELETE of a service-account key (the spec's rule)
  --no-expose-retry-after  hide retry-after and x-ratelimit-* from browsers (as CORS may on
                           the real API)
  --audit-logging-off      the organization never turned audit logging on (403)

Control at run time: POST /__control with the JSON of GET /__control; GET /__requests;
POST /__last_used {project_id, key_id, last_used_at} moves a key's reported last use only.";

fn main() {
    let mut args = std::env::args().skip(1);
    let mut port = 8787u16;
    let mut key = "sk-admin-keyward-emulator-0000".to_owned();
    let mut read_only = None;
    let mut spec = GenSpec {
        now: unix_now(),
        ..GenSpec::default()
    };
    let mut config = FaultConfig::default();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| fail(&format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--port" => port = value().parse().unwrap_or_else(|_| fail("--port: a number")),
            "--admin-key" => key = value(),
            "--read-only-key" => read_only = Some(value()),
            "--seed" => spec.seed = value().parse().unwrap_or_else(|_| fail("--seed: a number")),
            "--projects" => {
                spec.projects = value()
                    .parse()
                    .unwrap_or_else(|_| fail("--projects: a number"))
            }
            "--keys-per-project" => {
                spec.keys_per_project = Some(
                    value()
                        .parse()
                        .unwrap_or_else(|_| fail("--keys-per-project: a number")),
                )
            }
            "--latency-ms" => {
                config.latency_ms = value()
                    .parse()
                    .unwrap_or_else(|_| fail("--latency-ms: a number"))
            }
            "--fault-rate" => {
                config.fault_rate = value()
                    .parse()
                    .unwrap_or_else(|_| fail("--fault-rate: 0..1"))
            }
            "--faults" => {
                config.faults = value()
                    .split(',')
                    .map(|f| {
                        serde_json::from_value::<Fault>(serde_json::Value::String(f.trim().into()))
                            .unwrap_or_else(|_| fail(&format!("unknown fault {f}")))
                    })
                    .collect()
            }
            "--rps" => config.rps = value().parse().unwrap_or_else(|_| fail("--rps: a number")),
            "--refuse-sa-key-delete" => config.refuse_service_account_key_delete = true,
            "--no-expose-retry-after" => config.expose_retry_after = false,
            "--audit-logging-off" => config.audit_logging_disabled = true,
            "-h" | "--help" => {
                println!("{HELP}");
                return;
            }
            other => fail(&format!("unknown flag {other}")),
        }
    }
    let mut org = Org::generate(key.clone(), &spec);
    org.read_only_key = read_only;
    org.options.refuse_service_account_key_delete = config.refuse_service_account_key_delete;
    org.options.audit_logging_disabled = config.audit_logging_disabled;
    let keys = org.key_count();
    let state = Arc::new(Mutex::new(State::new(org, config, spec.seed)));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let (addr, handle) = serve(([127, 0, 0, 1], port).into(), state)
            .await
            .unwrap_or_else(|e| fail(&format!("cannot listen on port {port}: {e}")));
        println!(
            "Keyward emulator: http://{addr}/v1  ({} projects, {keys} keys)",
            spec.projects + 1
        );
        println!("Admin key: {key}");
        let _ = handle.await;
    });
}

fn fail(msg: &str) -> ! {
    eprintln!("keyward-emulator: {msg}\n\n{HELP}");
    std::process::exit(2)
}
