#!/usr/bin/env bash
# Installs what the build needs, builds the release dist/, and serves the demo on
# http://127.0.0.1:8080/#/demo (Ctrl-C to stop). PORT=… to change the port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh build
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
trunk build --release --offline
port="${PORT:-8080}"
echo
echo "Keyward demo: http://127.0.0.1:$port/#/demo"
echo "(the real app, connecting to the API, is at http://127.0.0.1:$port/)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
