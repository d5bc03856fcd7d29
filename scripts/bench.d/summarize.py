#!/usr/bin/python3
"""Prints the benchmark table: per workload and server the median over rounds, and the ratio
ringcache / memcached. Usage: summarize.py LOAD_CSV [MEMORY_CSV]"""
import csv
import statistics
import sys

SERVERS = ("ringcache", "memcached")
# (column, label, better-when); ratio < 1 is better for "lower", > 1 for "higher".
METRICS = (
    ("server_cpu_us_per_req", "server CPU us/request", "lower"),
    ("rps", "throughput req/s", "higher"),
    ("p50_us", "p50 latency us", "lower"),
    ("p99_us", "p99 latency us", "lower"),
    ("client_cpu_us_per_req", "loadgen CPU us/request", "-"),
)


def fmt(v):
    if v is None:
        return "-"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.2f}"


def load_table(path):
    rows = list(csv.DictReader(open(path)))
    workloads = sorted({r["workload"] for r in rows})
    print(f"{'workload':9} {'metric (median)':24} {'ringcache':>12} {'memcached':>12} {'ratio r/m':>10}  runs")
    for w in workloads:
        for col, label, better in METRICS:
            med = {}
            runs = {}
            for s in SERVERS:
                vals = [float(r[col]) for r in rows if r["workload"] == w and r["server"] == s]
                runs[s] = len(vals)
                med[s] = statistics.median(vals) if vals else None
            ratio = med["ringcache"] / med["memcached"] if med["ringcache"] and med["memcached"] else None
            note = f" ({better} is better)" if better != "-" else ""
            print(f"{w:9} {label:24} {fmt(med['ringcache']):>12} {fmt(med['memcached']):>12} "
                  f"{(f'{ratio:.2f}x' if ratio else '-'):>10}  {runs['ringcache']}/{runs['memcached']}{note}")
        spread = []
        for s in SERVERS:
            vals = [float(r["server_cpu_us_per_req"]) for r in rows if r["workload"] == w and r["server"] == s]
            if len(vals) > 1:
                spread.append(f"{s} {min(vals):.2f}..{max(vals):.2f}")
        if spread:
            print(f"{'':9} CPU us/request range over rounds: " + ", ".join(spread))


def memory_table(path):
    rows = list(csv.DictReader(open(path)))
    if not rows:
        return
    print(f"\nmemory check (-m 64, 100 B values, filled until evictions start)")
    print(f"{'server':10} {'curr_items':>11} {'RSS MiB':>8} {'bytes MiB':>10} {'keys set':>9}")
    got = {}
    for r in rows:
        got[r["server"]] = r
        print(f"{r['server']:10} {int(r['curr_items']):>11,} {int(r['rss_kb']) / 1024:>8.1f} "
              f"{int(r['bytes']) / 1048576:>10.1f} {int(r['keys_set']):>9,}")
    if all(s in got for s in SERVERS):
        items = int(got["ringcache"]["curr_items"]) / max(1, int(got["memcached"]["curr_items"]))
        rss = int(got["ringcache"]["rss_kb"]) / max(1, int(got["memcached"]["rss_kb"]))
        print(f"{'ratio r/m':10} {items:>10.2f}x {rss:>7.2f}x   (items: higher is better; RSS: lower)")


def main():
    load_table(sys.argv[1])
    if len(sys.argv) > 2:
        memory_table(sys.argv[2])


if __name__ == "__main__":
    main()
