"""`python -m validators check`: the command-line adapter over the checks.

Exit status: 0 with no errors, 1 with errors, 2 for a usage or configuration problem.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from validators.course import read_pages
from validators.findings import Severity
from validators.report import FORMATS, render, stats, summary
from validators.run import CHECKS, DEFAULT_CHECKS, Options, PreconditionError, check_course
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
    check.add_argument("--quiet", action="store_true", help="no progress on stderr")
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
    """A one-line progress display on a terminal; silent otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, check: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        width = 30
        filled = width * done // total
        bar = "█" * filled + "·" * (width - filled)
        sys.stderr.write(f"\r{check:>8} [{bar}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    checks = _checks(args, parser)
    started = time.monotonic()
    try:
        course = load_course(args.config_file)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    pages, findings = read_pages(course.docs_dir)
    options = Options(
        only=checks,
        offline=args.offline,
        mermaid_mode=args.mermaid_mode,
        exec_timeout=args.timeout,
        image_archives=tuple(args.image_archive),
        registry_mirror=args.registry_mirror,
    )
    try:
        findings += check_course(course, pages, options, _Progress(not args.quiet))
    except PreconditionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    findings = sorted(set(findings))
    numbers = stats(findings, len(pages), time.monotonic() - started)
    text = render(findings, numbers, args.format, course.docs_dir, checks)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(summary(numbers), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0
