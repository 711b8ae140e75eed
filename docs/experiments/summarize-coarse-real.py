#!/usr/bin/env python3
"""Tables for docs/results.md from the reports coarse-real-budget.sh leaves in OUT_DIR (standard library only).
Prints only the rows whose runs have finished."""
import json, os, statistics, sys

out = sys.argv[1]

def report(name):
    path = os.path.join(out, name + ".report.json")
    return json.load(open(path)) if os.path.exists(path) else None

def row(label, j):
    r = j["report"]
    return (f"| {label} | {100*r['convSparsity']:.1f}% | {100*r['macReduction']:.1f}% | {r['effectiveParameters']:,}/{r['totalParameters']:,} "
            f"| {r['mcrAfter']:.2f}% | {r['mcrBefore']:.2f}% | {r['mcrAfter']-r['mcrBefore']:+.2f} |")

header = ("| run | conv sparsity | MAC reduction | parameters | test MCR | baseline test MCR | increase (points) |\n"
          "|---|---|---|---|---|---|---|")

seeds = [(s, j) for s in range(3) if (j := report(f"combined-s{s}"))]
print("### Headline: combined, least-adversarial N=50, 3 retraining epochs per layer, 10-epoch final fine-tune\n")
print(header)
for s, j in seeds:
    print(row(f"seed {s}", j))
if len(seeds) > 1:
    inc = [j["report"]["mcrAfter"] - j["report"]["mcrBefore"] for _, j in seeds]
    sp = [100 * j["report"]["convSparsity"] for _, j in seeds]
    print(f"| mean ± sd ({len(seeds)} seeds) | {statistics.mean(sp):.1f}% ± {statistics.stdev(sp):.1f} | | | | | {statistics.mean(inc):+.2f} ± {statistics.stdev(inc):.2f} |")

print("\n### Controls at the same schedule and budget (seed 0)\n")
print(header)
for name, label in [("combined-s0", "combined, least-adversarial"), ("combined-l1", "combined, L1"), ("combined-random", "combined, one random mask"),
                    ("feature-map-only", "feature maps only (0.62)"), ("kernel-only", "kernels only (0.87)")]:
    if (j := report(name)): print(row(label, j))

print("\n### Budget curve: retraining per layer (combined, least-adversarial, seed 0, no final fine-tune)\n")
print(header)
for name, label in [("budget-20k-1", "1 epoch of 20,000 images"), ("budget-full-1", "1 epoch, full split"),
                    ("budget-full-3", "3 epochs, full split"), ("budget-full-6", "6 epochs, full split")]:
    if (j := report(name)): print(row(label, j))
