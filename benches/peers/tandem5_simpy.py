"""scenarios/bench/tandem5.toml written for SimPy, to time it on the same machine.

Poisson arrivals 10/h; five stages in series with 3, 2, 5, 2, 3 servers and exponential
service of mean 0.25, 0.18, 0.35, 0.15, 0.28 h; after stage 4, back to stage 3 with p = 0.2.

    python3 benches/peers/tandem5_simpy.py [HORIZON_HOURS]

Prints cases per second of wall time and the mean lead time of the cases that finished
(Jackson-network theory: 5.54 h; one run of this heavily loaded network varies by several
percent).
"""

import random
import sys
import time

import simpy

SIZES = [3, 2, 5, 2, 3]
MEANS = [0.25, 0.18, 0.35, 0.15, 0.28]


def case(env, pools, rng, leads):
    arrived = env.now
    stage = 0
    while stage < 5:
        with pools[stage].request() as req:
            yield req
            yield env.timeout(rng.expovariate(1.0 / MEANS[stage]))
        if stage == 3 and rng.random() < 0.2:
            stage = 2
        else:
            stage += 1
    leads.append(env.now - arrived)


def source(env, pools, rng, leads, counter):
    while True:
        yield env.timeout(rng.expovariate(10.0))
        counter[0] += 1
        env.process(case(env, pools, rng, leads))


def main():
    horizon = float(sys.argv[1]) if len(sys.argv) > 1 else 10_000.0
    rng = random.Random(1)
    env = simpy.Environment()
    pools = [simpy.Resource(env, capacity=c) for c in SIZES]
    leads, counter = [], [0]
    env.process(source(env, pools, rng, leads, counter))
    start = time.perf_counter()
    env.run(until=horizon)
    elapsed = time.perf_counter() - start
    print(f"simpy {simpy.__version__}: {counter[0]} cases in {elapsed:.2f} s = "
          f"{counter[0] / elapsed:,.0f} cases/s; mean lead time {sum(leads) / len(leads):.2f} h")


if __name__ == "__main__":
    main()
