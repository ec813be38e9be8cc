#!/usr/bin/python3
"""The SimPy peer of bench/peers/simpy-peer.yaml: the same model, written
independently in SimPy 2 (Debian's python3-simpy, 2.3.1), to compare speed
and to check ratesim's figures against a second implementation.

Model: N workers, each with an endless supply of items. A worker sends; the
server admits the request if its one RPM bucket holds at least one request
(continuous refill at rpm/60 per second up to rpm * burst/60, starting full),
and answers after round_trip + first_token + output/tokens_per_second;
otherwise it answers 429 after round_trip. After a 429 the worker waits
U(0, min(cap, base * 2^n)) (full jitter; n counts this item's retries from
0) and sends again; after a success it takes the next item at once.

Prints one line per replication and a last line with the means, as
    goodput_rpm=... rate_429=... wall_s=...
Usage: simpy_model.py [--replications R] [--seed S]
"""
import argparse
import random
import sys
import time

try:
    from SimPy.Simulation import Process, activate, hold, initialize, now, simulate
except ImportError:
    sys.exit("simpy_model.py needs SimPy 2: apt-get install python3-simpy (Debian 12: 2.3.1)")

# Keep these equal to bench/peers/simpy-peer.yaml.
WORKERS = 100
RPM = 600.0
BURST_S = 60.0
ROUND_TRIP_S = 0.1
FIRST_TOKEN_S = 0.5
OUTPUT_TOKENS = 100.0
TOKENS_PER_S = 100.0
BASE_S = 1.0
CAP_S = 60.0
DURATION_S = 3600.0


class Bucket:
    """A continuous token bucket, brought up to date when it is read."""

    def __init__(self, per_minute, burst_s):
        self.rate = per_minute / 60.0
        self.capacity = max(burst_s, 60.0 / per_minute) * self.rate
        self.level = self.capacity
        self.updated = 0.0

    def try_take(self, t):
        self.level = min(self.capacity, self.level + (t - self.updated) * self.rate)
        self.updated = t
        if self.level >= 1.0:
            self.level -= 1.0
            return True
        return False


class Counts:
    def __init__(self):
        self.attempts = 0
        self.ok = 0
        self.r429 = 0


class Worker(Process):
    def run(self, bucket, counts, rng):
        success_s = ROUND_TRIP_S + FIRST_TOKEN_S + OUTPUT_TOKENS / TOKENS_PER_S
        while True:
            retries = 0
            while True:
                counts.attempts += 1
                if bucket.try_take(now()):
                    yield hold, self, success_s
                    counts.ok += 1
                    break
                yield hold, self, ROUND_TRIP_S
                counts.r429 += 1
                yield hold, self, rng.uniform(0.0, min(CAP_S, BASE_S * 2.0 ** retries))
                retries += 1


def replication(seed):
    rng = random.Random(seed)
    initialize()
    bucket = Bucket(RPM, BURST_S)
    counts = Counts()
    for i in range(WORKERS):
        w = Worker(name="w%d" % i)
        activate(w, w.run(bucket, counts, rng))
    simulate(until=DURATION_S)
    # Answers still on their way at the end are not counted, as in ratesim.
    answered = counts.ok + counts.r429
    return counts.ok / (DURATION_S / 60.0), counts.r429 / answered if answered else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    goodputs, rates = [], []
    started = time.perf_counter()
    for r in range(args.replications):
        goodput, rate = replication(args.seed * 1000 + r)
        goodputs.append(goodput)
        rates.append(rate)
        print("replication=%d goodput_rpm=%.4f rate_429=%.6f" % (r, goodput, rate))
    wall = time.perf_counter() - started
    n = len(goodputs)
    print("mean goodput_rpm=%.4f rate_429=%.6f wall_s=%.3f" % (sum(goodputs) / n, sum(rates) / n, wall))


if __name__ == "__main__":
    main()
