"""scenarios/bench/tandem5.toml for the Python simulators, shared by the tandem5_*.py scripts.

Poisson arrivals 10/h; five stages in series with 3, 2, 5, 2, 3 servers and exponential
service of mean 0.25, 0.18, 0.35, 0.15, 0.28 h; after stage 4, back to stage 3 with p = 0.2.
Each script takes an optional horizon in hours and prints cases per second of wall time and
the mean lead time of the cases that finished (Jackson-network theory: 5.54 h; one run of
this heavily loaded network varies by several percent).
"""

import sys

ARRIVAL_RATE = 10.0
SIZES = [3, 2, 5, 2, 3]
MEANS = [0.25, 0.18, 0.35, 0.15, 0.28]
REWORK_P = 0.2


def horizon(default):
    """The horizon in hours from the command line, or `default`."""
    return float(sys.argv[1]) if len(sys.argv) > 1 else default


def report(tool, cases, elapsed, leads):
    """Prints the throughput and the mean lead time."""
    print(f"{tool}: {cases} cases in {elapsed:.2f} s = {cases / elapsed:,.0f} cases/s; "
          f"mean lead time {sum(leads) / len(leads):.2f} h")
