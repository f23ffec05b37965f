#!/usr/bin/env python3
"""Turn a criterion run of `cargo bench` (benches/codec.rs + benches/peers.rs,
same groups) into markdown tables of throughput and ratios against the peers,
computed within that run, and check the targets of the performance issues.

Usage:
    cargo bench --bench codec --bench peers -- --noplot --warm-up-time 1 --measurement-time 2
    python3 tools/bench-summary.py          # tables of this run; the run is
                                            # appended to target/bench-summary/runs.jsonl
    python3 tools/bench-summary.py --runs   # the target ratios of every recorded run
    python3 tools/bench-summary.py --runs --levels   # every row x its main peer, per run
    python3 tools/bench-summary.py --check  # exit 1 when a target is missed

Throughput is the multi-string's byte size over the **fastest sample** of each
benchmark (criterion's `sample.json`): on a shared machine noise only adds
time, so the best sample is the most repeatable figure (`--mean` uses
criterion's mean instead).

Rows: `clusctl` is the default build at the detected SIMD level;
`clusctl@LEVEL` forces one level (`portable` is the code without SIMD; `sse2`
is what a `--no-default-features` build, without `std`, runs on x86-64).
"""
import json
import os
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CRITERION = os.path.join(ROOT, "target", "criterion")
RUNS = os.path.join(ROOT, "target", "bench-summary", "runs.jsonl")
GIB = 1024 ** 3
LEVELS = ["portable", "sse2", "sse4.2", "avx2", "avx512"]


def load(use_mean):
    """{group: {function: (ns_per_iter, throughput_kind, amount)}}"""
    groups = {}
    for dirpath, _dirs, files in os.walk(CRITERION):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        ns = None
        if not use_mean and "sample.json" in files:
            with open(os.path.join(dirpath, "sample.json")) as f:
                sample = json.load(f)
            ns = min(t / i for t, i in zip(sample["times"], sample["iters"]) if i)
        if ns is None:
            with open(os.path.join(dirpath, "estimates.json")) as f:
                ns = json.load(f)["mean"]["point_estimate"]
        tp = bench.get("throughput") or {}
        kind, amount = next(iter(tp.items())) if tp else (None, None)
        groups.setdefault(bench["group_id"], {})[bench["function_id"]] = (ns, kind, amount)
    return groups


def rate(entry):
    ns, kind, amount = entry
    if kind == "Bytes":
        return amount / (ns * 1e-9) / GIB  # GiB/s
    if kind == "Elements":
        return ns / amount  # ns per element (lower is better)
    return None


def checks(group, row):
    """The targets of `row` in `group`: [(peer, minimum ratio)]; the peer
    "best" is the fastest peer of the group."""
    kind, _, name = group.partition("/")
    big = name.startswith(("ascii-1MiB", "mixed-1MiB"))
    three = name.startswith("three")
    if kind == "split":
        if row == "clusctl@sse2" and (big or three):
            return [("memmem", 2.0)]  # the no_std build's level
        if row != "clusctl":
            return []
        if big:
            return [("memmem", 2.5)]
        if three:
            return [("memmem", 2.0)]
        return []
    if row != "clusctl":
        return []
    if kind == "decode" and (big or three):
        out = [("encoding_rs", 1.2)]
        if name.startswith("mixed"):
            out.append(("best", 0.7))
        else:
            out += [("simdutf", 1.0), ("best", 0.8)]
        return out
    if kind == "encode" and (big or three):
        return [("encoding_rs", 1.0), ("simdutf", 0.75)]
    if kind == "catalog":
        return [("linear-scan", 10.0)]
    return []


def main_peer(group, peers):
    kind = group.partition("/")[0]
    preferred = {"split": "memmem", "encode": "simdutf", "catalog": "linear-scan"}.get(kind)
    if preferred in peers:
        return preferred
    return best_peer(peers)


def best_peer(peers):
    if not peers:
        return None
    kind = next(iter(peers.values()))[1]
    if kind == "Bytes":
        return max(peers, key=lambda p: rate(peers[p]))
    return min(peers, key=lambda p: rate(peers[p]))


def ratio(ours, theirs, kind):
    return ours / theirs if kind == "Bytes" else theirs / ours


def summarize(groups):
    rows = []
    for group in sorted(groups):
        funcs = groups[group]
        ours = {k: v for k, v in funcs.items() if k.startswith("clusctl")}
        peers = {k: v for k, v in funcs.items() if not k.startswith("clusctl")}
        best = best_peer(peers)
        for name in sorted(ours, key=lambda n: (n != "clusctl", n)):
            kind = ours[name][1]
            r = {"group": group, "row": name, "ours": rate(ours[name]), "kind": kind}
            mp = main_peer(group, peers)
            if mp:
                r["peer"] = mp
                r["peer_rate"] = rate(peers[mp])
                r["ratio"] = ratio(r["ours"], r["peer_rate"], kind)
            results = []
            for peer, minimum in checks(group, name):
                p = best if peer == "best" else peer
                if p not in peers:
                    continue
                q = ratio(r["ours"], rate(peers[p]), kind)
                results.append({"peer": p, "best": peer == "best", "min": minimum, "ratio": q, "met": q >= minimum})
            if group.startswith("catalog") and name == "clusctl":
                results.append({"peer": "absolute", "best": False, "min": 50.0, "ratio": r["ours"], "met": r["ours"] < 50.0})
            r["checks"] = results
            if name == "clusctl" and "clusctl-lenient" in ours and kind == "Bytes":
                r["lenient_vs_strict"] = rate(ours["clusctl-lenient"]) / r["ours"]
            rows.append(r)
    return rows


