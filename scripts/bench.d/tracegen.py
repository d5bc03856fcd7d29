#!/usr/bin/python3
"""Writes a synthetic cache trace with the skews seen in production key-value traces: Zipf
popularity over the objects, lognormal object sizes, and a share of one-hit wonders (keys
requested once and never again). Deterministic for a given --seed.

Output: one request per line, "KEY SIZE" (the value size in bytes), the format that
`ringcache-loadgen --replay FILE` reads. The replay is cache-aside: get KEY, set it on a miss.

Usage: tracegen.py [--requests N] [--objects K] [--alpha A] [--size-median B]
                   [--size-sigma S] [--max-size B] [--one-hit F] [--seed N] > trace.txt
Defaults: 1,000,000 requests over 200,000 objects, alpha 0.9, median 300 B, sigma 1.2
(mean about 620 B), sizes capped at 100,000 B, 10 % one-hit wonders.
"""
import argparse
import bisect
import itertools
import math
import random
import sys

# Key namespaces of different lengths, as applications prefix their keys.
NAMESPACES = ("u:", "tweet:", "timeline:home:", "session:", "profile:v2:")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--requests", type=int, default=1_000_000)
    p.add_argument("--objects", type=int, default=200_000)
    p.add_argument("--alpha", type=float, default=0.9, help="Zipf exponent of popularity")
    p.add_argument("--size-median", type=float, default=300)
    p.add_argument("--size-sigma", type=float, default=1.2, help="sigma of log(size)")
    p.add_argument("--max-size", type=int, default=100_000)
    p.add_argument("--one-hit", type=float, default=0.10, help="share of one-hit-wonder requests")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    if a.requests < 1 or a.objects < 1 or not 0 <= a.one_hit < 1 or a.max_size < 1:
        p.error("requests/objects/max-size must be positive and one-hit in [0, 1)")
    return a


def lognormal_size(rng, a):
    size = int(rng.lognormvariate(math.log(a.size_median), a.size_sigma))
    return max(1, min(a.max_size, size))


def main():
    a = parse_args()
    rng = random.Random(a.seed)
    # Rank r (0 = hottest) is object ids[r]; its size is fixed for the whole trace.
    ids = list(range(a.objects))
    rng.shuffle(ids)
    sizes = [lognormal_size(rng, a) for _ in range(a.objects)]
    names = [f"{NAMESPACES[i % len(NAMESPACES)]}{i}" for i in range(a.objects)]
    cdf = list(itertools.accumulate((r + 1) ** -a.alpha for r in range(a.objects)))
    total = cdf[-1]
    out = sys.stdout
    lines = []
    one_hits = 0
    for _ in range(a.requests):
        if rng.random() < a.one_hit:
            one_hits += 1
            lines.append(f"once:{a.seed}:{one_hits} {lognormal_size(rng, a)}\n")
        else:
            obj = ids[bisect.bisect_left(cdf, rng.random() * total)]
            lines.append(f"{names[obj]} {sizes[obj]}\n")
        if len(lines) >= 65536:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))


if __name__ == "__main__":
    main()
