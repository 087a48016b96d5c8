#!/usr/bin/env python3
"""Compare civitas CSV output with bench.R output: max relative differences per column.
Usage: compare.py CIVITAS.csv R.csv  (exit 1 if estimates differ by > 1e-7 or se/ci by > 1e-6)"""
import csv
import sys


def load(path):
    with open(path) as f:
        return {(r["variable"], r["by"], r["domain"]): r for r in csv.DictReader(f)}


ours, theirs = load(sys.argv[1]), load(sys.argv[2])
missing = [k for k in theirs if k not in ours]
worst = {}
for key, r in theirs.items():
    if key not in ours:
        continue
    for col in ("estimate", "se", "ci_low", "ci_high"):
        a, b = float(ours[key][col]), float(r[col])
        rel = abs(a - b) / max(abs(b), 1e-300)
        worst[col] = max(worst.get(col, 0.0), rel)
print(f"compared {len(theirs) - len(missing)} domain estimates; missing in civitas: {len(missing)}; "
      + "; ".join(f"max rel diff {c} {v:.2e}" for c, v in worst.items()))
# R's svyciprop(method = "logit") returns expit of an IRLS fit: its point estimate (and so the interval
# ends) carry the glm convergence error, ~1e-8; the engine's own R fixtures check estimates to 1e-9.
ok = not missing and worst.get("estimate", 1) <= 1e-7 and all(worst.get(c, 1) <= 1e-6 for c in ("se", "ci_low", "ci_high"))
sys.exit(0 if ok else 1)
