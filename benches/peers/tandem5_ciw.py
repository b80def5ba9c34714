"""tandem5 in Ciw (see tandem5_model.py): python3 benches/peers/tandem5_ciw.py [HOURS]"""

import time

import ciw

from tandem5_model import ARRIVAL_RATE, MEANS, REWORK_P, SIZES, horizon, report


def main():
    routing = [[0.0] * 5 for _ in range(5)]
    for i in range(4):
        routing[i][i + 1] = 1.0
    routing[3] = [0.0, 0.0, REWORK_P, 0.0, 1.0 - REWORK_P]
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=ARRIVAL_RATE)] + [None] * 4,
        service_distributions=[ciw.dists.Exponential(rate=1.0 / m) for m in MEANS],
        number_of_servers=SIZES,
        routing=routing,
    )
    ciw.seed(1)
    sim = ciw.Simulation(network)
    start = time.perf_counter()
    sim.simulate_until_max_time(horizon(2_000.0))
    elapsed = time.perf_counter() - start
    records = sim.get_all_records()
    arrived = {}
    for r in records:
        arrived[r.id_number] = min(arrived.get(r.id_number, r.arrival_date), r.arrival_date)
    leads = [r.exit_date - arrived[r.id_number] for r in records if r.node == 5]
    report(f"ciw {ciw.__version__}", len(arrived), elapsed, leads)


if __name__ == "__main__":
    main()
