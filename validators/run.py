"""Run the checks over a course: the one entry point the CLI and the MkDocs hooks share."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from validators.assets import find_mermaid
from validators.course import list_files
from validators.course_model import CourseModel, build_model
from validators.findings import Finding, Severity
from validators.page import Page
from validators.settings import Course

CHECKS = ("schedule", "mermaid", "links", "exec")
DEFAULT_CHECKS = ("schedule", "mermaid", "links")

Progress = Callable[[str, int, int], None]


class PreconditionError(Exception):
    """A check cannot run here (no Chromium, no Node, no Docker); the message says the fix."""


@dataclass
class Options:
    only: Sequence[str] = DEFAULT_CHECKS
    offline: bool = False
    mermaid_mode: str = "render"
    exec_timeout: float | None = None
    image_archives: Sequence[Path] = field(default_factory=tuple)
    registry_mirror: str | None = None
    mermaid_checker: Any = None  # a MermaidChecker kept open across runs (mkdocs serve)
    paths: Collection[str] | None = None  # check only these pages (the others still count)
    model: CourseModel | None = None  # the course model of `pages` (built when None)
    jobs: int = 1  # exec: pages run at once, each in its own daemon
    results_file: Path | None = None  # exec: where results go (default: the cache folder)


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
    options = replace(options, paths=wanted, model=model)
    findings: list[Finding] = []
    if {"schedule", "links"} & set(options.only):
        findings.extend(left_out_findings(model, selected))
    for check in options.only:
        findings.extend(_RUNNERS[check](course, pages, options, progress))
    return sorted(set(findings))


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


def _schedule(course: Course, pages: Sequence[Page], options: Options, progress) -> list[Finding]:
    from validators.schedule import check_schedule

    return check_schedule(
        pages,
        session_minutes=course.settings.session_minutes,
        paths=options.paths,
        model=options.model,
    )


def _links(course: Course, pages: Sequence[Page], options: Options, progress) -> list[Finding]:
    from validators.links import check_links

    return check_links(
        pages,
        course.docs_dir,
        course.slugify,
        offline=options.offline,
        exclude=course.settings.link_exclude,
        timeout=course.settings.link_timeout,
        cache_dir=course.cache_dir / "links",
        cache_ttl=course.settings.link_cache_ttl,
        progress=(lambda done, total: progress("links", done, total)) if progress else None,
        paths=options.paths,
    )


def _mermaid(course: Course, pages: Sequence[Page], options: Options, progress) -> list[Finding]:
    from validators.mermaid import MermaidUnavailable

    if options.paths is not None:
        pages = [page for page in pages if page.path in options.paths]
    try:
        checker = options.mermaid_checker or mermaid_checker(course, options.mermaid_mode)
        if options.mermaid_checker is not None:
            return checker.check(pages)
        with checker:
            return checker.check(pages)
    except MermaidUnavailable as error:
        raise PreconditionError(f"{error} (or leave mermaid out: --only schedule,links)") from None


def mermaid_checker(course: Course, mode: str) -> Any:
    """A MermaidChecker for `course` (the caller closes it)."""
    from validators.mermaid import MermaidChecker

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


def _exec(course: Course, pages: Sequence[Page], options: Options, progress) -> list[Finding]:
    from validators.exec import SandboxError, run_pages, save_results
    from validators.exec.results import RESULTS_FILE

    if options.paths is not None:
        pages = [page for page in pages if page.path in options.paths]
    try:
        report = run_pages(
            pages,
            docs_dir=course.docs_dir,
            timeout=options.exec_timeout or course.settings.exec_timeout,
            image_archives=options.image_archives,
            registry_mirror=options.registry_mirror,
            progress=(lambda done, total, _: progress("exec", done, total)) if progress else None,
            jobs=options.jobs,
        )
    except SandboxError as error:
        raise PreconditionError(str(error)) from None
    save_results(options.results_file or course.cache_dir / RESULTS_FILE, report.pages)
    return report.findings


_RUNNERS = {"schedule": _schedule, "mermaid": _mermaid, "links": _links, "exec": _exec}
