#!/usr/bin/env python3
"""Picks each method's learning rate from quickstart runs on the validation split only.

Usage: python3 tools/pick_learning_rates.py runs/sweep/lr-*/results.csv

Each results.csv is a quickstart run (`./sure4j quickstart --lr-scale S --out DIR`); its rows carry
the peak learning rate and the best checkpoint's validation score (`val_score`). For every method
and learning rate the script averages the validation score over the tasks (error rates counted as
1 - rate, so higher is better), prints the table, and names the winner per method. Test scores are
never read. Python 3 standard library only.
"""
import csv
import sys
from collections import defaultdict


def goodness(metric, value):
    higher = "accuracy" in metric or metric.endswith("f1")
    return value if higher else 1.0 - value


def main(paths):
    if not paths:
        sys.exit(__doc__)
    # method -> lr -> task -> [val goodness]
    table = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    tasks = []
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                val = float(row["val_score"])
                if val != val:  # NaN: a failed run counts as the worst score
                    val = 0.0 if "accuracy" in row["metric"] else 1.0
                lr = float(row["learning_rate"])
                table[row["method"]][lr][row["task"]].append(goodness(row["metric"], val))
                if row["task"] not in tasks:
                    tasks.append(row["task"])
    print("%-24s %10s %s %8s" % ("method", "lr", " ".join("%8s" % t for t in tasks), "mean"))
    winners = {}
    for method, by_lr in table.items():
        best = None
        for lr in sorted(by_lr):
            per_task = [sum(v) / len(v) for t in tasks for v in [by_lr[lr].get(t, [])] if v]
            if len(per_task) < len(tasks):
                continue
            mean = sum(per_task) / len(per_task)
            print("%-24s %10.2e %s %8.4f" % (
                method, lr, " ".join("%8.4f" % x for x in per_task), mean))
            if best is None or mean > best[1]:
                best = (lr, mean)
        if best is not None:
            winners[method] = best
    print()
    for method, (lr, mean) in winners.items():
        print("winner %-24s lr %.2e (mean validation %.4f)" % (method, lr, mean))


if __name__ == "__main__":
    main(sys.argv[1:])
