"""Validator benchmarks (issue 3), measured side by side in one run on a generated course.

The course: 300 session pages with about 10 diagrams, 10 bash blocks and 20 links each
(`generate_course.py`). Reported:

1. plain `mkdocs build` (same config, no hooks) against `mkdocs build` with the hooks,
   cold (empty caches) and warm (second build). Target: at most 1.25x.
2. full CLI mermaid check (rendered in Chromium), diagrams per second, cold. Target: >= 50/s.
3. the same per diagram against `mmdc` (@mermaid-js/mermaid-cli driving Debian's Chromium,
   one call per diagram). Target: >= 50x faster.
4. a second CLI run with a warm cache against the cold one. Target: >= 10x faster.

    .venv/bin/python benchmarks/bench_validators.py [--sessions 300] [--mmdc-samples 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate_course import generate

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
MMDC = BENCH / "node_modules" / ".bin" / "mmdc"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def mkdocs_build(config: Path, site: Path) -> float:
    return timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                  "-d", str(site)], config.parent)  # fmt: skip


def check(config: Path) -> float:
    report = str(config.parent / "report.json")
    command = [sys.executable, "-m", "validators", "check", "--quiet", "-f", str(config),
               "--only", "mermaid", "--format", "json", "--output", report]  # fmt: skip
    return timed(command, config.parent)


def mmdc_per_diagram(samples: int, work: Path) -> float:
    if not MMDC.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BENCH,
                       env=dict(ENV, PUPPETEER_SKIP_DOWNLOAD="1"), check=True)  # fmt: skip
    puppeteer = work / "puppeteer.json"
    puppeteer.write_text(json.dumps({
        "executablePath": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }))  # fmt: skip
    total = 0.0
    for index in range(samples):
        source = work / f"d{index}.mmd"
        source.write_text(f"graph TB\n    A[Client {index}] --> B[Daemon]\n    B --> C[Images]\n")
        total += timed([str(MMDC), "-p", str(puppeteer), "-i", str(source), "-o",
                        str(work / f"d{index}.svg")], work)  # fmt: skip
    return total / samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--mmdc-samples", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind (best kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        config = generate(work / "course", args.sessions)
        diagrams = sum(p.read_text().count("```mermaid") for p in (work / "course").rglob("*.md"))
        plain = work / "course" / "plain.yml"
        plain.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_name: plain\n"
                         f"theme:\n  custom_dir: {ROOT / 'overrides'}\nhooks: []\n")  # fmt: skip
        cache = work / "course" / ".cache"

        shutil.rmtree(cache, ignore_errors=True)
        hooks_cold = mkdocs_build(config, work / "site")
        plain_runs, warm_runs = [], []
        for _ in range(args.repeat):  # alternated, best of each: the machine is noisy
            plain_runs.append(mkdocs_build(plain, work / "plain-site"))
            warm_runs.append(mkdocs_build(config, work / "site"))

        shutil.rmtree(cache, ignore_errors=True)
        cold = check(config)
        warm = check(config)
        mmdc = mmdc_per_diagram(args.mmdc_samples, work)

    plain_best, hooks_warm = min(plain_runs), min(warm_runs)
    rate = diagrams / cold
    rows = [
        ("pages / diagrams", f"{args.sessions} / {diagrams}", ""),
        ("mkdocs build, plain (best)", f"{plain_best:.2f} s", ""),
        ("mkdocs build, hooks, cold caches", f"{hooks_cold:.2f} s",
         f"{hooks_cold / plain_best:.2f}x plain"),
        ("mkdocs build, hooks, warm (best)", f"{hooks_warm:.2f} s",
         f"{hooks_warm / plain_best:.2f}x plain (target <= 1.25x)"),
        ("CLI mermaid check, cold", f"{cold:.2f} s", f"{rate:.1f} diagrams/s (target >= 50)"),
        ("CLI mermaid check, warm", f"{warm:.2f} s", f"{cold / warm:.1f}x faster (target >= 10x)"),
        ("mmdc, one call per diagram", f"{mmdc:.2f} s/diagram",
         f"{mmdc * rate:.0f}x slower than the check (target >= 50x)"),
    ]  # fmt: skip
    for name, value, note in rows:
        print(f"{name:36} {value:>18}  {note}")


if __name__ == "__main__":
    main()
