"""The checks, one package each: `schedule`, `links`, `mermaid`, `exec`, `blocks`.

Every package has the same entry: `NAME`, `ORDER` (its place in reports and `--only`),
`DEFAULT` (whether it runs when `--only` is not given) and `check(context) -> list[Finding]`.
`validators/run.py` loops over the packages found here: a new check is a new package, with
no dispatcher to edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from validators.course_model import CourseModel
    from validators.findings import Finding
    from validators.page import Page
    from validators.settings import Course

Progress = Callable[[str, int, int], None]


class PreconditionError(Exception):
    """A check cannot run here (no Chromium, no Node, no Docker); the message says the fix."""


@dataclass
class Options:
    only: Sequence[str] | None = None  # the checks to run (None: the default ones)
    offline: bool = False
    external: str | None = None  # links: "check", "cache" or "off" (None: by `offline`)
    mermaid_mode: str = "render"
    exec_timeout: float | None = None
    image_archives: Sequence[Path] = field(default_factory=tuple)
    registry_mirror: str | None = None
    mermaid_checker: Any = None  # a MermaidChecker kept open across runs (mkdocs serve)
    paths: Collection[str] | None = None  # check only these pages (the others still count)
    model: CourseModel | None = None  # the course model of `pages` (built when None)
    jobs: int = 1  # exec: pages run at once, each in its own daemon
    results_file: Path | None = None  # exec: where results go (default: the cache folder)
    blocks_commands: bool = True  # blocks: also ask the real CLIs about command lines


@dataclass
class Context:
    """What every check gets: the course, all its pages (link targets, day tables), the
    options, the course model and a progress callback. `selected()` are the pages to check."""

    course: Course
    pages: Sequence[Page]
    options: Options
    model: CourseModel
    progress: Progress | None = None

    def selected(self) -> list[Page]:
        paths = self.options.paths
        return list(self.pages) if paths is None else [p for p in self.pages if p.path in paths]

    def report(self, check: str) -> Callable[[int, int], None] | None:
        """A `(done, total)` progress callback for `check`, if progress is shown."""
        progress = self.progress
        if progress is None:
            return None
        return lambda done, total: progress(check, done, total)


Check = Callable[[Context], "list[Finding]"]


@cache
def registered() -> dict[str, ModuleType]:
    """The check packages under this folder, by NAME, in ORDER."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.ispkg:
            module = importlib.import_module(f"{__name__}.{info.name}")
            if callable(getattr(module, "check", None)):
                found.append(module)
    found.sort(key=lambda module: module.ORDER)
    return {module.NAME: module for module in found}
