"""Parallel pages (issue 5): four independent pages of about 20 container commands each,
run with `--jobs 1` and `--jobs 2`, side by side. Target: jobs 2 at least 1.7x faster on
2 cores. Every page publishes port 8080 and creates `pair1-network`: under jobs 2 they
share nothing because each worker has its own daemon.

Needs docker.io, rootlesskit, uidmap, bubblewrap and busybox-static (and root, or a
/etc/subuid range).  Run: .venv/bin/python -m benchmarks.bench_jobs
[--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.fixtures.exec.fixture_images import build_archive
from validators.checks.exec import run_pages
from validators.page import parse_page

PAGES = 4


def lesson(number: int) -> str:
    """A lesson page: about 20 container commands, as a session's hands-on part has."""
    commands = [
        "docker network create pair1-network",
        "docker run -d --name web --network pair1-network -p 8080:80 fixture/web:latest",
        "docker run -d --name db --network pair1-network fixture/busybox:latest",
        "docker run -d --name cache --network pair1-network fixture/busybox:latest",
        "docker ps",
        "docker logs web",
        "docker exec web ping -c 1 db",
        "docker exec db nslookup web",
        "docker exec cache ping -c 1 web",
        "docker inspect web --format '{{.State.Status}}'",
        "docker network inspect pair1-network",
        "docker exec web sh -c \"echo 'test' > /tmp/newfile.txt\"",
        "docker diff web",
        "docker run --rm fixture/busybox:latest echo one-off",
        "docker stop cache",
        "docker start cache",
        "docker restart db",
        "docker stop web db cache",
        "docker rm web db cache",
        "docker network rm pair1-network",
    ]
    body = "\n".join(commands)
    return f"# Lesson {number}\n\n```bash\n{body}\n```\n"


def run(pages: list, docs: Path, archive: Path, jobs: int) -> float:
    started = time.perf_counter()
    report = run_pages(pages, docs_dir=docs, image_archives=[archive], timeout=60, jobs=jobs)
    seconds = time.perf_counter() - started
    assert not report.findings, "\n".join(map(str, report.findings))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder)
        archive = build_archive(docs / "fixtures.tar")
        pages = [parse_page(f"lesson_{n}.md", lesson(n)) for n in range(1, PAGES + 1)]
        commands = sum(page.text.count("\ndocker ") for page in pages)
        serial, parallel = [], []
        for _ in range(args.rounds):  # alternate, so that drift hits both alike
            serial.append(run(pages, docs, archive, jobs=1))
            parallel.append(run(pages, docs, archive, jobs=2))
    one, two = statistics.median(serial), statistics.median(parallel)
    speedup = one / two
    print(f"pages x commands   {PAGES} x {commands // PAGES}   (cores: {os.cpu_count()})")
    print(f"--jobs 1           {one:6.2f} s   (rounds: {', '.join(f'{s:.2f}' for s in serial)})")
    print(f"--jobs 2           {two:6.2f} s   (rounds: {', '.join(f'{s:.2f}' for s in parallel)})")
    print(f"speedup            {speedup:6.2f}x  (target >= 1.7x)")
    print("PASS" if speedup >= 1.7 else "FAIL")
    raise SystemExit(0 if speedup >= 1.7 else 1)


if __name__ == "__main__":
    main()
