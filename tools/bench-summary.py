#!/usr/bin/env python3
"""Turn a criterion run of `cargo bench` (benches/codec.rs + benches/peers.rs,
same groups) into a markdown table of throughput and "x best peer" ratios,
computed within that run, and check the targets of the performance issue.

Usage:
    cargo bench -- --noplot            # or with --warm-up-time/--measurement-time
    python3 tools/bench-summary.py     # table of this run; the run is appended
                                       # to target/bench-summary/runs.jsonl
    python3 tools/bench-summary.py --runs   # the ratios of every recorded run

Exit status 1 when a target is not met (with --check).
"""
import json
import os
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CRITERION = os.path.join(ROOT, "target", "criterion")
RUNS = os.path.join(ROOT, "target", "bench-summary", "runs.jsonl")
GIB = 1024 ** 3


def load():
    """{group: {function: (mean_ns, throughput_kind, amount)}}"""
    groups = {}
    for dirpath, _dirs, files in os.walk(CRITERION):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            est = json.load(f)
        tp = bench.get("throughput") or {}
        kind, amount = next(iter(tp.items())) if tp else (None, None)
        groups.setdefault(bench["group_id"], {})[bench["function_id"]] = (
            est["mean"]["point_estimate"],
            kind,
            amount,
        )
    return groups


def rate(entry):
    ns, kind, amount = entry
    if kind == "Bytes":
        return amount / (ns * 1e-9) / GIB  # GiB/s
    if kind == "Elements":
        return ns / amount  # ns per element (lower is better)
    return None


def target(group, best_peer_name):
    """(peer it is compared with, minimum ratio) for a group, or None."""
    kind, _, name = group.partition("/")
    if kind == "split":
        return ("memmem", 1.5 if name.startswith("three") else 2.5)
    if kind == "decode":
        strong = name.endswith("unaligned") or name.startswith("three")
        return (None, 1.3 if strong else 1.0)
    if kind == "encode":
        return (None, 1.0)
    if kind == "catalog":
        return ("linear-scan", 10.0)
    return None


def summarize(groups):
    rows = []
    for group in sorted(groups):
        funcs = groups[group]
        ours = {k: v for k, v in funcs.items() if k.startswith("clusctl")}
        peers = {k: v for k, v in funcs.items() if not k.startswith("clusctl")}
        if "clusctl" not in ours:
            ours_main = next(iter(ours), None)
        else:
            ours_main = "clusctl"
        if ours_main is None:
            continue
        kind = ours[ours_main][1]
        ours_rate = rate(ours[ours_main])
        spec = target(group, None)
        row = {"group": group, "ours": ours_rate, "kind": kind}
        if peers:
            if kind == "Bytes":
                best = max(peers, key=lambda p: rate(peers[p]))
            else:
                best = min(peers, key=lambda p: rate(peers[p]))
            if spec and spec[0] and spec[0] in peers:
                best = spec[0]
            peer_rate = rate(peers[best])
            ratio = ours_rate / peer_rate if kind == "Bytes" else peer_rate / ours_rate
            row.update(peer=best, peer_rate=peer_rate, ratio=ratio)
            if spec:
                row["target"] = spec[1]
                row["met"] = ratio >= spec[1]
                if group.startswith("catalog"):
                    row["met"] = row["met"] and ours_rate < 50.0
        if "clusctl-lenient" in ours and kind == "Bytes":
            row["lenient_vs_strict"] = rate(ours["clusctl-lenient"]) / ours_rate
        rows.append(row)
    return rows


def fmt_rate(value, kind):
    if value is None:
        return "-"
    return f"{value:.2f} GiB/s" if kind == "Bytes" else f"{value:.1f} ns/op"


def table(rows):
    out = [
        "| workload | clusctl | best peer | peer | × peer | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        peer = r.get("peer", "-")
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else "-"
        tgt = f"≥ {r['target']}" if "target" in r else "-"
        if r["group"].startswith("catalog") and "target" in r:
            tgt += ", < 50 ns"
        met = {True: "yes", False: "**no**"}.get(r.get("met"), "-")
        out.append(
            f"| {r['group']} | {fmt_rate(r['ours'], r['kind'])} | "
            f"{fmt_rate(r.get('peer_rate'), r['kind'])} | {peer} | {ratio} | {tgt} | {met} |"
        )
    lenient = [r for r in rows if "lenient_vs_strict" in r]
    if lenient:
        out.append("")
        out.append("| split workload | lenient ÷ strict | within 10% |")
        out.append("|---|---|---|")
        for r in lenient:
            ok = "yes" if r["lenient_vs_strict"] >= 0.9 else "**no**"
            out.append(f"| {r['group']} | {r['lenient_vs_strict']:.2f} | {ok} |")
    return "\n".join(out)


def main(argv):
    if "--runs" in argv:
        if not os.path.exists(RUNS):
            print("no recorded run")
            return 0
        runs = [json.loads(l) for l in open(RUNS)]
        groups = sorted({r["group"] for run in runs for r in run["rows"] if "ratio" in r})
        print("| workload | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " |")
        print("|---|" + "---|" * len(runs))
        for g in groups:
            cells = []
            for run in runs:
                r = next((r for r in run["rows"] if r["group"] == g), None)
                cells.append(f"{r['ratio']:.2f}" if r and "ratio" in r else "-")
            print(f"| {g} | " + " | ".join(cells) + " |")
        return 0
    groups = load()
    if not groups:
        print("no criterion results under target/criterion: run `cargo bench` first", file=sys.stderr)
        return 2
    rows = summarize(groups)
    print(table(rows))
    os.makedirs(os.path.dirname(RUNS), exist_ok=True)
    with open(RUNS, "a") as f:
        f.write(json.dumps({"time": time.time(), "rows": rows}) + "\n")
    if "--check" in argv and any(r.get("met") is False for r in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
