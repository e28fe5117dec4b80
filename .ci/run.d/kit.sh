#!/usr/bin/env bash
# This repository's own checks, run by .ci/run (the embeddings worker's CI, as the template makes it) after the
# worker's: the kit's project in kit/ (runpod-worker-kit). Each check prints a PASS: or FAIL: line, counted there.
# The kit's suite runs once, then three times more (RUNPOD_WORKER_KIT_LOAD, 0 to skip) while four busy processes load
# the two cores: a test that holds only on a quiet machine fails here.
set -uo pipefail
cd "$(dirname "$0")/../.."
ok()  { echo "PASS: $1"; }
bad() { echo "::error::$1" >&2; echo "FAIL: $1"; }

# 1. The kit from its source, editable, with its dev tools, in place of the wheels from vendor/ (both go first: the
#    two wheels share one package folder, and a development half left behind would shadow the editable kit).
pip uninstall -q -y runpod-worker-kit-dev runpod-worker-kit && pip install -q -e "kit[dev]" || { bad "pip install -e kit[dev] failed"; exit 1; }
ok "install the kit from kit/ (pip install -e kit[dev])"

# 2. vendor/ holds this kit's wheels, byte for byte (built again from kit/), as .runpod-worker.yml records.
if out=$(runpod-worker update --check 2>&1); then ok "vendor/ holds the wheels of kit/ ($out)"
else bad "vendor/ is stale: $out (run runpod-worker update and commit)"; fi

# 3. This repository's worker is the embeddings template as runpod-worker new makes it (README.md and
#    nbs/index.ipynb are the repository's own).
if drift=$(python - <<'PY'
import tempfile
from pathlib import Path
from runpod_worker_kit.new import read_record, render
record, own = read_record('.'), {'README.md', 'nbs/index.ipynb'}
with tempfile.TemporaryDirectory() as t:
    files = render(record['template'], Path(t), record)
    drift = [f for f in files if f not in own and (Path(t)/f).read_bytes() != (Path(f).read_bytes() if Path(f).is_file() else None)]
print(', '.join(drift)); raise SystemExit(bool(drift))
PY
); then ok "the repository's worker is the embeddings template as runpod-worker new makes it"
else bad "$drift: not as the embeddings template renders them"; fi

# 3b. No kit module imports a worker (handler, or this repository's worker package), read with Python's ast.
if out=$(runpod-worker check-kit 2>&1); then ok "no kit module imports a worker module"; else bad "a kit module imports a worker module"; echo "$out"; fi

# 4. The kit's notebooks are clean and its package is in sync with them.
(cd kit && nbdev-clean)
if [ -z "$(git status --porcelain -uno kit)" ]; then ok "the kit's notebooks are clean"
else bad "the kit's notebooks are not clean: run nbdev-clean in kit/ and commit"; git status --porcelain -uno kit; git checkout -q -- kit; fi
(cd kit && nbdev-export)
if [ -z "$(git status --porcelain kit)" ]; then ok "the kit's package is in sync with its notebooks"
else bad "kit/: notebooks and runpod_worker_kit/ are out of sync: run nbdev-export in kit/ and commit"; git status --porcelain kit; fi

# 5. The kit's test suite, each notebook a check.
run_suite() {   # $1: a label
    local out; out=$(mktemp)
    (cd kit && nbdev-test --do-print) 2>&1 | tee "$out" | grep -v '^- Completed '
    local rc=${PIPESTATUS[0]}
    local failed_nbs; failed_nbs=$(sed -n '/nbdev Tests Failed On The Following Notebooks/,$p' "$out" | grep $'^\t' | tr -d '\t')
    grep '^- Completed ' "$out" | sed 's/^- Completed //' | while read -r path; do
        nb=$(basename "$path")
        if grep -qxF "$nb" <<<"$failed_nbs"; then echo "FAIL: kit $nb$1"; else echo "PASS: kit $nb$1"; fi
    done
    grep '^SKIPPED: ' "$out" || true
    [ -n "$(grep '^- Completed ' "$out")" ] || bad "the kit's nbdev-test ran no notebook$1"
    # a run that ended without naming a failed notebook (a test process killed, say) is a failure too
    if [ "$rc" -ne 0 ] && [ -z "$failed_nbs" ]; then bad "the kit's nbdev-test exited $rc without finishing$1"; fi
    rm -f "$out"
}
run_suite ""

# 6. Under load: the suite again while four busy processes (started here, stopped by their PIDs) load the cores.
runs=${RUNPOD_WORKER_KIT_LOAD:-3}
if [ "$runs" -gt 0 ]; then
    busy=()
    for _ in 1 2 3 4; do python3 -c 'while True: pass' & busy+=($!); done
    trap 'kill "${busy[@]}" 2>/dev/null' EXIT
    for i in $(seq "$runs"); do run_suite " (under load, run $i of $runs)"; done
    kill "${busy[@]}" 2>/dev/null; wait "${busy[@]}" 2>/dev/null; trap - EXIT
fi
