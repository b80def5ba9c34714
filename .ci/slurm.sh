#!/usr/bin/env bash
# Proves the README's Slurm scale-out example on a real one-node Slurm cluster: a job array of
# `expansim compare --shard`, a dependent `expansim merge`, and merged data files byte-identical
# to one run on one machine. Usage: .ci/slurm.sh [EXPANSIM_BINARY] (or EXPANSIM_BIN=...); by
# default the newer of target/debug/expansim (what `cargo test` builds) and target/release/.
set -euo pipefail
started=$SECONDS
repo=$(cd "$(dirname "$0")/.." && pwd)
R=8 SHARDS=4 TIMEOUT=180 # few replications, so that the whole check takes seconds

# shellcheck source=.ci/bin.sh
source "$repo/.ci/bin.sh"
# Installing packages and running munged as munge and slurmd as root all take root.
if [ "$(id -u)" -ne 0 ]; then exec sudo bash "$0" "$bin"; fi

if ! hash slurmctld slurmd sbatch munged 2>/dev/null; then # hash fails if any is missing
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        slurm-wlm munge >/dev/null
fi
key=/etc/munge/munge.key # Debian's munge package creates it; an image might lack it
if [ ! -s "$key" ]; then
    install -d -o munge -g munge -m 700 /etc/munge && mungekey --create --keyfile="$key"
    chown munge:munge "$key" && chmod 400 "$key"
fi

tmp=$(mktemp -d /tmp/expansim-slurm.XXXXXX)
pids=() submitted=()
stop() { # stop DAEMON_PID: politely, then for sure
    kill "$1" 2>/dev/null || return 0
    for _ in $(seq 20); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
cleanup() {
    local rc=$? i f
    if [ "$rc" -ne 0 ]; then # show why, and cancel what still runs
        for f in "$tmp"/work/slurm-*.out "$tmp"/log/*.log; do
            [ -f "$f" ] && { echo "=== $f"; tail -n 40 "$f"; }
        done
        [ "${#submitted[@]}" -eq 0 ] || scancel "${submitted[@]}" 2>/dev/null || true
    fi
    # Each job step's slurmstepd would outlive slurmd: let them end (their sockets go) first.
    wait_for 20 "job steps to end" no_steps || true
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop "${pids[i]}"; done # munged last
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP # so that the EXIT trap runs on these too
chmod 755 "$tmp" # munged runs as munge and must reach its own folder inside
mkdir -p "$tmp"/{state,spool,log,run,work}

no_steps() { local f; for f in "$tmp"/spool/*; do [ ! -S "$f" ] || return 1; done; }
wait_for() { # wait_for SECONDS WHAT COMMAND...: poll until COMMAND succeeds
    local end=$((SECONDS + $1)) what=$2
    shift 2
    until "$@" >/dev/null 2>&1; do
        if [ "$SECONDS" -ge "$end" ]; then echo "slurm.sh: timed out waiting for $what" >&2 && return 1; fi
        sleep 0.5
    done
}

# A private munged on its own socket, so that a system munged (if any) is neither needed nor touched.
install -d -o munge -g munge -m 755 "$tmp/munge"
sock=$tmp/munge/munge.socket
setpriv --reuid=munge --regid=munge --init-groups munged --foreground --socket="$sock" \
    --key-file="$key" --log-file="$tmp/munge/munged.log" --pid-file="$tmp/munge/munged.pid" \
    --seed-file="$tmp/munge/munged.seed" 2>"$tmp/log/munged.log" &
pids+=("$!")
munge_ok() { munge -n -S "$sock" | unmunge -S "$sock"; }
wait_for 15 munged munge_ok

node=$(slurmd -C | head -n 1) # NodeName=<host> CPUs=... RealMemory=...: this machine as it is
host=$(hostname -s)
export SLURM_CONF=$tmp/slurm.conf # read by the daemons and by sbatch, scontrol, sinfo
cat >"$SLURM_CONF" <<EOF
ClusterName=expansim-ci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
# Ports off the defaults, so as not to meet a system Slurm.
SlurmctldPort=16817
SlurmdPort=16818
AuthInfo=socket=$sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
# No cgroups in containers and VMs without systemd: track processes by /proc.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# No accounting database (slurmdbd): nothing to set up, and nothing left behind.
AccountingStorageType=accounting_storage/none
# A merge whose shards failed is cancelled at once instead of pending for ever.
DependencyParameters=kill_invalid_depend
$node NodeAddr=127.0.0.1
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
# In the foreground (-D) the daemons log to stderr; the logs are shown if the check fails.
slurmctld -D 2>"$tmp/log/slurmctld.log" &
pids+=("$!")
wait_for 30 slurmctld scontrol ping
slurmd -D 2>"$tmp/log/slurmd.log" &
pids+=("$!")
node_idle() { [ "$(sinfo -h -o %t)" = idle ]; }
wait_for 30 "the node to be idle" node_idle

# The README's example, in a working folder laid out like the repository.
cd "$tmp/work"
cp -r "$repo/scenarios" .
mkdir bin && ln -s "$bin" bin/expansim
export PATH=$PWD/bin:$PATH # sbatch passes the environment on to the jobs
cat >compare.sbatch <<EOF
#!/bin/bash
# The README's compare.sbatch, with few replications and one CPU a shard (CI has two or so).
#SBATCH --cpus-per-task=1 --time=00:10:00
expansim compare scenarios/county.toml -r $R --quiet \\
    --shard "\$SLURM_ARRAY_TASK_ID/\$SLURM_ARRAY_TASK_COUNT" --out "shards/\$SLURM_ARRAY_TASK_ID"
EOF
jobid=$(sbatch --parsable --array=0-$((SHARDS - 1)) compare.sbatch)
submitted+=("$jobid")
merge=$(sbatch --parsable --dependency=afterok:"$jobid" --wrap 'expansim merge shards/* --out merged')
submitted+=("$merge")

# No accounting database, so no sacct: slurmctld answers for finished jobs for MinJobAge (300 s).
end=$((SECONDS + TIMEOUT))
until state=$(scontrol show job "$merge" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p') &&
    [ "$state" = COMPLETED ]; do
    if [[ ! $state =~ ^(|PENDING|CONFIGURING|RUNNING|COMPLETING)$ ]]; then # "": scontrol hiccup
        echo "slurm.sh: merge job $merge ended ${state:-unknown}; the shards:" >&2
        scontrol -o show job "$jobid" | sed -E 's/.*(ArrayTaskId=[^ ]+).*(JobState=[^ ]+ Reason=[^ ]+).*(ExitCode=[^ ]+).*/  \1 \2 \3/' >&2
        exit 1
    fi
    if [ "$SECONDS" -ge "$end" ]; then echo "slurm.sh: merge job $merge still $state after ${TIMEOUT}s" >&2 && exit 1; fi
    sleep 1
done

expansim compare scenarios/county.toml -r "$R" --quiet --out single >/dev/null
# run.json differs by design (timestamps, command lines); the data files must not.
for f in summary.csv replications.csv comparison.csv; do
    cmp "merged/$f" "single/$f" || { echo "slurm.sh: merged/$f differs from one run's" >&2 && exit 1; }
done
echo "$(sinfo --version): $SHARDS shards of $R replications merged byte-identical to one run" \
    "in $((SECONDS - started)) s"
