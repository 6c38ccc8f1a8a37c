#!/usr/bin/env bash
# Makes the example site's publication ledger, content/releases.toml, the
# way a coordinator would have: release 1 after the partners' October files
# (3 November 2026), then a late report from the police for June 2025
# (content/incidents/polisen/sen-anmalan.csv) released as revisions on
# 17 November 2026. Run it after tools/generate_example.py changes the data.
set -euo pipefail
cd "$(dirname "$0")/.."
late=content/incidents/polisen/sen-anmalan.csv
aside="$(mktemp)"
trap 'rm -f "$aside"' EXIT
rm -f content/releases.toml
mv "$late" "$aside"
cargo run --release --quiet -- release --date 2026-11-03 || { mv "$aside" "$late"; exit 1; }
mv "$aside" "$late"
cargo run --release --quiet -- release --date 2026-11-17 \
  --reason "Sen anmälan från polisen"
