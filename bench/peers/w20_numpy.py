#!/usr/bin/env python3
"""bench/peers/w20_numpy.py — the best vectorised numpy form of W20 we know.

The peer crq is measured against, in the same bench session (ratios, not
absolute times, are what these shared machines can measure). Method
("scatter", ../../docs/performance.md): for each scenario draw the total
number of events over all simulated years at once (Poisson(rate * years)),
draw their lognormal losses in one call, place each event in a uniformly
random year, and sum per year with bincount. Then the six statistics of the
comparison: mean, p50, p90, p99, p99.6, max.

usage: w20_numpy.py W20.CSV YEARS SEED  → one JSON line on stdout
"""
import csv
import json
import math
import sys
import time

import numpy as np

Z95 = 1.6448536269514722


def load(path):
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.reader(f):
            rate, low, high = float(r[2]), float(r[3]), float(r[4])
            mu = (math.log(low) + math.log(high)) / 2
            sigma = (math.log(high) - math.log(low)) / (2 * Z95)
            rows.append((rate, mu, sigma))
    return rows


def simulate(rows, years, rng):
    total = np.zeros(years)
    for rate, mu, sigma in rows:
        n = rng.poisson(rate * years)
        if n == 0:
            continue
        where = rng.integers(0, years, size=n)
        loss = rng.lognormal(mu, sigma, size=n)
        total += np.bincount(where, weights=loss, minlength=years)
    return total


def main():
    path, years, seed = sys.argv[1], int(float(sys.argv[2])), int(sys.argv[3])
    t0 = time.perf_counter()
    rows = load(path)
    rng = np.random.default_rng(seed)
    s = simulate(rows, years, rng)
    t1 = time.perf_counter()
    q = np.quantile(s, [0.5, 0.9, 0.99, 0.996])
    stats = {"mean": float(s.mean()), "p50": float(q[0]), "p90": float(q[1]),
             "p99": float(q[2]), "p99.6": float(q[3]), "max": float(s.max())}
    t2 = time.perf_counter()
    print(json.dumps({"peer": "numpy-scatter", "years": years,
                      "simulate_s": t1 - t0, "total_s": t2 - t0,
                      "years_per_s": years / (t2 - t0), "stats": stats}))


if __name__ == "__main__":
    main()
