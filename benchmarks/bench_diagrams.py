"""Diagram throughput on real-like lessons (issue 13, part 4), side by side in one run.

The course: `--diagrams` diagrams shaped like the real lessons' (`real_diagrams.py`:
flowcharts of 20-40 nodes with subgraphs, `<br/>` labels and styles, 1 in 12 a sequence
diagram), three to a page. Each figure is measured cold (an empty cache) on this machine:

1. the CLI check, `python -m validators check --only mermaid` (Python start, page parsing,
   Chromium start, the site's verdict and GitHub's): diagrams per second. Target >= 40/s.
   Twice: the first run of all (an empty cache folder), and with every result deleted but
   the Chromium profile kept (its compiled bundles: an author's next new diagrams);
2. the previous verdict (every diagram drawn, `fast=False`, no GitHub verdict) against the
   current one, in-process, and that both find the same;
3. the build's drawing (`keep_svg`: every diagram drawn and its SVG kept for the pages);
4. the CLI again, warm;
5. `mmdc` (@mermaid-js/mermaid-cli, benchmarks/package.json, on Debian's Chromium): one call
   per diagram, and one call for a whole page of diagrams (its Markdown mode).

    .venv/bin/python -m benchmarks.bench_diagrams [--diagrams 480] [--mmdc-samples 4]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.real_diagrams import course_pages
from validators.assets import find_mermaid
from validators.checks.mermaid import MermaidChecker, find_mermaid_github
from validators.page import parse_page
from validators.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


TICK = os.sysconf("SC_CLK_TCK")


def _descendants_cpu(root: int) -> dict[int, float]:
    """CPU seconds of every living descendant of `root`, by pid (from /proc)."""
    parents, used = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        used[pid] = (int(fields[11]) + int(fields[12])) / TICK
    result = {}
    for pid in used:
        ancestor = parents.get(pid)
        while ancestor and ancestor != root:
            ancestor = parents.get(ancestor)
        if ancestor == root:
            result[pid] = used[pid]
    return result


class Timed:
    """Wall and CPU seconds of a block: this process's and its descendants' (Chromium's
    processes too, sampled from /proc every 0.1 s). On a loaded machine, diagrams / (CPU / 2)
    is what two idle cores would do with the same work."""

    def __enter__(self) -> Timed:
        self._seen: dict[int, float] = {}
        self._before = _descendants_cpu(os.getpid())
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        own = resource.getrusage(resource.RUSAGE_SELF)
        self._own = own.ru_utime + own.ru_stime
        self.wall = time.perf_counter()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self._seen.update(_descendants_cpu(os.getpid()))

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self._stop.set()
        self._sampler.join()
        own = resource.getrusage(resource.RUSAGE_SELF)
        spent = own.ru_utime + own.ru_stime - self._own
        spent += sum(cpu - self._before.get(pid, 0.0) for pid, cpu in self._seen.items())
        self.cpu = spent

    def rates(self, count: int) -> str:
        return f"{count / self.wall:.1f}/s wall, {count / (self.cpu / 2):.1f}/s on 2 idle cores"


def write_course(root: Path, count: int) -> Path:
    for path, text in course_pages(count, seed=count).items():
        target = root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_name: bench\n"
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
        "extra:\n  course:\n    cache_dir: cache\n",
        encoding="utf-8",
    )
    return config


def cli_check(config: Path) -> Timed:
    report = str(config.parent / "report.json")
    command = [sys.executable, "-m", "validators", "check", "--quiet", "-f", str(config),
               "--only", "mermaid", "--format", "json", "--output", report]  # fmt: skip
    with Timed() as timed:
        result = subprocess.run(command, cwd=config.parent, env=ENV, capture_output=True)
    if result.returncode not in (0, 1):
        raise SystemExit(f"check failed:\n{result.stdout!r}\n{result.stderr!r}")
    return timed


def in_process(pages: list, cache: Path, **options) -> tuple[Timed, list]:
    shutil.rmtree(cache, ignore_errors=True)
    mermaid_js = find_mermaid(ROOT)
    assert mermaid_js is not None
    with Timed() as timed:
        with MermaidChecker(mermaid_js, cache_dir=cache, timeout=30, **options) as checker:
            findings = checker.check(pages)
    return timed, findings


def mmdc_install() -> Path:
    """mmdc from benchmarks/package.json's lock, installed once outside the repository
    (~/.cache/course-site/mmdc/<digest of the lock>), with no browser download."""
    lock = (BENCH / "package-lock.json").read_bytes()
    folder = Path.home() / ".cache" / "course-site" / "mmdc" / hashlib.sha256(lock).hexdigest()[:12]
    mmdc = folder / "node_modules" / ".bin" / "mmdc"
    if not mmdc.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(BENCH / name, folder / name)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder,
                       env=dict(ENV, PUPPETEER_SKIP_DOWNLOAD="1"), check=True)  # fmt: skip
    return mmdc


def mmdc_run(mmdc: Path, work: Path, source: Path, target: Path) -> None:
    puppeteer = work / "puppeteer.json"
    puppeteer.write_text(json.dumps({"executablePath": "/usr/bin/chromium", "args": CHROMIUM_ARGS}))
    result = subprocess.run([str(mmdc), "-q", "-p", str(puppeteer), "-i", str(source), "-o",
                             str(target)], cwd=work, capture_output=True, text=True)  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"mmdc failed:\n{result.stdout}\n{result.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--diagrams", type=int, default=480)
    parser.add_argument("--mmdc-samples", type=int, default=4, help="0 leaves mmdc out")
    args = parser.parse_args()
    rows = [("load average (1/5/15 min) at start", load(), "")]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        config = write_course(work / "course", args.diagrams)
        docs = work / "course" / "docs"
        pages = [parse_page(p.relative_to(docs).as_posix(), p.read_text("utf-8"))
                 for p in sorted(docs.rglob("*.md"))]  # fmt: skip
        count = sum(1 for page in pages for fence in page.fences if fence.lang == "mermaid")
        rows.append(("pages / diagrams", f"{len(pages)} / {count}", ""))

        cold = cli_check(config)
        warm = cli_check(config)
        results = config.parent / "cache" / "mermaid"
        for entry in results.iterdir():  # every result, not the Chromium profile
            if entry.suffix in (".json", ".svg"):
                entry.unlink()
        fresh = cli_check(config)
        version = Settings().mermaid_github_version
        github = find_mermaid_github(ROOT, version)
        now, found = in_process(pages, work / "c1", github_js=github, github_version=version)
        before, drawn = in_process(pages, work / "c2", fast=False)
        svg, _ = in_process(pages, work / "c3", keep_svg=True)
        same = [f for f in found if f.rule != "mermaid/github"] == drawn
        rows += [
            ("CLI check, cold: first run (site + GitHub verdict)", f"{cold.wall:.2f} s",
             f"{cold.rates(count)} (target >= 40)"),
            ("CLI check, cold results, Chromium profile kept", f"{fresh.wall:.2f} s",
             f"{fresh.rates(count)} (target >= 40)"),
            ("CLI check, warm", f"{warm.wall:.2f} s", f"{cold.wall / warm.wall:.1f}x faster"),
            ("verdict now, in-process (site + GitHub)", f"{now.wall:.2f} s", now.rates(count)),
            ("verdict before, in-process (all drawn)", f"{before.wall:.2f} s",
             f"{before.rates(count)}; now {before.cpu / now.cpu:.1f}x less CPU"),
            ("same findings before and now", str(same), ""),
            ("build's drawing (keep_svg, SVGs kept)", f"{svg.wall:.2f} s", svg.rates(count)),
        ]  # fmt: skip
        if args.mmdc_samples:
            mmdc = mmdc_install()
            codes = [fence.content for page in pages for fence in page.fences][: args.mmdc_samples]
            with Timed() as each:
                for index, code in enumerate(codes):
                    source = work / f"d{index}.mmd"
                    source.write_text(code, encoding="utf-8")
                    mmdc_run(mmdc, work, source, work / f"d{index}.svg")
            page = next(p for p in pages if len(p.fences) >= 3)
            with Timed() as batch:
                mmdc_run(mmdc, work, docs / page.path, work / "page-out.md")
            for name, timed, done in (("one call per diagram", each, len(codes)),
                                      (f"one call for a page of {len(page.fences)}", batch,
                                       len(page.fences))):  # fmt: skip
                ratio = timed.cpu / done * count / cold.cpu
                rows.append((f"mmdc, {name}", f"{timed.wall / done:.2f} s/diagram",
                             f"{timed.rates(done)}; {ratio:.0f}x the check's CPU"))  # fmt: skip
    rows.append(("load average (1/5/15 min) at end", load(), ""))
    for name, value, note in rows:
        print(f"{name:42} {value:>18}  {note}")


if __name__ == "__main__":
    main()
