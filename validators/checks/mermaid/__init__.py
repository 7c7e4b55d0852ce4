"""The mermaid check: every diagram rendered in headless Chromium with the site's pinned
mermaid (or only parsed, the fast tier for `mkdocs serve`), checked again with the mermaid
GitHub renders with (parsed), plus a lint for stray nodes. The drawn SVGs are kept for the
pages (`hooks/diagrams.py`) and for `python -m validators export-diagrams`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from validators.assets import PROJECT_ROOT, find_mermaid
from validators.checks import PreconditionError
from validators.checks.mermaid.checker import (
    SVG_ID,
    MermaidChecker,
    MermaidUnavailable,
    Stats,
    check_mermaid,
)
from validators.checks.mermaid.verdict import (
    GITHUB,
    RENDER,
    STRAY_NODE,
    SYNTAX,
    TIMEOUT,
)

if TYPE_CHECKING:
    from validators.checks import Context
    from validators.findings import Finding
    from validators.settings import Course

NAME = "mermaid"
ORDER = 20
DEFAULT = True

__all__ = [
    "GITHUB",
    "RENDER",
    "STRAY_NODE",
    "SVG_ID",
    "SYNTAX",
    "TIMEOUT",
    "MermaidChecker",
    "MermaidUnavailable",
    "Stats",
    "check_mermaid",
    "checker_for",
    "find_mermaid_github",
]

GITHUB_PACKAGE = "mermaid-github"  # package.json: "mermaid-github": "npm:mermaid@X.Y.Z"


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


def find_mermaid_github(course_dir: Path, version: str) -> Path:
    """GitHub's mermaid bundle (the npm alias `mermaid-github`) in `version`, next to the
    course or this project; PreconditionError with the fix when it is missing or another
    version."""
    found = []
    for root in (course_dir, PROJECT_ROOT):
        package = root / "node_modules" / GITHUB_PACKAGE
        bundle = package / "dist" / "mermaid.min.js"
        if bundle.is_file():
            try:
                installed = json.loads((package / "package.json").read_text("utf-8"))["version"]
            except (OSError, ValueError, KeyError):
                installed = "?"
            if installed == version:
                return bundle
            found.append(installed)
    if found:
        raise PreconditionError(
            f"GitHub's mermaid is set to {version} (extra.course.mermaid_github_version) but "
            f'{found[0]} is installed: set package.json\'s "{GITHUB_PACKAGE}": '
            f'"npm:mermaid@{version}" and run `npm install`'
        )
    raise PreconditionError(
        f"GitHub's mermaid {version} is not installed: run `make site` (or `npm ci` next to "
        "package.json), or set extra.course.mermaid_github_version: '' to leave it out"
    )


def checker_for(course: Course, mode: str, keep_svg: bool = False) -> MermaidChecker:
    """A MermaidChecker for `course` (the caller closes it); `keep_svg` draws every
    diagram and keeps its SVG for the pages."""
    directory = course.config_file.parent
    mermaid_js = find_mermaid(directory)
    if mermaid_js is None:
        raise PreconditionError(
            "mermaid is not installed: run `make site` (or `npm ci` next to package.json)"
        )
    version = course.settings.mermaid_github_version
    github_js = find_mermaid_github(directory, version) if version else None
    return MermaidChecker(
        mermaid_js,
        cache_dir=course.cache_dir / "mermaid",
        timeout=course.settings.mermaid_timeout,
        mode=mode,  # type: ignore[arg-type]
        github_js=github_js,
        github_version=version,
        keep_svg=keep_svg,
    )
