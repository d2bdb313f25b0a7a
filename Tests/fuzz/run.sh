#!/usr/bin/env bash
# Crash hunt: random q expressions (gen.py, fixed seeds) through the conformance runner,
# each page in a fresh worker process. Fails if any step crashed the interpreter; a
# step that runs past the time limit is reported but allowed (`enlist/ x` never ends
# in kdb+ either).
#
#   Tests/fuzz/run.sh path/to/qrt [first-seed] [pages]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
qrt="$1"
first="${2:-1}"
pages="${3:-6}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for s in $(seq "$first" $(( first + pages - 1 ))); do python3 "$here/gen.py" "$s"; done >"$work/fuzz.jsonl"
"$qrt" --conformance "$work/fuzz.jsonl" --report "$work/report.json" >/dev/null
python3 - "$work/report.json" <<'PY'
import json, sys
steps = json.load(open(sys.argv[1]))['steps']
crashes = [s['input'] for s in steps if s['note'] == 'crash']
timeouts = [s['input'] for s in steps if s['note'] == 'timeout']
print(f'fuzz: {len(steps)} expressions, {len(crashes)} crashed, {len(timeouts)} ran past the time limit')
for c in crashes:
    print('crash:', c)
sys.exit(1 if crashes else 0)
PY
