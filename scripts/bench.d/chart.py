#!/usr/bin/python3
"""Draws the benchmark chart (PNG, with gnuplot) from a result directory's CSV files:
server CPU per request and throughput for every workload (medians over rounds), the payload
share of -m 64 per value size, and the replay hit ratios; ringcache beside the reference.
Usage: chart.py DIR OUT.png [TITLE]. Exit status 1 when gnuplot is missing or fails."""
import csv
import os
import shutil
import statistics
import subprocess
import sys

# Per section: (ours, reference, third) sides.
SIDES = {"node": ("ringcache", "memcached", None), "proxy": ("proxy", "nutcracker", "direct")}


def rows_of(d, name):
    path = os.path.join(d, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def med(rows, col, scale=1.0):
    vals = [float(r[col]) * scale for r in rows]
    return f"{statistics.median(vals):.3f}" if vals else "-"


def load_data(rows, col, scale=1.0):
    lines = []
    for section, sides in SIDES.items():
        sec = [r for r in rows if r["section"] == section]
        for w in sorted({r["workload"] for r in sec}):
            label = w if section == "node" else f"proxy {w}"
            cells = [med([r for r in sec if r["workload"] == w and r["side"] == s], col, scale) if s else "-"
                     for s in sides]
            lines.append(f'"{label}" ' + " ".join(cells))
    return lines


def pair_data(rows, key, value):
    got = {(r[key], r["server"]): value(r) for r in rows}
    labels = list(dict.fromkeys(r[key] for r in rows))
    return [f'"{k}" {got.get((k, "ringcache"), "-")} {got.get((k, "memcached"), "-")} -' for k in labels]


SERIES = ((2, "ringcache (node, proxy)", "#1f77b4"), (3, "memcached / nutcracker", "#ff7f0e"),
          (4, "a node directly", "#7f7f7f"))


def panel(data, title, ylabel):
    """One clustered bar chart; only the series that have a value are drawn."""
    cells = [line.rsplit('"', 1)[1].split() for line in data]
    values = [float(v) for row in cells for v in row if v != "-"]
    if not values:
        return (f'set title "{title}"\nset yrange [0:1]\nset label 1 "not measured" at graph 0.5,0.5 center\n'
                "plot -1 notitle\nunset label 1\n")
    plots = []
    for col, name, colour in SERIES:
        if any(row[col - 2] != "-" for row in cells):
            using = f"{col}:xtic(1)" if not plots else f"{col}"
            plots.append(f"{'$d' if not plots else chr(39) * 2} using {using} title '{name}' lc rgb '{colour}'")
    block = "\n".join(data)
    # Head room above the tallest bar keeps the key clear of the bars.
    return (f'set title "{title}"\nset ylabel "{ylabel}"\nset yrange [0:{max(values) * 1.3:.3f}]\n'
            f"$d << EOD\n{block}\nEOD\nplot " + ", ".join(plots) + "\n")


def main():
    d, out = sys.argv[1], sys.argv[2]
    title = sys.argv[3] if len(sys.argv) > 3 else "ringcache benchmark"
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        print("chart.py: gnuplot not found (scripts/setup installs gnuplot-nox)", file=sys.stderr)
        return 1
    load = rows_of(d, "load.csv")
    mem = rows_of(d, "memory.csv")
    hit = rows_of(d, "hitratio.csv")
    script = [
        f'set terminal pngcairo size 1100,760 font "DejaVu Sans,9"',
        f'set output "{out}"',
        'set datafile missing "-"',
        "set style data histograms\nset style histogram clustered gap 1\n"
        "set style fill solid 0.85 border -1\nset boxwidth 0.9\nset grid ytics",
        "set key top left horizontal font ',8'\nset xtics font ',8'",
        f'set multiplot layout 2,2 title "{title}"',
        panel(load_data(load, "server_cpu_us_per_req"), "server CPU per request (lower is better)", "us"),
        panel(load_data(load, "rps", 1e-3), "throughput (higher is better)", "thousand req/s"),
        panel(pair_data(mem, "values", lambda r: f"{100 * int(r['payload_bytes']) / int(r['limit_maxbytes']):.1f}"),
              "payload share of -m 64, by value size in B (higher is better)", "%"),
        panel(pair_data(hit, "replay", lambda r: f"{100 * float(r['hit_ratio']):.2f}"),
              "hit ratio at equal memory (higher is better)", "%"),
        "unset multiplot",
    ]
    result = subprocess.run([gnuplot], input="\n".join(script), text=True, timeout=60)
    return 0 if result.returncode == 0 and os.path.exists(out) else 1


if __name__ == "__main__":
    sys.exit(main())
