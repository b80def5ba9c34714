"""scenarios/bench/tandem5.toml written for Ciw, to time it on the same machine.

Poisson arrivals 10/h; five stages in series with 3, 2, 5, 2, 3 servers and exponential
service of mean 0.25, 0.18, 0.35, 0.15, 0.28 h; after stage 4, back to stage 3 with p = 0.2.

    python3 benches/peers/tandem5_ciw.py [HORIZON_HOURS]

Prints cases per second of wall time and the mean lead time of the cases that finished
(Jackson-network theory: 5.54 h; one run of this heavily loaded network varies by several
percent).
"""

import sys
import time

import ciw

SIZES = [3, 2, 5, 2, 3]
MEANS = [0.25, 0.18, 0.35, 0.15, 0.28]


def main():
    horizon = float(sys.argv[1]) if len(sys.argv) > 1 else 2_000.0
    routing = [[0.0] * 5 for _ in range(5)]
    for i in range(4):
        routing[i][i + 1] = 1.0
    routing[3] = [0.0, 0.0, 0.2, 0.0, 0.8]
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=10.0)] + [None] * 4,
        service_distributions=[ciw.dists.Exponential(rate=1.0 / m) for m in MEANS],
        number_of_servers=SIZES,
        routing=routing,
    )
    ciw.seed(1)
    sim = ciw.Simulation(network)
    start = time.perf_counter()
    sim.simulate_until_max_time(horizon)
    elapsed = time.perf_counter() - start
    records = sim.get_all_records()
    arrived = {}
    for r in records:
        arrived[r.id_number] = min(arrived.get(r.id_number, r.arrival_date), r.arrival_date)
    done = [r for r in records if r.node == 5]
    cases = len(arrived)
    mean_lead = sum(r.exit_date - arrived[r.id_number] for r in done) / len(done)
    print(f"ciw {ciw.__version__}: {cases} cases in {elapsed:.2f} s = "
          f"{cases / elapsed:,.0f} cases/s; mean lead time {mean_lead:.2f} h")


if __name__ == "__main__":
    main()
