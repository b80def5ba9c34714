# shellcheck shell=bash disable=SC2154  # `repo` is set by the script that sources this
# Sourced by the checks in .ci/: sets `bin` to the expansim binary a check runs, from its first
# argument, else $EXPANSIM_BIN, else the newer of the debug and release builds.
bin=${1:-${EXPANSIM_BIN:-}}
if [ -z "$bin" ]; then
    bin=$repo/target/debug/expansim
    if [ "$repo/target/release/expansim" -nt "$bin" ]; then bin=$repo/target/release/expansim; fi
fi
if [ ! -x "$bin" ]; then
    echo "$(basename "$0"): no expansim binary at '$bin'; build it, or pass its path (or EXPANSIM_BIN)" >&2
    exit 2
fi
bin=$(realpath "$bin")
