"""The author's loop (issue 13), measured side by side in one run.

On a real-course-like course of 360 pages (`generate_course.py --mode real`) and on the
generated 300-session course, with the site's hooks (all of mkdocs.yml's `hooks:`):

1. `mkdocs build` with the hooks, warm caches, no network, no `link_exclude`, against a
   plain build of the same config without hooks (best of `--repeat`, alternated).
   Target: at most 1.2x.
2. `mkdocs serve --dirty` (the README's command, `make serve`): the time to serve, against
   the plain build; then a saved edit to one page (a new paragraph and a broken link) until
   the page shows it and its findings (`course-health/findings.json`) have the new
   finding, against the plain build. Target: at most 1 s, and start about one plain build
   (the first start of a session also fills the diagrams' fast-tier cache; the second is
   timed too). A title change (the nav of every page) is timed as well.

    .venv/bin/python -m benchmarks.bench_serve [--repeat 3] [--edits 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.generate_course import generate, generate_real

ROOT = Path(__file__).resolve().parent.parent
# This tree's hooks and validators (not those of the editable install's checkout)
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))


def build(config: Path, site: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        cwd=config.parent, env=ENV, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - started


def plain_config(course: Path) -> Path:
    plain = course / "plain.yml"
    plain.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_name: plain\n"
                     f"theme:\n  custom_dir: {ROOT / 'overrides'}\nhooks: []\n")  # fmt: skip
    return plain


def builds(config: Path, repeat: int) -> tuple[float, float, float]:
    """(cold hooks build, best plain build, best warm hooks build)."""
    course = config.parent
    shutil.rmtree(course / ".cache", ignore_errors=True)
    cold = build(config, course / "site")
    plain, warm = [], []
    for _ in range(repeat):
        plain.append(build(plain_config(course), course / "plain-site"))
        warm.append(build(config, course / "site"))
    return cold, min(plain), min(warm)


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def _until(check, seconds: float = 120.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        try:
            if check():
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit("not seen in time")


def serve(config: Path, edits: int) -> tuple[float, list[float], float]:
    """(start, edit-to-visible per edit, title edit to a rebuilt nav) of `mkdocs serve`
    (no edits, no title edit with `edits=0`)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    log = config.parent / "serve.log"
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config),
             "-a", f"127.0.0.1:{port}"],
            cwd=config.parent, env=ENV, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _until(lambda: "Serving on" in log.read_text(), 900)
        start = time.perf_counter() - started
        docs = config.parent / "docs"
        times = []
        for number in range(edits):
            page = f"week_0{1 + number % 5}/day{1 + number % 5}/session_{1 + number % 4}.md"
            path = docs / page
            text = path.read_text(encoding="utf-8")
            marker = f"edit{number}x{int(time.time())}"
            edited = text.replace(
                "## 🎯 학습 목표", f"{marker} [x](./{marker}.md)\n\n## 🎯 학습 목표"
            )
            time.sleep(1.5)  # a quiet moment before the save, as an author's
            written = time.perf_counter()
            path.write_text(edited, encoding="utf-8")
            address = url + page.removesuffix(".md") + "/"
            _until(lambda a=address, m=marker: m in _get(a))
            _until(lambda m=marker: m in _get(url + "course-health/findings.json"))
            times.append(time.perf_counter() - written)
            path.write_text(text, encoding="utf-8")
            time.sleep(1.5)
        if not edits:
            return start, [], 0.0
        page = docs / "week_02/day2/lab_1.md"
        text = page.read_text(encoding="utf-8")
        head, rest = text.split("\n", 1)
        time.sleep(1.5)
        written = time.perf_counter()
        page.write_text(head + " 개정\n" + rest, encoding="utf-8")
        _until(lambda: "개정" in _get(url + "week_05/day5/"))  # a page not edited
        title = time.perf_counter() - written
        page.write_text(text, encoding="utf-8")
        return start, times, title
    finally:
        process.terminate()
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind (best kept)")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        real = generate_real(work / "real")
        cold, plain, warm = builds(real, args.repeat)
        rows += [
            ("real-like course: pages", "360", ""),
            ("  mkdocs build, plain (best)", f"{plain:.2f} s", ""),
            ("  mkdocs build, hooks, cold", f"{cold:.2f} s", f"{cold / plain:.2f}x plain"),
            ("  mkdocs build, hooks, warm (best)", f"{warm:.2f} s",
             f"{warm / plain:.2f}x plain (target <= 1.2x)"),
        ]  # fmt: skip
        cold_start = serve(real, 0)[0]  # its diagrams' fast tier not yet cached
        start, times, title = serve(real, args.edits)
        median = statistics.median(times)
        rows += [
            ("  mkdocs serve --dirty, first start", f"{cold_start:.2f} s",
             f"{cold_start / plain:.2f}x plain"),
            ("  mkdocs serve --dirty, start", f"{start:.2f} s", f"{start / plain:.2f}x plain"),
            ("  serve: edit to visible (median)", f"{median:.2f} s",
             f"{median / plain:.3f}x plain (target <= 1 s)"),
            ("  serve: edit to visible (worst)", f"{max(times):.2f} s", ""),
            ("  serve: title edit to every page's nav", f"{title:.2f} s",
             f"{title / plain:.2f}x plain"),
        ]  # fmt: skip
        generated = generate(work / "generated", 300)
        cold, plain, warm = builds(generated, args.repeat)
        rows += [
            ("generated course: pages", "300", ""),
            ("  mkdocs build, plain (best)", f"{plain:.2f} s", ""),
            ("  mkdocs build, hooks, warm (best)", f"{warm:.2f} s",
             f"{warm / plain:.2f}x plain (target <= 1.2x)"),
        ]  # fmt: skip
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    for name, value, note in rows:
        print(f"{name:42} {value:>10}  {note}")


if __name__ == "__main__":
    main()
