"""The mermaid check: every diagram rendered in headless Chromium with the site's pinned
mermaid (or only parsed, the fast tier for `mkdocs serve`), plus a lint for stray nodes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from validators.assets import find_mermaid
from validators.checks import PreconditionError
from validators.checks.mermaid.checker import (
    MermaidChecker,
    MermaidUnavailable,
    Stats,
    check_mermaid,
)
from validators.checks.mermaid.verdict import RENDER, STRAY_NODE, SYNTAX, TIMEOUT

if TYPE_CHECKING:
    from validators.checks import Context
    from validators.findings import Finding
    from validators.settings import Course

NAME = "mermaid"
ORDER = 20
DEFAULT = True

__all__ = [
    "RENDER",
    "STRAY_NODE",
    "SYNTAX",
    "TIMEOUT",
    "MermaidChecker",
    "MermaidUnavailable",
    "Stats",
    "check_mermaid",
]


def check(context: Context) -> list[Finding]:
    pages = context.selected()
    options = context.options
    try:
        if options.mermaid_checker is not None:
            return options.mermaid_checker.check(pages)
        with checker_for(context.course, options.mermaid_mode) as checker:
            return checker.check(pages)
    except MermaidUnavailable as error:
        raise PreconditionError(f"{error} (or leave mermaid out: --only schedule,links)") from None


def checker_for(course: Course, mode: str) -> Any:
    """A MermaidChecker for `course` (the caller closes it)."""
    mermaid_js = find_mermaid(course.config_file.parent)
    if mermaid_js is None:
        raise PreconditionError(
            "mermaid is not installed: run `make site` (or `npm ci` next to package.json)"
        )
    return MermaidChecker(
        mermaid_js,
        cache_dir=course.cache_dir / "mermaid",
        timeout=course.settings.mermaid_timeout,
        mode=mode,  # type: ignore[arg-type]
    )
