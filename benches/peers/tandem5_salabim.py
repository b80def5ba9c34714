"""scenarios/bench/tandem5.toml written for salabim, to time it on the same machine.

Poisson arrivals 10/h; five stages in series with 3, 2, 5, 2, 3 servers and exponential
service of mean 0.25, 0.18, 0.35, 0.15, 0.28 h; after stage 4, back to stage 3 with p = 0.2.

    python3 benches/peers/tandem5_salabim.py [HORIZON_HOURS]

Prints cases per second of wall time and the mean lead time of the cases that finished
(Jackson-network theory: 5.54 h; one run of this heavily loaded network varies by several
percent).
"""

import random
import sys
import time

import salabim as sim

SIZES = [3, 2, 5, 2, 3]
MEANS = [0.25, 0.18, 0.35, 0.15, 0.28]


def main():
    horizon = float(sys.argv[1]) if len(sys.argv) > 1 else 1_000.0
    rng = random.Random(1)
    env = sim.Environment(trace=False, yieldless=True, random_seed="*")
    pools = [sim.Resource(f"p{i + 1}", capacity=c) for i, c in enumerate(SIZES)]
    leads = []
    counter = [0]

    class Case(sim.Component):
        def process(self):
            arrived = env.now()
            stage = 0
            while stage < 5:
                self.request(pools[stage])
                self.hold(rng.expovariate(1.0 / MEANS[stage]))
                self.release(pools[stage])
                if stage == 3 and rng.random() < 0.2:
                    stage = 2
                else:
                    stage += 1
            leads.append(env.now() - arrived)

    class Source(sim.Component):
        def process(self):
            while True:
                self.hold(rng.expovariate(10.0))
                counter[0] += 1
                Case()

    Source()
    start = time.perf_counter()
    env.run(till=horizon)
    elapsed = time.perf_counter() - start
    print(f"salabim {sim.__version__}: {counter[0]} cases in {elapsed:.2f} s = "
          f"{counter[0] / elapsed:,.0f} cases/s; mean lead time {sum(leads) / len(leads):.2f} h")


if __name__ == "__main__":
    main()
