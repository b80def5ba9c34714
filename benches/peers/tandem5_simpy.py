"""tandem5 in SimPy (see tandem5_model.py): python3 benches/peers/tandem5_simpy.py [HOURS]"""

import random
import time

import simpy

from tandem5_model import ARRIVAL_RATE, MEANS, REWORK_P, SIZES, horizon, report


def case(env, pools, rng, leads):
    arrived = env.now
    stage = 0
    while stage < 5:
        with pools[stage].request() as req:
            yield req
            yield env.timeout(rng.expovariate(1.0 / MEANS[stage]))
        if stage == 3 and rng.random() < REWORK_P:
            stage = 2
        else:
            stage += 1
    leads.append(env.now - arrived)


def source(env, pools, rng, leads, counter):
    while True:
        yield env.timeout(rng.expovariate(ARRIVAL_RATE))
        counter[0] += 1
        env.process(case(env, pools, rng, leads))


def main():
    rng = random.Random(1)
    env = simpy.Environment()
    pools = [simpy.Resource(env, capacity=c) for c in SIZES]
    leads, counter = [], [0]
    env.process(source(env, pools, rng, leads, counter))
    start = time.perf_counter()
    env.run(until=horizon(10_000.0))
    report(f"simpy {simpy.__version__}", counter[0], time.perf_counter() - start, leads)


if __name__ == "__main__":
    main()
