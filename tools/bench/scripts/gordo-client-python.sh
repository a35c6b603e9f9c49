#!/usr/bin/env bash
# Prints the path of a Python that has gordo-client 6.3.0 from PyPI next to the real Gordo 6.0.4
# server. tools/peers/gordo/install.sh already installs exactly that pair (requirements.txt pins
# gordo-client==6.3.0 and gordo==6.0.4) into its cached venv, so the benchmark reuses it rather
# than a second 1.7 GB venv; this script installs it when missing and checks the versions.
set -euo pipefail
# LATIGO_PEERS_DIR: tools/peers (the benchmark passes it; default: beside this package).
peers="${LATIGO_PEERS_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../peers" && pwd)}"
python=$(bash "$peers/gordo/install.sh" | tail -n 1)
"$python" - <<'PY'
import importlib.metadata as m, sys
want = {"gordo-client": "6.3.0", "gordo": "6.0.4"}
got = {name: m.version(name) for name in want}
if got != want:
    sys.exit(f"expected {want}, found {got}")
PY
printf '%s\n' "$python"
