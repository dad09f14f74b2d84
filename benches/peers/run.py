#!/usr/bin/env python3
"""Side-by-side runs of toporeg and the reference tools.

Run through `cargo xtask bench-peers`, which installs the peers into
target/peers-venv and builds the toporeg side first.

Every case lives in a `cases_*.py` module beside this file, as a `Case` in
its list `CASES`. Each (case, tool) pair runs in a fresh process, so that the
peak resident memory (from wait4) belongs to that tool alone; the process
loads its input, runs the computation `repeats` times and reports the best
wall time of the computation itself (input loading excluded), as JSON on its
last line of output.

- A Python tool is a function `fn(data)`, where `data` is what the case's
  `prepare()` returned.
- The toporeg tool is a binary from `--bin-dir` with arguments; it prints
  `{"seconds": s, "peak_mib": m}` the same way (toporeg_benches::report).

Usage: run.py --bin-dir target/release [--only SUBSTRING] [--repeats N]
"""

import argparse
import dataclasses
import importlib
import json
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = ROOT / "tests" / "data"  # the reference cases kept in the repository


@dataclasses.dataclass
class Case:
    """One input and the tools to run on it."""

    name: str
    prepare: object  # () -> data, for the Python tools
    toporeg: list  # [binary name, args...]
    peers: dict  # tool name -> fn(data)
    repeats: int = 3
    note: str = ""


def load_cases():
    sys.path.insert(0, str(HERE))
    cases = []
    for path in sorted(HERE.glob("cases_*.py")):
        module = importlib.import_module(path.stem)
        for case in module.CASES:
            cases.append((path.stem, case))
    return cases


def child(module_name, case_name, tool, repeats):
    sys.path.insert(0, str(HERE))
    module = importlib.import_module(module_name)
    case = next(c for c in module.CASES if c.name == case_name)
    data = case.prepare()
    fn = case.peers[tool]
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn(data)
        best = min(best, time.perf_counter() - t)
    print(json.dumps({"seconds": best, "peak_mib": peak_rss_mib()}))


def peak_rss_mib():
    """Peak resident memory of this process (VmHWM starts afresh at exec)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def measure(cmd):
    """Runs cmd, returns (seconds reported by it, peak RSS in MiB).

    The peak is what the process reports of itself (VmHWM, which starts
    afresh at exec); wait4's ru_maxrss, the fallback, also counts the forked
    runner before exec, a floor of some 30 MiB."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read()
    err = proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    last = [line for line in out.splitlines() if line.strip()][-1]
    result = json.loads(last)
    return result["seconds"], result.get("peak_mib") or usage.ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin-dir", default=str(ROOT / "target" / "release"))
    parser.add_argument("--only", default="")
    parser.add_argument("--repeats", type=int, default=0, help="override each case's repeat count")
    parser.add_argument("--child", nargs=3, metavar=("MODULE", "CASE", "TOOL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.repeats or 1)
        return

    rows = []
    for module_name, case in load_cases():
        if args.only and args.only not in case.name:
            continue
        repeats = args.repeats or case.repeats
        print(f"-- {case.name}" + (f" ({case.note})" if case.note else ""), flush=True)
        binary, *bin_args = case.toporeg
        results = {}
        cmd = [str(pathlib.Path(args.bin_dir) / binary), *bin_args, "--repeats", str(repeats)]
        results["toporeg"] = measure(cmd)
        for tool in case.peers:
            cmd = [sys.executable, str(HERE / "run.py"), "--repeats", str(repeats), "--child", module_name, case.name, tool]
            try:
                results[tool] = measure(cmd)
            except RuntimeError as e:
                print(f"   {tool}: failed: {e}", flush=True)
        base_t, base_m = results["toporeg"]
        for tool, (t, m) in results.items():
            rows.append((case.name, tool, t, m, t / base_t, m / base_m))
            print(f"   {tool:<22} {t:10.4f} s {m:9.1f} MiB", flush=True)

    print()
    print("| case | tool | time (s) | peak RSS (MiB) | time / toporeg | memory / toporeg |")
    print("|---|---|---:|---:|---:|---:|")
    for name, tool, t, m, rt, rm in rows:
        print(f"| {name} | {tool} | {t:.3g} | {m:.1f} | {rt:.2f}x | {rm:.2f}x |")


if __name__ == "__main__":
    main()
