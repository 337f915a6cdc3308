#!/usr/bin/env bash
# Installs what building and testing Keyward needs, skipping whatever is already in place.
# Offline-safe: only crates.io, npm, PyPI and Debian apt are used (the README lists each tool and why).
#   scripts/install.sh            everything (build + all tests)
#   scripts/install.sh build      only what `trunk build` needs (the demo)
#   scripts/install.sh bench      everything, and twiggy for the benchmark's size breakdown
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# wasm-bindgen-cli must equal the wasm-bindgen version in Cargo.lock.
wbg_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q '0.21.14'; then
  say "installing trunk 0.21.14 (cold: ~8 min)"
  cargo install trunk --version 0.21.14 --locked
fi

if ! leptosfmt --version 2>/dev/null | grep -q '0.1.33'; then
  say "installing leptosfmt 0.1.33, the view! formatter (cold: ~1.5 min)"
  cargo install leptosfmt --version 0.1.33 --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg_version"; then
  say "installing wasm-bindgen-cli $wbg_version (cold: ~2.5 min)"
  # Not --locked: its lockfile wants a crate version the registry lacks (seen on this project's machines).
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages from package-lock.json (binaryen 132, playwright-core)"
  npm ci --no-audit --no-fund
fi

[ "$what" = "build" ] && exit 0

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || [ ! -x /usr/bin/firefox-esr ]; then
  say "installing Debian chromium, chromium-driver and firefox-esr (~2 min)"
  if [ "$(id -u)" = 0 ]; then sudo_=""; else sudo_="sudo"; fi
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium chromium-driver firefox-esr >/dev/null
fi

if ! geckodriver --version 2>/dev/null | grep -q '^geckodriver 0.37.1'; then
  say "installing geckodriver 0.37.1 (cold: ~2 min)"
  cargo install geckodriver --version 0.37.1
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import openai, jsonschema, yaml; assert openai.__version__ == "3.54.0"' 2>/dev/null; then
  say "installing the conformance tools in .venv (openai 3.54.0, jsonschema, PyYAML)"
  python3 -m venv .venv
  .venv/bin/pip install -q -r conformance/requirements.txt
fi
if [ "$what" = "bench" ] && ! twiggy --version 2>/dev/null | grep -q '0.8.0'; then
  say "installing twiggy 0.8.0, the wasm size profiler (cold: ~2 min)"
  cargo install twiggy --version 0.8.0 --locked
fi
say "all tools in place"
