"""Run the checks over a course: the one entry point the CLI and the MkDocs hooks share.

The checks are the packages of `validators/checks/`, each with the same entry point; this
loops over the ones asked for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from types import ModuleType

from validators.checks import Context, Options, PreconditionError, Progress, registered
from validators.course import list_files
from validators.course_model import CourseModel, build_model
from validators.findings import Finding, Severity
from validators.page import Page
from validators.settings import Course

CHECKS = tuple(registered())
DEFAULT_CHECKS = tuple(name for name, check in registered().items() if check.DEFAULT)

__all__ = [
    "CHECKS",
    "DEFAULT_CHECKS",
    "Options",
    "PreconditionError",
    "Progress",
    "check_course",
    "course_model",
    "left_out_findings",
]


def check_course(
    course: Course,
    pages: Sequence[Page],
    options: Options,
    progress: Progress | None = None,
) -> list[Finding]:
    """All findings of the selected checks over `pages`.

    Pages the course model leaves out (`exclude` globs, pages MkDocs drops) are not
    checked, but stay link targets; each page MkDocs drops is a finding.
    """
    model = options.model or course_model(course, pages)
    included = model.included()
    selected = options.paths
    wanted = included if selected is None else included & set(selected)
    only = DEFAULT_CHECKS if options.only is None else tuple(options.only)
    options = replace(options, only=only, paths=wanted, model=model)
    context = Context(course, pages, options, model, progress)
    findings: list[Finding] = []
    if {"schedule", "links"} & set(only):
        findings.extend(left_out_findings(model, selected))
    checks = registered()
    for name in only:
        module = checks[name]
        if progress is not None and name in _UNITS and not getattr(module, "PROGRESS", False):
            findings.extend(_in_chunks(module, context, progress))
        else:
            findings.extend(module.check(context))
    return sorted(set(findings))


# Checks that do not report progress themselves (no `PROGRESS = True` in their package) are
# run a few pages at a time when progress is shown, counted in these units.
_UNITS: dict[str, tuple[str, Callable[[Page], int]]] = {
    "mermaid": ("diagrams", lambda page: sum(f.lang == "mermaid" for f in page.fences)),
    "blocks": ("blocks", lambda page: sum(f.lang != "mermaid" for f in page.fences)),
}
_CHUNK = 40  # units a chunk holds at least (diagrams render side by side within one)


def _in_chunks(module: ModuleType, context: Context, progress: Progress) -> list[Finding]:
    """`module.check` over the selected pages a chunk at a time, with progress in units."""
    unit, count = _UNITS[module.NAME]
    pages = context.selected()
    total = sum(count(page) for page in pages)
    if total == 0:
        return module.check(context)
    with contextlib.ExitStack() as stack:
        options = context.options
        if module.NAME == "mermaid" and options.mermaid_checker is None:
            from validators.checks.mermaid import checker_for

            checker = stack.enter_context(checker_for(context.course, options.mermaid_mode))
            options = replace(options, mermaid_checker=checker)  # one browser for all chunks
        findings: list[Finding] = []
        done = 0
        chunk: list[Page] = []
        progress(unit, 0, total)
        for index, page in enumerate(pages):
            chunk.append(page)
            if sum(count(p) for p in chunk) < _CHUNK and index + 1 < len(pages):
                continue
            part = replace(options, paths={p.path for p in chunk})
            findings.extend(module.check(replace(context, options=part)))
            done += sum(count(p) for p in chunk)
            progress(unit, done, total)
            chunk = []
        return findings


def course_model(course: Course, pages: Sequence[Page]) -> CourseModel:
    """The course model of `pages`, with the course's kinds and exclude globs."""
    return build_model(
        pages, list_files(course.docs_dir), course.settings.kinds, course.settings.exclude
    )


def left_out_findings(model: CourseModel, paths: Collection[str] | None = None) -> list[Finding]:
    """A finding at each page MkDocs leaves out of the site (among `paths`, if given): an
    error where a lab's `index.html` takes a README's place, a warning where an `index.md`
    does (often on purpose: README.md for GitHub, index.md for the site)."""
    findings = []
    for path, cause in sorted(model.dropped.items()):
        if paths is not None and path not in paths:
            continue
        if cause == path:
            if any(part.startswith(".") for part in path.split("/")[:-1]):
                continue  # a tool's folder (`.github/`): left out, and no lesson
            findings.append(
                Finding.of(
                    path, 1, "course/hidden-page", Severity.WARNING, hint="course/hidden-page.hint"
                )
            )
        elif cause.endswith(".md"):  # README.md for GitHub beside index.md for the site
            findings.append(
                Finding.of(
                    path,
                    1,
                    "course/dropped-page",
                    Severity.WARNING,
                    "course/dropped-page.index",
                    "course/dropped-page.index.hint",
                    other=cause,
                )
            )
        else:  # an index.html (a lab's web page) takes the day's overview: it is lost
            findings.append(
                Finding.of(
                    path,
                    1,
                    "course/dropped-page",
                    Severity.ERROR,
                    hint="course/dropped-page.hint",
                    other=cause,
                    name=cause.rsplit("/", 1)[-1],
                )
            )
    return findings