def fmt_rate(value, kind):
    if value is None:
        return "-"
    return f"{value:.2f} GiB/s" if kind == "Bytes" else f"{value:.1f} ns/op"


def fmt_check(c):
    if c["peer"] == "absolute":
        return f"< 50 ns: {'yes' if c['met'] else '**no**'}"
    name = f"best ({c['peer']})" if c["best"] else c["peer"]
    mark = "yes" if c["met"] else "**no**"
    return f"× {name} {c['ratio']:.2f} ≥ {c['min']}: {mark}"


def tables(rows):
    out = [
        "| workload | clusctl | main peer | peer | × peer | targets |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r["row"] != "clusctl":
            continue
        ratio_s = f"{r['ratio']:.2f}" if "ratio" in r else "-"
        tgt = "; ".join(fmt_check(c) for c in r["checks"]) or "-"
        out.append(
            f"| {r['group']} | {fmt_rate(r['ours'], r['kind'])} | "
            f"{fmt_rate(r.get('peer_rate'), r['kind'])} | {r.get('peer', '-')} | {ratio_s} | {tgt} |"
        )
    level_rows = [r for r in rows if r["row"].startswith("clusctl@")]
    if level_rows:
        out += ["", "Per SIMD level: GiB/s (× main peer of the group: memmem for split, simdutf for encode, the best peer for decode)", ""]
        present = [l for l in LEVELS if any(r["row"] == f"clusctl@{l}" for r in level_rows)]
        out.append("| workload | " + " | ".join(present) + " |")
        out.append("|---|" + "---|" * len(present))
        for group in sorted({r["group"] for r in level_rows}):
            cells = []
            for l in present:
                r = next((r for r in level_rows if r["group"] == group and r["row"] == f"clusctl@{l}"), None)
                if r is None:
                    cells.append("-")
                    continue
                cell = f"{r['ours']:.2f}"
                if "ratio" in r:
                    cell += f" ({r['ratio']:.2f})"
                for c in r["checks"]:
                    cell += f" {'≥' if c['met'] else '**<**'} {c['min']}"
                cells.append(cell)
            out.append(f"| {group} | " + " | ".join(cells) + " |")
    lenient = [r for r in rows if "lenient_vs_strict" in r]
    if lenient:
        out += ["", "| split workload | lenient ÷ strict | within 10% |", "|---|---|---|"]
        for r in lenient:
            ok = "yes" if r["lenient_vs_strict"] >= 0.9 else "**no**"
            out.append(f"| {r['group']} | {r['lenient_vs_strict']:.2f} | {ok} |")
    missed = [(r, c) for r in rows for c in r["checks"] if not c["met"]]
    out += ["", f"targets checked: {sum(len(r['checks']) for r in rows)}, missed: {len(missed)}"]
    for r, c in missed:
        out.append(f"- missed: {r['group']} {r['row']}: {fmt_check(c)}")
    return "\n".join(out)


def runs_table():
    if not os.path.exists(RUNS):
        print("no recorded run")
        return 0
    runs = [json.loads(l) for l in open(RUNS)]
    keys = []
    for run in runs:
        for r in run["rows"]:
            for c in r.get("checks", []):
                k = (r["group"], r["row"], c["peer"] if not c["best"] else "best", c["min"])
                if k not in keys:
                    keys.append(k)
    print("| workload | row | × | target | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " |")
    print("|---|---|---|---|" + "---|" * len(runs))
    for group, row, peer, minimum in sorted(keys):
        cells = []
        for run in runs:
            r = next((r for r in run["rows"] if r["group"] == group and r["row"] == row), None)
            c = None
            if r:
                c = next((c for c in r.get("checks", []) if (c["peer"] if not c["best"] else "best") == peer and c["min"] == minimum), None)
            if c is None:
                cells.append("-")
            elif peer == "absolute":
                cells.append(f"{c['ratio']:.1f} ns")
            else:
                cells.append(f"{c['ratio']:.2f}" + ("" if c["met"] else " ✗"))
        print(f"| {group} | {row} | {peer} | {minimum} | " + " | ".join(cells) + " |")
    return 0


def runs_levels_table():
    """Every row's ratio to its group's main peer, per recorded run, and the
    range over the runs."""
    if not os.path.exists(RUNS):
        print("no recorded run")
        return 0
    runs = [json.loads(l) for l in open(RUNS)]
    keys = sorted({(r["group"], r["row"], r.get("peer")) for run in runs for r in run["rows"] if "ratio" in r})
    print("| workload | row | × | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " | range |")
    print("|---|---|---|" + "---|" * len(runs) + "---|")
    for group, row, peer in keys:
        vals = []
        for run in runs:
            r = next((r for r in run["rows"] if r["group"] == group and r["row"] == row and "ratio" in r), None)
            vals.append(r["ratio"] if r else None)
        present = [v for v in vals if v is not None]
        rng = f"{min(present):.2f}–{max(present):.2f}" if present else "-"
        cells = [f"{v:.2f}" if v is not None else "-" for v in vals]
        print(f"| {group} | {row} | {peer} | " + " | ".join(cells) + f" | {rng} |")
    return 0


def main(argv):
    if "--runs" in argv and "--levels" in argv:
        return runs_levels_table()
    if "--runs" in argv:
        return runs_table()
    groups = load("--mean" in argv)
    if not groups:
        print("no criterion results under target/criterion: run `cargo bench` first", file=sys.stderr)
        return 2
    rows = summarize(groups)
    print(tables(rows))
    if "--no-record" not in argv:
        os.makedirs(os.path.dirname(RUNS), exist_ok=True)
        with open(RUNS, "a") as f:
            f.write(json.dumps({"time": time.time(), "rows": rows}) + "\n")
    if "--check" in argv and any(not c["met"] for r in rows for c in r["checks"]):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
