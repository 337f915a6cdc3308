#!/usr/bin/env bash
# Runs every test Keyward has, after installing whatever is missing (scripts/install.sh).
# Layers: formatting and clippy; native cargo tests; conformance against the official spec and
# SDK; wasm-bindgen tests in headless Chromium; Playwright end-to-end against the release dist/.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh || { echo "install failed"; exit 1; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=never

# Everything the run leaves in the temp dir (browser profiles, Chromium's scoped dirs, logs) goes
# in one directory that is removed at the end: leaked profiles once filled a machine's disk.
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/keyward-test.XXXXXX")
trap 'rm -rf "$run_tmp"' EXIT
export TMPDIR="$run_tmp"
# A clean checkout gains nothing from incremental caches, which are most of a debug target/.
[ "${CI:-}" = "true" ] && export CARGO_INCREMENTAL=0
free_gb=$(df -Pk . | awk 'NR==2 {print int($4 / 1048576)}')
echo "disk: ${free_gb} GB free here (a clean run needs about 4 GB)"

passed=0; failed=0; failures=(); timings=()
started=$SECONDS
step() {
  local name="$1"; shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  local t0=$SECONDS result
  if "$@"; then passed=$((passed + 1)); result=ok
  else failed=$((failed + 1)); failures+=("$name"); result=FAILED; fi
  echo "-- $name: $result ($((SECONDS - t0)) s)"
  timings+=("$(printf '%6d s  %-7s %s' "$((SECONDS - t0))" "$result" "$name")")
}

step "rustfmt" cargo fmt --all -- --check
# view! macros: leptosfmt after rustfmt (run `cargo fmt --all && leptosfmt src` to fix).
step "leptosfmt (view! macros)" leptosfmt --check --quiet src
no_long_lines() {
  local long; long=$(find src crates -name '*.rs' -not -path '*/target/*' -exec awk 'length > 120 {print FILENAME":"FNR}' {} +)
  [ -z "$long" ] || { echo "lines over 120 columns:"; echo "$long"; return 1; }
}
step "no line over 120 columns" no_long_lines
step "clippy (native, all targets)" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "clippy (release wasm build)" cargo clippy --release --target wasm32-unknown-unknown -p keyward -p keyward-demo --quiet -- -D warnings
step "native tests" cargo test --workspace --quiet
conformance() {
  cargo build -p mock-server --quiet || return 1
  local log; log=$(mktemp)
  ./target/debug/keyward-emulator --port 0 --admin-key sk-admin-conformance-0000 >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 50); do grep -q '^Keyward emulator' "$log" && break; sleep 0.1; done
  local base; base=$(sed -n 's/^Keyward emulator: \(http[^ ]*\).*/\1/p' "$log")
  .venv/bin/python conformance/check.py "$base" sk-admin-conformance-0000 conformance/openapi.yaml
  local rc=$?
  kill "$pid" 2>/dev/null
  return $rc
}
step "conformance (spec schemas + official Python SDK)" conformance
# The runner picks the first driver it finds on PATH (geckodriver first): name each one.
step "browser tests (wasm-bindgen-test, headless Chromium)" \
  env CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p keyward --test browser
step "browser tests (wasm-bindgen-test, headless Firefox ESR)" \
  env GECKODRIVER="$HOME/.cargo/bin/geckodriver" cargo test --target wasm32-unknown-unknown -p keyward --test browser
step "release build (trunk)" trunk build --release --offline
step "end-to-end (Playwright in Chromium; WebDriver in Firefox ESR)" node --test --test-concurrency=1 e2e/
echo
echo "Time per step:"
printf '%s\n' "${timings[@]}"
printf '%6d s  all steps\n' "$((SECONDS - started))"
printf '%6d s  in all, with the install check\n' "$SECONDS"
echo
if [ "$failed" -gt 0 ]; then printf 'failed: %s\n' "${failures[@]}"; fi
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
