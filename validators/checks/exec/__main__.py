"""`python -m validators.checks.exec PAGE.md … [--docs-dir DIR] [--timeout S] [--image-archive TAR]…
[--registry-mirror URL] [--jobs N]`: run the pages' shell blocks and print the findings.

Exit status: 0 when no error was found, 1 with errors, 2 when the sandbox cannot start,
130 on Ctrl-C, 143 on SIGTERM (everything is torn down first).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from validators.checks.exec.runner import DEFAULT_TIMEOUT, TerminalProgress, exit_status, run_pages
from validators.checks.exec.sandbox import SandboxError
from validators.findings import Severity
from validators.page import parse_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m validators.checks.exec", description=__doc__)
    parser.add_argument("pages", nargs="+", type=Path, help="Markdown pages, run in this order")
    parser.add_argument("--docs-dir", type=Path, help="paths are reported relative to it")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS")
    parser.add_argument("--image-archive", type=Path, action="append", default=[], metavar="TAR")
    parser.add_argument("--registry-mirror", metavar="URL")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="pages run at once")
    args = parser.parse_args(argv)

    docs_dir = args.docs_dir or Path(os.path.commonpath([p.resolve().parent for p in args.pages]))
    pages = []
    for path in args.pages:
        relative = os.path.relpath(path.resolve(), docs_dir.resolve())
        pages.append(parse_page(relative, path.read_text(encoding="utf-8")))
    progress = TerminalProgress()
    begin = time.monotonic()
    try:
        report = run_pages(
            pages,
            docs_dir=docs_dir,
            timeout=args.timeout,
            image_archives=args.image_archive,
            registry_mirror=args.registry_mirror,
            progress=progress,
            jobs=args.jobs,
        )
        findings = report.findings
    except SandboxError as error:
        progress.close()
        print(f"exec: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as interrupt:
        progress.close()
        print("exec: interrupted; the sandbox is torn down", file=sys.stderr)
        return exit_status(interrupt)
    progress.close()
    for note in report.notes:
        print(f"exec: {note}", file=sys.stderr)
    for finding in findings:
        print(finding)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    print(
        f"exec: {len(pages)} page(s), {errors} error(s), {len(findings) - errors} other "
        f"finding(s) in {time.monotonic() - begin:.1f}s",
        file=sys.stderr,
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
