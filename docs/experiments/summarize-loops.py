"""Markdown tables for docs/results.md from the layer-vs-filter runs of layer-vs-filter.sh.
usage: /usr/bin/python3 docs/experiments/summarize-loops.py OUT_DIR"""
import json, math, sys
from pathlib import Path

out = Path(sys.argv[1])
runs = {only: json.loads((out / f"loop-{only}.loop.json").read_text())
        for only in ("both", "layers", "filters", "filters-macs") if (out / f"loop-{only}.loop.json").exists()}

def cka(v):
    v = float(v)
    return "–" if math.isnan(v) else f"{v:.4f}"

for only, run in runs.items():
    print(f"\n#### `{only}`\n")
    print("| iteration | winner | block (layer candidate) | filters (filter candidate) | CKA layer | CKA filter | MACs | params | MAC reduction | validation acc. | seconds |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for i in run["iterations"]:
        print(f"| {i['Iteration']} | {i['Winner']} | {i['RemovedBlock']} | {i['FiltersRemoved']} | {cka(i['LayerCka'])} | {cka(i['FilterCka'])} "
              f"| {i['Macs']:,} | {i['Parameters']:,} | {100 * i['MacReduction']:.1f}% | {100 * i['ValidationAccuracy']:.2f}% | {i['Seconds']:.0f} |")

print("\n| run | iterations | layers / filters won | MAC reduction | params | validation acc. | test acc. |")
print("|---|---|---|---|---|---|---|")
for only, run in runs.items():
    its = run["iterations"]
    last = its[-1]
    wins = sum(i["Winner"] == "layer" for i in its)
    print(f"| {only} | {len(its)} | {wins} / {len(its) - wins} | {100 * last['MacReduction']:.1f}% | {last['Parameters']:,} "
          f"| {100 * last['ValidationAccuracy']:.2f}% | {100 * run['test']['Accuracy']:.2f}% |")
