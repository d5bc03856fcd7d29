#!/usr/bin/python3
"""Prints the benchmark tables from a result directory's CSV files (load.csv, memory.csv,
idle.csv, hitratio.csv): medians over the interleaved rounds and the ratios ringcache /
reference. Usage: summarize.py DIR"""
import csv
import os
import statistics
import sys

# (column, label, better-when)
METRICS = (
    ("server_cpu_us_per_req", "server CPU us/request", "lower"),
    ("rps", "throughput req/s", "higher"),
    ("p50_us", "p50 latency us", "lower"),
    ("p99_us", "p99 latency us", "lower"),
    ("p999_us", "p99.9 latency us", "lower"),
    ("client_cpu_us_per_req", "loadgen CPU us/request", "-"),
)
# Per section: the sides in column order, and the ratios to print (numerator, denominator).
SECTIONS = {
    "node": (("ringcache", "memcached"), (("ringcache", "memcached"),)),
    "proxy": (("proxy", "nutcracker", "direct"), (("proxy", "nutcracker"), ("proxy", "direct"))),
}


def rows_of(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def fmt(v):
    if v is None:
        return "-"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.2f}"


def median(rows, col):
    vals = [float(r[col]) for r in rows]
    return statistics.median(vals) if vals else None


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "-"


def load_tables(rows):
    for section, (sides, ratios) in SECTIONS.items():
        sec = [r for r in rows if r["section"] == section]
        if not sec:
            continue
        head = "".join(f"{s:>12}" for s in sides) + "".join(f"{a[0]}/{b[0]}".rjust(10) for a, b in ratios)
        print(f"\n{section}: {'workload':8} {'metric (median)':24}{head}  runs")
        for w in sorted({r["workload"] for r in sec}):
            by_side = {s: [r for r in sec if r["workload"] == w and r["side"] == s] for s in sides}
            for col, label, better in METRICS:
                med = {s: median(by_side[s], col) for s in sides}
                cells = "".join(f"{fmt(med[s]):>12}" for s in sides)
                cells += "".join(f"{ratio(med[a], med[b]):>10}" for a, b in ratios)
                runs = "/".join(str(len(by_side[s])) for s in sides)
                note = f" ({better} is better)" if better != "-" else ""
                print(f"{section:6} {w:8} {label:24}{cells}  {runs}{note}")
            spread = [f"{s} {min(v):.2f}..{max(v):.2f}" for s in sides
                      if len(v := [float(r['server_cpu_us_per_req']) for r in by_side[s]]) > 1]
            if spread:
                print(f"{'':15} CPU us/request over rounds: " + ", ".join(spread))
            if section == "proxy" and med_pair(by_side, "proxy", "direct"):
                p, d = med_pair(by_side, "proxy", "direct")
                print(f"{'':15} proxy overhead over a direct node: {p - d:+.2f} us CPU/request")
        loads = [float(r["load1"]) for r in sec]
        print(f"{'':15} load average during the runs: {min(loads):.1f}..{max(loads):.1f}")


def med_pair(by_side, a, b):
    ma, mb = median(by_side[a], "server_cpu_us_per_req"), median(by_side[b], "server_cpu_us_per_req")
    return (ma, mb) if ma is not None and mb is not None else None


def memory_table(rows):
    if not rows:
        return
    limit_mb = int(rows[0]["limit_maxbytes"]) >> 20
    print(f"\nmemory at -m {limit_mb}, filled with key:NNNNNNN until evictions start")
    print(f"{'values B':9} {'server':10} {'items':>10} {'payload %':>9} {'RSS MiB':>8} "
          f"{'B/item over payload (RSS)':>26} {'items r/m':>9}")
    items = {(r["values"], r["server"]): int(r["curr_items"]) for r in rows}
    for r in rows:
        n = int(r["curr_items"])
        payload = int(r["payload_bytes"])
        share = 100.0 * payload / int(r["limit_maxbytes"])
        over = ((int(r["rss_kb"]) - int(r["rss_start_kb"])) * 1024 - payload) / max(1, n)
        other = items.get((r["values"], "memcached"))
        rel = f"{n / other:.2f}x" if r["server"] == "ringcache" and other else ""
        print(f"{r['values']:9} {r['server']:10} {n:>10,} {share:>9.1f} {int(r['rss_kb']) / 1024:>8.1f} "
              f"{over:>26.0f} {rel:>9}")


def idle_table(rows):
    if not rows:
        return
    print("\nmemory per idle connection")
    for r in rows:
        print(f"  {r['server']:10} {int(r['connections']):,} connections: RSS "
              f"{int(r['rss_before_kb']) / 1024:.1f} -> {int(r['rss_after_kb']) / 1024:.1f} MiB, "
              f"{float(r['bytes_per_connection']):,.0f} B per connection")


def hit_table(rows):
    if not rows:
        return
    print("\nhit ratio, cache-aside replay (get; set on a miss)")
    got = {(r["replay"], r["server"]): r for r in rows}
    for name in sorted({r["replay"] for r in rows}):
        rc, mc = got.get((name, "ringcache")), got.get((name, "memcached"))
        parts = [f"{s} {float(r['hit_ratio']) * 100:.2f} % (RSS {int(r['rss_kb']) / 1024:.0f} MiB)"
                 for s, r in (("ringcache", rc), ("memcached", mc)) if r]
        mem = (rc or mc)["mem_mb"]
        diff = f", difference {(float(rc['hit_ratio']) - float(mc['hit_ratio'])) * 100:+.2f} points" if rc and mc else ""
        first = rc or mc
        gets = int(first["gets"])
        counted = f"{gets:,} gets after {int(first.get('warmup_gets') or 0):,} warm-up gets"
        ceiling = f"; an unbounded cache: {float(first['ceiling']) * 100:.2f} %" if first.get("ceiling") else ""
        print(f"  {name:6} -m {mem}, {counted}: " + ", ".join(parts) + diff + ceiling)


def main():
    d = sys.argv[1]
    load_tables(rows_of(d, "load.csv"))
    memory_table(rows_of(d, "memory.csv"))
    idle_table(rows_of(d, "idle.csv"))
    hit_table(rows_of(d, "hitratio.csv"))


if __name__ == "__main__":
    main()
