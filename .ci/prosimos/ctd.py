"""Helper of .ci/prosimos.sh: simulates the Prosimos model, and compares cycle times.

    python3 ctd.py simulate MODEL.bpmn PARAMS.json CASES SEED LOG.csv
    python3 ctd.py compare LOG1.csv LOG2.csv CASES.csv

`compare` prints the cycle-time distance (CTD, in hours) between the two Prosimos logs (the
noise floor) and between expansim's simulated cases and LOG2, and exits 1 if the latter is
beyond the tolerance stated below.
"""

import csv
import random
import sys
from datetime import datetime

import numpy as np

# The Prosimos run starts here: a Monday 08:00 in China Standard Time, as the utility's logs do.
STARTING_AT = "2026-03-02T08:00:00.000000+08:00"


def simulate(bpmn, params, cases, seed, log_path):
    # Imported here so that `compare` needs numpy only.
    from prosimos.simulation_engine import run_simulation

    # Prosimos 2.x has no seed parameter: it draws from `random` (resource choice, shuffles)
    # and from numpy's global generator (scipy's rvs and the gateways), so seed both.
    random.seed(int(seed))
    np.random.seed(int(seed))
    run_simulation(bpmn, params, int(cases), stat_out_path=None, log_out_path=log_path,
                   starting_at=STARTING_AT)


def prosimos_cycle_times(path):
    """Hours from a case's first enablement (its arrival) to its last end, per case.

    The first activity is enabled when the case arrives, so this is the lead time that expansim
    measures (exit - arrival), waiting for the first activity included.
    """
    first, last = {}, {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            # Prosimos writes e.g. 2026-03-02 08:30:00.000000+08:00, which fromisoformat reads.
            enabled = datetime.fromisoformat(row["enable_time"])
            end = datetime.fromisoformat(row["end_time"])
            case = row["case_id"]
            if case not in first or enabled < first[case]:
                first[case] = enabled
            if case not in last or end > last[case]:
                last[case] = end
    return np.array([(last[c] - first[c]).total_seconds() / 3600 for c in first])


def expansim_cycle_times(path):
    """Hours of lead time (exit - arrival; the scenario's unit is the day) of the finished cases."""
    out = []
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["lead_time"] != "":  # empty for a case still in the process at the horizon
                out.append(float(row["lead_time"]) * 24)
    return np.array(out)


def wasserstein1(a, b):
    """The exact 1-Wasserstein distance between two empirical distributions.

    W1 = integral over u in (0,1) of |F_a^-1(u) - F_b^-1(u)| du, which equals the integral over
    x of |F_a(x) - F_b(x)| dx: both CDFs are step functions, so the integral is a finite sum
    over the gaps between the pooled sorted values. Samples of different sizes are fine.
    """
    a, b = np.sort(a), np.sort(b)
    xs = np.sort(np.concatenate([a, b]))
    fa = np.searchsorted(a, xs[:-1], side="right") / len(a)
    fb = np.searchsorted(b, xs[:-1], side="right") / len(b)
    return float(np.sum(np.abs(fa - fb) * np.diff(xs)))


def describe(name, sample):
    p50, p90 = np.quantile(sample, [0.5, 0.9])
    print(f"  {name:<34} n = {len(sample):>5}  mean {sample.mean():6.2f} h  "
          f"P50 {p50:6.2f} h  P90 {p90:6.2f} h")


def compare(log1, log2, cases):
    ct1, ct2, sim = prosimos_cycle_times(log1), prosimos_cycle_times(log2), expansim_cycle_times(cases)
    if len(sim) == 0:
        sys.exit(f"ctd.py: no finished case in {cases}")
    print("Cycle time (first enablement, or arrival, to last end):")
    describe("Prosimos log 1 (fitted)", ct1)
    describe("Prosimos log 2 (held out)", ct2)
    describe("expansim, fitted scenario", sim)
    floor = wasserstein1(ct1, ct2)
    fitted = wasserstein1(sim, ct2)
    # Tolerance: a fitted model cannot come closer to the truth than two runs of the true model
    # come to each other (the noise floor), and the parameters fitted from 3,000 cases carry a
    # sampling error of about the same size again; 3 x the floor allows for both. When the floor
    # is tiny by luck, 3 x it would demand more than the data can show, hence the second bound:
    # a quarter of the held-out log's mean cycle time (what a planner would call "about right").
    limit = max(3 * floor, 0.25 * ct2.mean())
    print(f"CTD (exact 1-Wasserstein on the two samples, hours):")
    print(f"  noise floor, Prosimos log 1 vs log 2     {floor:7.3f} h")
    print(f"  fitted expansim vs Prosimos log 2        {fitted:7.3f} h"
          f"  (limit {limit:.3f} h = max(3 x floor, 0.25 x mean of log 2))")
    if fitted > limit:
        sys.exit(f"ctd.py: FAIL: the fitted scenario's cycle times are {fitted:.3f} h (1-Wasserstein) "
                 f"from Prosimos log 2, beyond the limit {limit:.3f} h")
    print("ctd.py: the fitted scenario reproduces Prosimos' cycle times within the limit")


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "simulate":
        simulate(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "compare":
        compare(*sys.argv[2:])
    else:
        sys.exit(__doc__)
