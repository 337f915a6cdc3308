#!/usr/bin/env bash
# Builds the release dist/ and zips it for the Chrome Web Store and Firefox Add-ons:
#   target/keyward-extension-<version>.zip
# then lints it with Firefox's web-ext (npm), which must report no errors.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh build
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
trunk build --release --offline
version=$(python3 -c 'import json; print(json.load(open("manifest.json"))["version"])')
out="target/keyward-extension-$version.zip"
python3 scripts/zip-extension.py dist "$out"
# Linted as shipped: the zip's own files, unpacked.
lint=$(mktemp -d)
trap 'rm -rf "$lint"' EXIT
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$out" "$lint"
web-ext lint --source-dir "$lint" --output text
