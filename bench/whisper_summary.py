#!/usr/bin/env python3
"""Prints the Markdown table of a Whisper benchmark from the JSON lines of both sides (sure4j.jsonl and
pytorch.jsonl in the output directory of bench/whisper.sh or bench/whisper-train.sh), then what each side ran on
(bench/machine_info.py). Each side's figure is the median of its runs' medians and the minimum of their minima;
peak RSS the largest of the runs.

Usage: whisper_summary.py OUT_DIR inference|train ALLOCATOR   (run with the interpreter that has torch)
"""
import json
import os
import subprocess
import sys

# targets of issue 28 for the training step, sure4j's time over PyTorch's
TRAIN_TARGETS = {"lora": 0.6, "full": 0.9}


def load(d, f):
    rows = {}
    for r in map(json.loads, open(os.path.join(d, f))):
        rows.setdefault((r["measure"], r["what"]), []).append(r)
    return rows


def med(rs):
    return sorted(r["median_ms"] for r in rs)[len(rs) // 2]


def low(rs):
    return min(r["min_ms"] for r in rs)


def rss(rs):
    return max(r["peak_rss_mb"] for r in rs)


def inference(j, p):
    print("| measure | sure4j ms median (min) | PyTorch ms median (min) | ratio (sure4j / PyTorch) |")
    print("|---|---:|---:|---:|")
    for key in j:
        a, b = j[key], p[key]
        unit = "per token, " if key[0] == "decode" else ""
        print(f"| {key[0]}, {unit}{key[1]} | {med(a):.2f} ({low(a):.2f}) | {med(b):.2f} ({low(b):.2f}) | "
              f"{med(a) / med(b):.2f} |")
    first = lambda rows: next(iter(rows.values()))
    print()
    print(f"Peak RSS: sure4j {rss(first(j)):.0f} MB, PyTorch {rss(first(p)):.0f} MB; load at the end of the sure4j "
          f"runs: {first(j)[-1]['load']}.")


def train(j, p):
    print("| method | side | ms per step median (min) | ratio (sure4j / PyTorch) | target | peak RSS MB | runs x steps |")
    print("|---|---|---:|---:|---|---:|---:|")
    for key in j:
        a, b = j[key], p[key]
        ratio = med(a) / med(b)
        goal = TRAIN_TARGETS[key[1]]
        met = "met" if ratio <= goal and rss(a) <= rss(b) else "missed"
        for side, rs in (("sure4j", a), ("PyTorch", b)):
            shown = f"{ratio:.2f}" if side == "sure4j" else "1"
            target = f"<= {goal} and RSS <= PyTorch's: {met}" if side == "sure4j" else ""
            print(f"| {key[1]} | {side} | {med(rs):.0f} ({low(rs):.0f}) | {shown} | {target} | {rss(rs):.0f} | "
                  f"{len(rs)} x {rs[0]['repeats']} |")
    print()
    loads = [r["load"] for rs in j.values() for r in rs]
    print(f"Load at the end of each sure4j run: {'; '.join(loads)}.")


def main():
    d, mode, alloc = sys.argv[1:4]
    j, p = load(d, "sure4j.jsonl"), load(d, "pytorch.jsonl")
    (train if mode == "train" else inference)(j, p)
    engine = next(iter(j.values()))[0]["engine"]
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "machine_info.py"),
                    engine, alloc], check=True)


if __name__ == "__main__":
    main()
