"""`check --page` costs what is asked (issue 13), measured side by side in one run.

On the real-course-like course (360 pages, `generate_course.py --mode real`), warm caches:
`python -m validators check --page …` of 5 pages in three days against the full check
(default checks), each the best of `--repeat`, alternated; wall time (a process each, as an
author runs it) and the time the report states (after start-up).

    .venv/bin/python -m benchmarks.bench_page [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate_course import generate_real

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
PAGES = [
    "week_01/day2/session_1.md",
    "week_01/day2/lab_1.md",
    "week_03/day4/session_3.md",
    "november/week_01/day1/README.md",
    "november/week_01/day1/session_2.md",
]


def check(config: Path, *pages: str) -> tuple[float, float, int]:
    """(wall seconds, the report's seconds, pages checked)."""
    report = config.parent / "report.json"
    command = [sys.executable, "-m", "validators", "check", "--quiet", "-f", str(config),
               "--format", "json", "--output", str(report)]  # fmt: skip
    for page in pages:
        command += ["--page", page]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=config.parent, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"check failed:\n{result.stderr[-3000:]}")
    stats = json.loads(report.read_text(encoding="utf-8"))["stats"]
    return wall, stats["seconds"], stats["pages"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = generate_real(Path(tmp) / "real")
        check(config)  # warm the caches (diagrams, blocks, links)
        full, page = [], []
        for _ in range(args.repeat):
            full.append(check(config))
            page.append(check(config, *PAGES))
    best_full, best_page = min(full), min(page)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"full check ({best_full[2]} pages): {best_full[0]:.2f} s wall, {best_full[1]:.2f} s")
    print(f"--page, 5 pages ({best_page[2]} checked): {best_page[0]:.2f} s wall, "
          f"{best_page[1]:.2f} s")  # fmt: skip
    print(f"ratio: {best_page[0] / best_full[0]:.3f} wall, {best_page[1] / best_full[1]:.3f} "
          "after start-up")  # fmt: skip


if __name__ == "__main__":
    main()
