"""Exec runner benchmarks (issue 4), side by side in one run.

1. Runner overhead per command: 200 trivial commands through `run_pages` (one persistent
   page shell in the sandbox, each command judged on its own) against the same commands
   run by plain `bash`. Target: at most 15 ms each.
2. Daemon start to first command: from calling `run_pages` until the first command has
   finished. Target: under 2 s.

Needs docker.io, rootlesskit, uidmap, bubblewrap (and root, or a /etc/subuid range).
Run: .venv/bin/python benchmarks/bench_exec.py [--rounds N] (medians of N rounds)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from validators.checks.exec import run_pages
from validators.page import parse_page

COMMANDS = 200


def page_of(commands: list[str]) -> str:
    return "# Benchmark\n\n```bash\n" + "\n".join(commands) + "\n```\n"


def plain_bash(commands: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(["bash", "--noprofile", "--norc", "-c", "\n".join(commands)], check=True)
    return time.perf_counter() - started


def runner(commands: list[str], docs: Path) -> tuple[float, float]:
    """(seconds for the commands after the first, seconds from start to first command)."""
    page = parse_page("bench.md", page_of(commands))
    marks: list[float] = []
    started = time.perf_counter()
    findings = run_pages(
        [page],
        docs_dir=docs,
        timeout=30,
        progress=lambda done, total, where: marks.append(time.perf_counter()),
    ).findings
    ended = time.perf_counter()
    assert not findings, findings
    first_done = marks[1]  # progress is called before each command: mark 1 = first finished
    return ended - first_done, first_done - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=1)
    rounds = parser.parse_args().rounds
    commands = [f"true {index}" for index in range(COMMANDS)]
    measured = []
    with tempfile.TemporaryDirectory() as docs:
        bash_seconds = plain_bash(commands)
        for _ in range(rounds):
            measured.append(runner(commands, Path(docs)))
    rest = statistics.median(m[0] for m in measured)
    start = statistics.median(m[1] for m in measured)
    per_runner = rest / (COMMANDS - 1) * 1000
    per_bash = bash_seconds / COMMANDS * 1000
    overhead = per_runner - per_bash
    print(f"commands                  {COMMANDS}")
    print(f"plain bash                {per_bash:8.3f} ms/command")
    print(f"runner                    {per_runner:8.3f} ms/command")
    print(f"overhead                  {overhead:8.3f} ms/command   (target <= 15 ms)")
    print(f"daemon start -> 1st cmd   {start:8.3f} s           (target < 2 s)")
    ok = overhead <= 15 and start < 2
    print("PASS" if ok else "FAIL")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
