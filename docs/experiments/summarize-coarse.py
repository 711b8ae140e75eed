#!/usr/bin/env python3
"""Tables for docs/results.md from the reports that coarse-pruning.sh leaves in OUT_DIR (standard library only)."""
import csv, json, os, sys

out = sys.argv[1]

def report(name):
    path = os.path.join(out, name + ".report.json")
    return json.load(open(path)) if os.path.exists(path) else None

print("### Least-adversarial vs L1 vs random (one-shot, every layer at the ratio, 1 retraining epoch)\n")
print("| granularity | ratio | selection | conv sparsity | val. MCR after pruning | test MCR after pruning | test MCR after retraining | baseline test MCR |")
print("|---|---|---|---|---|---|---|---|")
for g in ["feature-map", "kernel"]:
    for r in ["0.3", "0.5", "0.7"]:
        for s in ["least-adversarial", "l1", "random"]:
            j = report(f"{g}-{r}-{s}")
            if j is None: continue
            rep, steps = j["report"], j["steps"]
            val_after = steps[-1]["mcrAfterPruning"]
            print(f"| {g} | {r} | {s} | {100*rep['convSparsity']:.1f}% | {val_after:.2f}% | {j['testMcrAfterPruning']:.2f}% | {rep['mcrAfter']:.2f}% | {rep['mcrBefore']:.2f}% |")

print("\n### Combined pruning (layer-wise, feature maps then kernels, least-adversarial N=20, 1 retraining epoch per layer)\n")
print("| feature-map ratio | kernel ratio | conv sparsity | MAC reduction | parameters | test MCR | baseline test MCR | increase (points) |")
print("|---|---|---|---|---|---|---|---|")
for combo in ["0.5-0.4", "0.3-0.75"]:
    j = report(f"combined-{combo}")
    if j is None: continue
    rep = j["report"]
    f, k = combo.split("-")
    print(f"| {f} | {k} | {100*rep['convSparsity']:.1f}% | {100*rep['macReduction']:.1f}% | {rep['effectiveParameters']:,}/{rep['totalParameters']:,} | {rep['mcrAfter']:.2f}% | {rep['mcrBefore']:.2f}% | {rep['mcrAfter']-rep['mcrBefore']:+.2f} |")

for g in ["feature-map", "kernel"]:
    path = os.path.join(out, f"sensitivity-{g}.csv")
    if not os.path.exists(path): continue
    rows = list(csv.DictReader(open(path)))
    ratios = sorted({float(r["ratio"]) for r in rows})
    layers = list(dict.fromkeys(r["layer"] for r in rows))
    print(f"\n### Sensitivity, {g} (validation MCR %, each layer pruned alone by L1, no retraining)\n")
    print("| layer | " + " | ".join(f"{x:g}" for x in ratios) + " |")
    print("|---|" + "---|" * len(ratios))
    for layer in layers:
        vals = {float(r["ratio"]): float(r["mcr"]) for r in rows if r["layer"] == layer}
        print(f"| {layer} | " + " | ".join(f"{vals[x]:.1f}" for x in ratios) + " |")
