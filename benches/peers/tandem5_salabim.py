"""tandem5 in salabim (see tandem5_model.py): python3 benches/peers/tandem5_salabim.py [HOURS]"""

import random
import time

import salabim as sim

from tandem5_model import ARRIVAL_RATE, MEANS, REWORK_P, SIZES, horizon, report


def main():
    rng = random.Random(1)
    env = sim.Environment(trace=False, yieldless=True, random_seed="*")
    pools = [sim.Resource(f"p{i + 1}", capacity=c) for i, c in enumerate(SIZES)]
    leads, counter = [], [0]

    class Case(sim.Component):
        def process(self):
            arrived = env.now()
            stage = 0
            while stage < 5:
                self.request(pools[stage])
                self.hold(rng.expovariate(1.0 / MEANS[stage]))
                self.release(pools[stage])
                if stage == 3 and rng.random() < REWORK_P:
                    stage = 2
                else:
                    stage += 1
            leads.append(env.now() - arrived)

    class Source(sim.Component):
        def process(self):
            while True:
                self.hold(rng.expovariate(ARRIVAL_RATE))
                counter[0] += 1
                Case()

    Source()
    start = time.perf_counter()
    env.run(till=horizon(1_000.0))
    report(f"salabim {sim.__version__}", counter[0], time.perf_counter() - start, leads)


if __name__ == "__main__":
    main()
