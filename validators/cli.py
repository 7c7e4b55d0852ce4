"""`python -m validators check`: the command-line adapter over the checks.

Exit status: 0 with no errors, 1 with errors, 2 for a usage or configuration problem.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from validators.course import list_files, read_pages
from validators.findings import Severity, localized
from validators.messages import LANGUAGES
from validators.page import Page
from validators.report import FORMATS, render, stats, summary
from validators.run import (
    CHECKS,
    DEFAULT_CHECKS,
    Options,
    PreconditionError,
    check_course,
    course_model,
)
from validators.selection import (
    SelectionError,
    matching,
    matching_paths,
    neighbourhood,
    parse_shard,
    shard,
)
from validators.settings import ConfigError, load_course


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m validators")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check a course and report findings")
    check.add_argument(
        "-f", "--config-file", default="mkdocs.yml", type=Path, help="the course's mkdocs.yml"
    )
    check.add_argument("--only", help=f"comma-separated checks: {','.join(CHECKS)}")
    check.add_argument("--offline", action="store_true", help="do not check external links")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--output", type=Path, help="write the report to FILE instead of stdout")
    check.add_argument(
        "--mermaid-mode",
        choices=("render", "parse"),
        default="render",
        help="render in Chromium (default) or the fast parse tier",
    )
    check.add_argument("--exec", action="store_true", help="also run shell blocks in Docker")
    check.add_argument("--timeout", type=float, help="seconds one shell command may run")
    check.add_argument(
        "--image-archive",
        type=Path,
        action="append",
        default=[],
        help="image tarball to load into the sandbox first (repeatable)",
    )
    check.add_argument("--registry-mirror", help="registry mirror URL for the sandbox daemon")
    check.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="exec: pages run at once (own daemons)"
    )
    check.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="GLOB",
        help="check only pages matching GLOB (docs-relative, e.g. 'week1/**'; repeatable)",
    )
    check.add_argument(
        "--shard", metavar="K/N", help="check only this CI machine's share K of N of the pages"
    )
    check.add_argument(
        "--results",
        type=Path,
        metavar="FILE",
        help="exec: merge the results into FILE (default: exec/results.json in the cache)",
    )
    check.add_argument("--quiet", action="store_true", help="no progress on stderr")
    check.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of messages and hints (default: the site's theme.language)",
    )
    export = commands.add_parser(
        "export-diagrams",
        help="write every diagram as SVG and PNG, with a Markdown copy of each page using them",
    )
    export.add_argument("out", type=Path, metavar="DIR", help="folder to write into")
    export.add_argument(
        "-f", "--config-file", default="mkdocs.yml", type=Path, help="the course's mkdocs.yml"
    )
    export.add_argument("--page", action="append", default=[], metavar="GLOB")
    export.add_argument("--lang", choices=LANGUAGES, help="language of the alt texts")
    merge = commands.add_parser(
        "merge-results", help="merge exec results files (from CI shards) into one"
    )
    merge.add_argument("output", type=Path, help="results file to merge into")
    merge.add_argument("inputs", nargs="+", type=Path, help="results files of the shards")
    return parser


def _checks(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[str]:
    if args.only:
        chosen = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in chosen if name not in CHECKS]
        if unknown or not chosen:
            name = unknown[0] if unknown else "(none)"
            parser.error(f"--only: unknown check {name!r}; choose from {','.join(CHECKS)}")
    else:
        chosen = list(DEFAULT_CHECKS)
    if args.exec and "exec" not in chosen:
        chosen.append("exec")
    return chosen


class _Progress:
    """Progress of long work (pages read, diagrams, links, blocks) as `\r` lines on a
    terminal; silent without one, in CI (`CI` set) and with --quiet."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty() and not os.environ.get("CI")
        self._shown = 0.0

    def __call__(self, what: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if done < total and now - self._shown < 0.1:
            return  # at most ten lines a second
        self._shown = now
        width = 30
        filled = width * done // total
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r{what:>8} [{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()

    def of(self, what: str) -> Callable[[int, int], None] | None:
        if not self.enabled:
            return None
        return lambda done, total: self(what, done, total)


def _selected(args: argparse.Namespace, pages: list[Page]) -> list[Page]:
    """The pages --page and --shard leave (all of them without either)."""
    selected = matching(pages, args.page) if args.page else list(pages)
    if args.shard:
        index, total = parse_shard(args.shard)
        selected = shard(selected, index, total, _weight)
    return selected


def _weight(page: Page) -> int:
    """A page's share of a run: its shell commands (the slow part), at least 1."""
    from validators.checks.exec import extract_blocks

    blocks, _ = extract_blocks(page)
    return 1 + sum(len(block.commands) for block in blocks if not block.skip)


def _merge(args: argparse.Namespace) -> int:
    from validators.checks.exec import load_results, save_results

    for path in args.inputs:
        results = load_results(path)
        if not results:
            print(f"error: {path} is not an exec results file", file=sys.stderr)
            return 2
        save_results(args.output, results.values())
    return 0


def _export(args: argparse.Namespace) -> int:
    from validators import messages
    from validators.checks.mermaid.export import export_diagrams

    try:
        course = load_course(args.config_file)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    pages, _ = read_pages(course.docs_dir)
    model = course_model(course, pages)
    pages = [page for page in pages if not model.is_left_out(page.path)]
    pages = matching(pages, args.page) if args.page else pages
    lang = args.lang or course.language
    try:
        report = export_diagrams(course, pages, args.out, lang)
    except PreconditionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    done = {"diagrams": report.diagrams, "pages": report.pages, "out": args.out}
    print(messages.text("export/done", lang, done))
    return 1 if report.failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "merge-results":
        return _merge(args)
    if args.command == "export-diagrams":
        return _export(args)
    checks = _checks(args, parser)
    if args.jobs < 1:
        parser.error("--jobs must be 1 or more")
    try:
        if args.shard:
            parse_shard(args.shard)
    except SelectionError as error:
        parser.error(str(error))
    started = time.monotonic()
    try:
        course = load_course(args.config_file)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    progress = _Progress(not args.quiet)
    wanted = None  # with --page: the chosen pages and what their checks need to read
    if args.page:
        paths = [p for p in list_files(course.docs_dir) if p.endswith(".md")]
        chosen = matching_paths(paths, args.page)
        if not chosen:
            print(f"error: no page matches --page {' '.join(args.page)}", file=sys.stderr)
            return 2
        wanted = neighbourhood(chosen, paths)
    pages, findings = read_pages(course.docs_dir, wanted, progress.of("pages"))
    model = course_model(course, pages)
    findings = [finding for finding in findings if not model.is_left_out(finding.path)]
    selected = _selected(args, pages)
    if args.page or args.shard:
        paths = {page.path for page in selected}
        findings = [finding for finding in findings if finding.path in paths]
    options = Options(
        only=checks,
        offline=args.offline,
        mermaid_mode=args.mermaid_mode,
        exec_timeout=args.timeout,
        image_archives=tuple(args.image_archive),
        registry_mirror=args.registry_mirror,
        paths={page.path for page in selected} if args.page or args.shard else None,
        jobs=args.jobs,
        results_file=args.results,
        model=model,
    )
    try:
        findings += check_course(course, pages, options, progress if progress.enabled else None)
    except PreconditionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as interrupt:  # Ctrl-C, or SIGTERM during --exec
        from validators.checks.exec.runner import exit_status

        print("error: interrupted; the exec sandboxes are torn down", file=sys.stderr)
        return exit_status(interrupt)
    findings = localized(sorted(set(findings)), args.lang or course.language)
    numbers = stats(findings, len(selected), time.monotonic() - started)
    text = render(findings, numbers, args.format, course.docs_dir, checks)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(summary(numbers), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0
