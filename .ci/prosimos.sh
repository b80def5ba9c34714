#!/usr/bin/env bash
# Proves `expansim fit` on a log that expansim did not write: Prosimos (another discrete-event
# business-process simulator) runs a small new-connection process (.ci/prosimos/: BPMN model and
# JSON parameters) for 3,000 cases twice, with different seeds; expansim fits a scenario to the
# first log, simulates it, and its cycle-time distribution must be as close to the second log's
# as ctd.py's tolerance says (a small multiple of how far the two Prosimos logs are apart).
# Usage: .ci/prosimos.sh [EXPANSIM_BINARY] (or EXPANSIM_BIN=...); by default the newer of
# target/debug/expansim (what `cargo test` builds) and target/release/.
set -euo pipefail
started=$SECONDS
repo=$(cd "$(dirname "$0")/.." && pwd)
here=$repo/.ci/prosimos
CASES=3000 REPLICATIONS=5 # 3,000 cases: a few months of a county office's applications

# shellcheck source=.ci/bin.sh
source "$repo/.ci/bin.sh"

# Prosimos is Python; a machine without Python cannot run this check, which is not a failure of
# expansim's.
if ! command -v python3 >/dev/null; then
    echo "prosimos.sh: no python3, so the Prosimos check is skipped"
    exit 0
fi
if ! python3 -c 'import prosimos' 2>/dev/null; then
    # Prosimos brings numpy, scipy, pandas and log-distance-measures with it.
    # A Python that refuses it (no pip, or an "externally managed" system Python) fails the
    # check: the CI machine is meant to have a pip, so a skip there would hide a broken setup.
    if ! PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
        python3 -m pip install --quiet prosimos; then
        echo "prosimos.sh: could not install prosimos with $(command -v python3) -m pip;" \
            "install it (e.g. in a virtual environment first on PATH) and run again" >&2
        exit 2
    fi
fi

tmp=$(mktemp -d /tmp/expansim-prosimos.XXXXXX)
cleanup() {
    local rc=$?
    # On failure the fitted scenario is the first thing to look at.
    if [ "$rc" -ne 0 ] && [ -f "$tmp/fitted.toml" ]; then
        echo "=== fitted.toml" && cat "$tmp/fitted.toml"
    fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP # so that the EXIT trap runs on these too
cd "$tmp"

# Two logs of the same model with different seeds: the first to fit, the second held out, so that
# the fitted scenario is judged on cases it has not seen, and the two together give the noise floor.
for seed in 1 2; do
    python3 "$here/ctd.py" simulate "$here/new_connection.bpmn" "$here/new_connection.json" \
        "$CASES" "$seed" "log$seed.csv"
done
echo "Prosimos $(python3 -m pip show prosimos 2>/dev/null | sed -n 's/^Version: //p'):" \
    "$(($(wc -l <log1.csv) - 1)) and $(($(wc -l <log2.csv) - 1)) activity instances of $CASES cases"

# The column names are given although fit would guess Prosimos' own, so that a change to the
# guessing cannot make this check pass or fail.
if ! "$bin" fit log1.csv --case case_id --activity activity --start start_time --end end_time \
    --enabled enable_time --resource resource --out fitted.toml --check --quiet; then
    echo "prosimos.sh: expansim fit failed on the Prosimos log" >&2
    exit 1
fi

# Every case of every replication (each covers the log's period), for the lead-time distribution.
"$bin" run fitted.toml -r "$REPLICATIONS" --quiet --cases --log-cases all \
    --log-replications "0..$REPLICATIONS" --out sim
python3 "$here/ctd.py" compare log1.csv log2.csv sim/cases.csv
echo "prosimos.sh: passed in $((SECONDS - started)) s"
