"""Course search benchmark (issue 14): this project's search beside Material's built-in
(lunr) search, on the same sites, typed into the search box in Chromium.

1. Quality on the course sample (`--sample`, default /work/shared/course-sample/): the
   queries and ground truth of `benchmarks/sample_queries.py`; recall@10 per kind.
2. First answer after load on a generated 360-page course (`tests/search_lessons.py`,
   lessons made longer with `--lines`): ms from the page's load event to the first result
   row, a query typed right at load, in a fresh browser context; median of `--runs`.
   Also on the sample.
3. Build cost: `mkdocs build` of the generated course with the search hook, cold (no
   analysis cache) and warm, beside the build without it.

    .venv/bin/python -m benchmarks.bench_search [--pages 360] [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

from benchmarks.sample_queries import QUERIES, ground_truth
from benchmarks.search_browser import ARGS, CHROMIUM, first_answer, recall_at_10, run_queries, serve

ROOT = Path(__file__).resolve().parent.parent
KINDS = ["noun", "compound", "verb", "mixed", "transliteration"]


def _config(where: Path, docs: Path, ours: bool) -> Path:
    hooks = [ROOT / "hooks" / "course.py"] + ([ROOT / "hooks" / "search.py"] if ours else [])
    text = (
        f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_name: DevOps 부트캠프\ndocs_dir: {docs}\n"
        f"site_dir: {where / 'site'}\ntheme:\n  custom_dir: {ROOT / 'overrides'}\n"
        "hooks:\n" + "".join(f"  - {h}\n" for h in hooks)
    )
    where.mkdir(parents=True, exist_ok=True)
    (where / "mkdocs.yml").write_text(text, encoding="utf-8")
    return where / "mkdocs.yml"


def _build(config: Path) -> float:
    from tests.conftest import build_course

    started = time.perf_counter()
    build_course(config, config.parent / "site")
    return time.perf_counter() - started


def _indexed_pages(site: Path) -> set[str]:
    meta = json.loads((site / "search" / "course" / "meta.json").read_text(encoding="utf-8"))
    return {unquote(doc[0]) for doc in meta["docs"] if doc[2] == -1}


def _latency(browser, site: Path, page: str, query: str, runs: int) -> float:
    with serve(site) as url:
        first_answer(browser, url + page, query)  # warm the server and the OS file cache
        return statistics.median(first_answer(browser, url + page, query)[0] for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=Path, default=Path("/work/shared/course-sample/theory"))
    parser.add_argument("--pages", type=int, default=360)
    parser.add_argument("--lines", type=int, default=10, help="filler lines per section")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build here and keep the sites")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.search_lessons import course, write

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    rows: list[str] = []
    try:
        ours = _config(work / "sample-ours", args.sample, True)
        material = _config(work / "sample-material", args.sample, False)
        print(f"building the sample: ours {_build(ours):.1f} s, ", end="", flush=True)
        print(f"Material's {_build(material):.1f} s", flush=True)

        lessons, _ = course(args.pages, lines=args.lines, sections=8)
        docs = work / "generated" / "docs"
        shutil.rmtree(docs, ignore_errors=True)
        write(docs, lessons)
        gen_ours = _config(work / "generated-ours", docs, True)
        gen_material = _config(work / "generated-material", docs, False)
        shutil.rmtree(gen_ours.parent / ".cache", ignore_errors=True)
        cold = _build(gen_ours)
        warm = _build(gen_ours)
        plain = _build(gen_material)
        print(f"generated {args.pages} pages: build with search cold {cold:.1f} s, warm "
              f"{warm:.1f} s, without {plain:.1f} s", flush=True)  # fmt: skip

        truth = ground_truth(args.sample, _indexed_pages(ours.parent / "site"))
        queries = [q for _, q, _ in QUERIES]
        start = next(iter(sorted(truth["컨테이너"])))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            recall: dict[str, dict[str, list[float]]] = {}
            for name, config in (("ours", ours), ("material", material)):
                with serve(config.parent / "site") as url:
                    found = run_queries(browser, url, queries, start)
                per: dict[str, list[float]] = defaultdict(list)
                for kind, query, _ in QUERIES:
                    per[kind].append(recall_at_10(found[query], truth[query]))
                    print(f"  {name:8} {kind:15} {query:22} {per[kind][-1]:.2f} "
                          f"({len(truth[query])} relevant)")  # fmt: skip
                recall[name] = per
            page = lessons[0].url()
            latency = {
                "sample ours": _latency(
                    browser, ours.parent / "site", start, "컨테이너", args.runs
                ),
                "sample material": _latency(
                    browser, material.parent / "site", start, "컨테이너", args.runs
                ),
                "generated ours": _latency(
                    browser, gen_ours.parent / "site", page, "컨테이너를", args.runs
                ),
                "generated material": _latency(
                    browser, gen_material.parent / "site", page, "컨테이너를", args.runs
                ),
            }
            browser.close()

        rows.append(
            "| query kind | queries | this search: recall@10 | Material's search: recall@10 |"
        )
        rows.append("|---|---|---|---|")
        total = {"ours": [], "material": []}
        for kind in KINDS:
            o, m = recall["ours"][kind], recall["material"][kind]
            total["ours"] += o
            total["material"] += m
            rows.append(
                f"| {kind} | {len(o)} | **{sum(o) / len(o):.2f}** | {sum(m) / len(m):.2f} |"
            )
        o, m = total["ours"], total["material"]
        rows.append(f"| all {len(o)} | | **{sum(o) / len(o):.2f}** | {sum(m) / len(m):.2f} |")
        rows.append("")
        rows.append("| first answer after the load event (median) | this search | Material's |")
        rows.append("|---|---|---|")
        rows.append(f"| course sample | {latency['sample ours']:.0f} ms | "
                    f"{latency['sample material']:.0f} ms |")  # fmt: skip
        rows.append(f"| generated {args.pages}-page course | {latency['generated ours']:.0f} ms | "
                    f"{latency['generated material']:.0f} ms |")  # fmt: skip
        index = gen_ours.parent / "site" / "search" / "course"
        meta = (index / "meta.json").stat().st_size
        total_bytes = sum(p.stat().st_size for p in index.iterdir())
        rows.append("")
        rows.append(f"Generated course index: meta.json {meta // 1024} KB, all parts "
                    f"{total_bytes // 1024} KB in {len(list(index.iterdir()))} files; "
                    f"build with search {cold:.1f} s cold / {warm:.1f} s warm, "
                    f"without {plain:.1f} s.")  # fmt: skip
        print("\n".join(rows))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
