"""Validation inside `mkdocs build` and `mkdocs serve`.

Findings are logged through the plugin logger (errors as warnings, so `--strict` fails on
them) and listed on a generated course health page. The checks run in a forked process on
the other core while MkDocs renders the pages; the health page, rendered last, waits for
them. In `build` that process checks the course once. In `serve` it is forked once and kept:
on every rebuild it re-reads and re-checks only what changed and what depends on it
(`hooks/serving.py`), keeps one browser for the session's diagrams, and writes each page's
findings for the panel the pages show while serving.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from hooks import serving
from hooks.badges import RUN_COMMAND, row_anchor, tally, verdict_label, when
from hooks.fragments import Fragments, sources_digest
from validators import course_model as course_model_module
from validators import kinds as kinds_module
from validators import messages
from validators import page as page_module
from validators import run as run_module
from validators.checks.exec.extract import CONSOLE_LANGS, SHELL_LANGS
from validators.checks.exec.results import (
    FAILED,
    NEEDS_CLOUD,
    NEEDS_CLUSTER,
    NEEDS_HOST,
    NEEDS_NETWORK,
    NEEDS_PROJECT,
    RESULTS_FILE,
    TIMEOUT,
    PageResult,
    count,
    digest,
    load_results,
)
from validators.checks.mermaid import checker_for
from validators.checks.schedule import timetable as timetable_module
from validators.course import list_files, read_pages, read_text
from validators.course_model import CourseModel
from validators.findings import Finding, Severity, localized
from validators.messages import language_of
from validators.page import Page, parse_page
from validators.render import Rendered
from validators.run import (
    Options,
    PreconditionError,
    check_course,
    course_model,
    left_out_findings,
)
from validators.settings import ConfigError, Course, parse_settings, slugify_of

HEALTH_URI = "course-health.md"
log = get_plugin_logger("course")


class Validation:
    """State kept across rebuilds of one `mkdocs serve` (or the one `build`)."""

    def __init__(self) -> None:
        self.command = "build"
        self.course: Course | None = None
        self.pages: list[Page] = []
        self._mermaid: dict[str, list[Finding]] = {}  # page content hash → findings
        self._by_page: dict[str, list[Finding]] = {}  # serve: page → its findings but diagrams
        self._checker = None  # one MermaidChecker (one browser) for the whole serve session
        self.strict = False
        self._child: multiprocessing.Process | None = None
        self._pipe = None
        self._result: tuple[list[Finding], str] | None = None
        self._prepared: dict[str, Any] = {}
        self._final: tuple[str, object] | None = None  # the child's report or error
        self.logged = False
        self._logged_before: set[Finding] | None = None  # serve: what the last rebuild logged
        self.results: dict[str, PageResult] = {}  # the exec runner's, by page path
        self.model: CourseModel | None = None  # this build's course model
        # serve: the checks' process, kept across rebuilds, and what it told of the nav
        self._worker: multiprocessing.Process | None = None
        self._worker_key = ""
        self._generation = 0
        self.first = True  # the serve session's first build
        self._nav_now: str | None = None
        self._nav_shown: str | None = None
        self.findings_json: str | None = None  # serve: the panel's findings file
        self.health_rendered: Rendered | None = None  # serve: rendered by the checks' process
        self.nav_was_changed = True  # serve: this rebuild's answer of `nav_changed`

    def configure(self, config: MkDocsConfig) -> None:
        path = Path(config.config_file_path or "mkdocs.yml")
        try:
            settings = parse_settings(config.extra.get("course"), path)
        except ConfigError as error:
            raise PluginError(str(error)) from None
        extensions = [{name: config.mdx_configs.get(name, {})} for name in ("toc",)]
        language = language_of(config.theme["language"] if "language" in config.theme else None)
        self.course = Course(
            path, Path(config.docs_dir), slugify_of(extensions), settings, language
        )
        self.strict = bool(config.strict)
        self.results = load_results(self.course.cache_dir / RESULTS_FILE)

    def close(self) -> None:
        if self._checker is not None:
            self._checker.close()
            self._checker = None
        if self._child is not None:
            self._child.kill()
            self._child.join()
            self._child = None
        if self._worker is not None:
            self._worker.kill()
            self._worker.join()
            self._worker = None

    def start(self, prepare: Callable[[Page], object] | None = None) -> None:
        """Begin checking the course in a forked process: one for the `build`, one kept for
        the whole `serve` session (asked again on every rebuild).

        The child first runs `prepare` over every page (the page's Markdown as the site
        renders it) and streams the results, so MkDocs' process need not parse the pages
        (in `serve`: on the first build, and when the nav changes); then it runs the checks.
        """
        self._result = None
        self._final = None
        self._prepared = {}
        self.logged = False
        self.model = None
        self.findings_json = None
        self.health_rendered = None
        if self.command != "build":
            self._serve(prepare)
            return
        receive, send = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.get_context("fork").Process(
            target=self._report_to, args=(send, prepare, os.getpid()), daemon=True
        )
        child.start()
        send.close()
        self._child, self._pipe = child, receive

    def _serve(self, prepare: Callable[[Page], object] | None) -> None:
        """Ask the serve session's checks process for this rebuild (forked on the first,
        and again when the settings change)."""
        assert self.course is not None
        key = repr((self.course.settings, self.course.docs_dir, self.course.language))
        worker = self._worker
        if worker is not None and (not worker.is_alive() or key != self._worker_key):
            self.close()
            worker = None
        self.first = worker is None
        if worker is None:
            here, there = multiprocessing.Pipe(duplex=True)
            self._pipe = here  # the child closes it: MkDocs gone, the child sees the end
            worker = multiprocessing.get_context("fork").Process(
                target=self._serve_loop, args=(there, prepare, os.getpid()), daemon=True
            )
            worker.start()
            there.close()
            self._worker, self._worker_key = worker, key
            self._nav_shown = None
        self._generation += 1
        self._nav_now = None
        assert self._pipe is not None
        self._pipe.send(("build", self._generation))

    def nav_changed(self) -> bool:
        """serve: whether the nav differs from the one the built pages show (a title, a
        page's place, a page that came or went): then every page must be built again."""
        if self.command != "serve" or self.first:
            self.nav_was_changed = True
            return False
        self.course_model()
        changed = self._nav_now != self._nav_shown
        self._nav_shown = self._nav_now
        self.nav_was_changed = changed
        return changed

    def course_model(self) -> CourseModel:
        """This build's course model (made by the child from its parse; in `build` and at
        the start of `serve`, the last build's while no page, file or setting changed)."""
        cache = None
        if self.model is None and (self.command == "build" or self.first):
            cache, key = self._model_cache()
            self.model = cache.get(key)
        while self.model is None and self._pipe is not None and self._final is None:
            self._drain(wait=True, until_model=True)
        if cache is not None and self.model is not None and key not in cache:
            cache.put(key, self.model)
            cache.save(prune=True)
        if self.model is None:
            if self._final is not None and self._final[0] == "error":
                raise PluginError(str(self._final[1]))
            assert self.course is not None
            pages = list(_page_texts(self.course.docs_dir))
            self.model = course_model(self.course, pages)
        return self.model

    def _model_cache(self) -> tuple[Fragments, str]:
        """The course model's cache and this course's key: every page's path and text,
        every file, the settings and the code that makes the model."""
        assert self.course is not None
        course = self.course
        context = sources_digest(
            [course_model_module, kinds_module, page_module, timetable_module, run_module]
        )
        cache = Fragments(course.cache_dir / "render" / "model.pickle", context)
        digest = hashlib.sha256()
        for path in _page_files(course.docs_dir):
            relative = path.relative_to(course.docs_dir).as_posix()
            text, _ = read_text(path, relative)
            if text is not None:
                digest.update(f"{relative}\0{len(text)}\0{text}\0".encode())
        files = "\n".join(list_files(course.docs_dir))
        settings = repr((course.settings.kinds, course.settings.exclude))
        return cache, cache.key(digest.hexdigest(), files, settings)

    def prepared(self, markdown: str) -> Any:
        """What `prepare` made of this exact page text, if the child has sent it yet."""
        self._drain(wait=False)
        return self._prepared.get(_digest(markdown))

    def result(self) -> tuple[list[Finding], str]:
        """(findings, health page Markdown), waiting for the checks if they still run."""
        if self._result is None:
            self._drain(wait=True)
            assert self._final is not None
            if self._child is not None:
                self._child.join()
                self._child = None
            kind, value = self._final
            if kind == "error":
                raise PluginError(str(value))
            findings, page, *rest = value  # type: ignore[misc]
            self._result = (findings, page)
            self.findings_json = rest[0] if rest else None
            self.health_rendered = rest[1] if len(rest) > 1 else None
            if self._nav_now is not None:
                self._nav_shown = self._nav_now
        return self._result

    def _drain(self, wait: bool, until_model: bool = False) -> None:
        """Take the child's messages: all that are there, or (wait) up to its report (or,
        `until_model`, up to the course model)."""
        while self._pipe is not None and self._final is None:
            if until_model and self.model is not None:
                return
            if not wait and not self._pipe.poll(0):
                return
            try:
                message = self._pipe.recv()
            except EOFError:
                message = ("error", "the validation process ended without a result")
            if len(message) == 3:  # serve: (rebuild, kind, value); an older rebuild's is stale
                generation, kind, value = message
                if generation != self._generation:
                    continue
            else:
                kind, value = message
            if kind == "prepared":
                self._prepared.update(value)
            elif kind == "model":
                self.model, self._nav_now = value if isinstance(value, tuple) else (value, None)
            else:
                self._final = (kind, value)

    def collect(self) -> str:
        """Log the findings (once a build) and return the health page's Markdown. A serve
        rebuild after the first logs only new findings and counts the others, unless
        `--strict` (which counts every build's warnings)."""
        findings, content = self.result()
        if not self.logged:
            before = self._logged_before
            if before is None or self.strict:
                log_findings(findings)
            else:
                log_changes(findings, before, self.course.language if self.course else "en")
            self._logged_before = set(findings) if self.command == "serve" else None
            self.logged = True
        return content

    def _report_to(  # child
        self, send, prepare: Callable[[Page], object] | None, parent: int
    ) -> None:
        serving.end_with_parent(parent)
        sending = None
        try:
            if prepare is not None:
                assert self.course is not None
                pages = []
                batch = {}
                for page in _page_texts(self.course.docs_dir):
                    pages.append(page)
                    made = prepare(page)
                    if made is not None:  # None: MkDocs' process has it (a cache)
                        batch[_digest(page.text)] = made
                    if len(batch) == 16:
                        send.send(("prepared", batch))
                        batch = {}
                send.send(("prepared", batch))
                self.model = course_model(self.course, pages)
                # the nav is arranged once pages are read; sent beside the checks, since a
                # warm build has the model from its cache and reads the pipe only at the end
                # (a send larger than the pipe waits for the reader)
                sending = threading.Thread(target=send.send, args=(("model", self.model),))
                sending.start()
            outcome: tuple[str, object] = ("ok", self._report())
        except PluginError as error:
            outcome = ("error", str(error))
        except BaseException:
            outcome = ("error", f"validation failed:\n{traceback.format_exc()}")
        try:
            if sending is not None:
                sending.join()  # one message at a time on the pipe
            send.send(outcome)
        finally:
            self.close()
            send.close()

    def _serve_loop(  # child
        self, connection, prepare: Callable[[Page], object] | None, parent: int
    ) -> None:
        """The serve session's checks process: one rebuild's checks per request, until
        MkDocs asks no more (its end of the pipe closes, whatever way it ends)."""
        serving.end_with_parent(parent)
        if self._pipe is not None:
            self._pipe.close()  # MkDocs' end, inherited by the fork
            self._pipe = None
        self._serve_setup()
        while True:
            try:
                message = connection.recv()
            except (EOFError, OSError):
                break
            generation = message[1]

            def send(kind: str, value: object, generation: int = generation) -> None:
                connection.send((generation, kind, value))

            try:
                send("ok", self._serve_build(send, prepare))
            except PluginError as error:
                send("error", str(error))
            except BaseException:
                send("error", f"validation failed:\n{traceback.format_exc()}")
            self._prepare, prepare = prepare or self._prepare, None  # for nav changes
        self.close()

    def _serve_setup(self) -> None:
        assert self.course is not None
        self._state = serving.Pages(self.course.docs_dir)
        self._linkers: dict[str, set[str]] = {}  # a path → the pages that link to it
        self._links_of: dict[str, set[str]] = {}  # a page → the paths it links to
        self._offers: dict[str, str] = {}
        self._old_model: CourseModel | None = None
        self._nav_sent: str | None = None
        self._prepare: Callable[[Page], object] | None = None
        self._health_sent: str | None = None  # the health page Markdown last rendered here

    def serve_check(self) -> list[Finding]:
        """One serve rebuild's checks, in this process (what the checks process does)."""
        if not hasattr(self, "_state"):
            self._serve_setup()
        return self._serve_build(lambda kind, value: None, None)[0]

    def _serve_build(
        self, send: Callable[[str, object], None], prepare: Callable[[Page], object] | None
    ) -> tuple[list[Finding], str, str]:
        """One rebuild in serve: re-read what changed, send the model, re-check what changed
        and what depends on it; (findings, health page, findings file)."""
        from validators.checks.links.checker import anchor_ids, extract_links

        assert self.course is not None
        course, state = self.course, self._state
        if prepare is not None:
            self._stream_prepared(send, prepare)
        first = not state.stats
        changed, removed, moved = state.refresh()
        pages = state.ordered(HEALTH_URI)
        model = self.model = course_model(course, pages)
        nav = serving.nav_signature(model)
        send("model", (model, nav))
        if not first and nav != self._nav_sent and self._prepare is not None:
            self._stream_prepared(send, self._prepare)  # MkDocs builds every page again
        self._nav_sent = nav
        included = model.included()

        def anchors(page: Page) -> Iterable[str]:
            return anchor_ids(page, course.slugify)

        renewed = list(state.pages) if first else [p for p in changed if p in state.pages]
        offered = [*removed, *(p for p in changed if p not in state.pages)]
        for path in renewed:
            page = state.pages[path]
            new = serving.offer(page, model, anchors)
            if self._offers.get(path) != new:
                offered.append(path)
            self._offers[path] = new
            self._relink(path, serving.targets(page, (link.url for link in extract_links(page))))
        for path in removed:
            self._offers.pop(path, None)
            self._relink(path, set())
        models = [m for m in (self._old_model, model) if m is not None]
        self._old_model = model
        if first:
            recheck = None
        else:
            recheck = set(changed) | serving.dependents(offered, moved, self._linkers, models)
            recheck &= included
        only = ["schedule", "rendering", "links", "blocks"]
        only += ["exec"] if course.settings.exec_enabled else []
        external = "off" if course.settings.link_external == "off" else "cache"
        try:
            if recheck is None or recheck:
                options = Options(
                    only=only,
                    external=external,
                    paths=recheck,
                    model=model,
                    blocks_commands=False,
                )
                found = [f for f in check_course(course, pages, options) if f.path in included]
                for path in included if recheck is None else recheck:
                    self._by_page[path] = []
                for finding in found:
                    self._by_page.setdefault(finding.path, []).append(finding)
            mermaid = self._check_mermaid(course, pages, serving=True)
        except PreconditionError as error:
            raise PluginError(str(error)) from None
        self._by_page = {p: items for p, items in self._by_page.items() if p in included}
        findings = [f for items in self._by_page.values() for f in items]
        findings += left_out_findings(model)
        findings += [
            f for items in state.problems.values() for f in items if not model.is_left_out(f.path)
        ]
        findings += mermaid
        self.pages = pages
        findings, page = self._compose(sorted(set(findings)))
        data = serving.findings_json(findings, self._anchor_finder(), course.language)
        # the health page rendered here, beside MkDocs' pages, not after them: with every
        # finding of the course it is the longest page. Unchanged, MkDocs still has it.
        render = prepare or self._prepare
        made = None
        if render is not None and page != self._health_sent:
            made = render(parse_page(HEALTH_URI, page))
            self._health_sent = page
        return findings, page, data, made[1] if made else None

    def _relink(self, path: str, targets: set[str]) -> None:
        """Record that `path` links to `targets` (and no longer to what it linked to)."""
        for target in self._links_of.pop(path, set()) - targets:
            self._linkers.get(target, set()).discard(path)
        for target in targets:
            self._linkers.setdefault(target, set()).add(path)
        if targets:
            self._links_of[path] = targets

    def _stream_prepared(
        self, send: Callable[[str, object], None], prepare: Callable[[Page], object]
    ) -> None:
        """Each page's render-ready Markdown, in batches, so MkDocs need not parse them
        (but those `prepare` leaves to MkDocs' cache)."""
        assert self.course is not None
        batch = {}
        for page in _page_texts(self.course.docs_dir):
            made = prepare(page)
            if made is not None:
                batch[_digest(page.text)] = made
            if len(batch) == 16:
                send("prepared", batch)
                batch = {}
        send("prepared", batch)

    def _report(self) -> tuple[list[Finding], str]:
        return self._compose(self.run())

    def _compose(self, findings: list[Finding]) -> tuple[list[Finding], str]:
        """(localized findings, health page Markdown) of this build's findings."""
        assert self.course is not None and self.model is not None
        # read again: the checks may have run the blocks
        self.results = load_results(self.course.cache_dir / RESULTS_FILE)
        language = self.course.language
        findings = localized(findings, language)
        page = health_page(
            findings,
            self.pages,
            self._anchor_finder(),
            self.results,
            lang=language,
            left_out=self.model.left_out(language),
        )
        return findings, page

    def _anchor_finder(self) -> Callable[[str, int], str | None]:
        """(path, line) → id of the nearest heading at or above that line, as the site renders."""
        from validators.checks.links.checker import heading_ids

        slugify = self.course.slugify if self.course else None
        by_path = {page.path: page for page in self.pages}
        headings: dict[str, list[tuple[int, str]]] = {}

        def anchor_of(path: str, line: int) -> str | None:
            page = by_path.get(path)
            if page is None or slugify is None:
                return None
            if path not in headings:
                ids = heading_ids(page, slugify)
                headings[path] = sorted((number, anchor) for anchor, number in ids.items())
            above = [item for item in headings[path] if item[0] <= line]
            return above[-1][1] if above else None

        return anchor_of

    def run(self) -> list[Finding]:
        """`build`: every check over the whole course, once."""
        assert self.course is not None
        course = self.course
        pages, findings = read_pages(course.docs_dir)
        pages = [page for page in pages if page.path != HEALTH_URI]
        if self.model is None:
            self.model = course_model(course, pages)
        model = self.model
        findings = [finding for finding in findings if not model.is_left_out(finding.path)]
        only = ["schedule", "rendering", "links", "blocks"]
        if course.settings.exec_enabled:  # opt-in, in `build` and `serve` alike
            only.append("exec")
        options = Options(
            only=only,
            model=self.model,
            blocks_commands=False,
            external=course.settings.link_external,
        )
        try:
            findings += check_course(course, pages, options)
            findings += self._check_mermaid(course, pages, serving=False)
        except PreconditionError as error:
            raise PluginError(str(error)) from None
        self.pages = pages
        return sorted(set(findings))

    def _check_mermaid(self, course: Course, pages: Sequence[Page], serving: bool) -> list:
        mode = course.settings.mermaid_serve_mode if serving else "render"
        keys = {page.path: _key(page, mode) for page in pages}
        changed = [page for page in pages if keys[page.path] not in self._mermaid]
        if changed:
            if self._checker is None or self._checker.mode != mode:
                self.close()
                self._checker = checker_for(course, mode, keep_svg=not serving)  # for the pages
            options = Options(
                only=["mermaid"],
                mermaid_mode=mode,
                mermaid_checker=self._checker,
                model=self.model,
            )
            try:
                found = check_course(course, changed, options)
            except PreconditionError as error:
                if self.strict:
                    raise
                log.warning(f"diagrams not checked: {error}")
                return []
            for page in changed:
                self._mermaid[keys[page.path]] = [f for f in found if f.path == page.path]
        return [f for page in pages for f in self._mermaid[keys[page.path]]]


def _page_texts(docs_dir: Path) -> Iterator[Page]:
    """Parsed pages in MkDocs' order (index and README first), unreadable ones left out. The
    full parse, the one the rendering and the checks read (`parse_page` keeps it): a warm
    build renders nothing (hooks/fragments.py), and a cold one needs it for rendering."""
    for path in _page_files(docs_dir):
        relative = path.relative_to(docs_dir).as_posix()
        text, _ = read_text(path, relative)  # the checks report unreadable pages
        if text is not None:
            yield parse_page(relative, text)


def _page_files(docs_dir: Path) -> list[Path]:
    return sorted(
        docs_dir.rglob("*.md"),
        key=lambda p: (p.parent.as_posix(), p.stem not in ("index", "README"), p.name),
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _key(page: Page, mode: str) -> str:
    return hashlib.sha256(f"{mode}\0{page.path}\0{page.text}".encode()).hexdigest()


def log_findings(findings: Sequence[Finding]) -> None:
    """Errors as warnings (so `--strict` fails), the rest as info."""
    for finding in findings:
        text = f"{finding.path}:{finding.line}: [{finding.rule}] {finding.message}"
        if finding.hint:
            text += f" — {finding.hint}"
        if finding.severity is Severity.ERROR:
            log.warning(text)
        else:
            log.info(f"{finding.severity.value}: {text}")


def log_changes(findings: Sequence[Finding], before: set[Finding], lang: str) -> None:
    """A serve rebuild's log: the findings the last one did not have, and a count of the
    rest (all are on the health page)."""
    new = [finding for finding in findings if finding not in before]
    log_findings(new)
    fixed = len(before - set(findings))
    kept = len(findings) - len(new)
    if new or fixed or kept:
        log.info(_say("serve/findings", lang, new=len(new), fixed=fixed, kept=kept))


_FAILING = (FAILED, TIMEOUT, NEEDS_NETWORK, NEEDS_CLUSTER, NEEDS_CLOUD, NEEDS_PROJECT, NEEDS_HOST)
# The generated health page's source: MkDocs reads its front matter (kept out of search);
# its content is replaced by `health_page` when the page is rendered.
HEALTH_SOURCE = "---\nsearch:\n  exclude: true\n---\n\n# 코스 점검 결과\n"


def health_page(
    findings: Sequence[Finding],
    pages: Sequence[Page],
    anchor_of: Callable[[str, int], str | None],
    results: Mapping[str, PageResult] | None = None,
    lang: str = "ko",
    left_out: Sequence[tuple[str, str]] = (),
) -> str:
    """The course health page: every finding, grouped by page, linked to page and line;
    the pages left out of the nav and the checks (`left_out`: path, reason in `lang`);
    then the exec runner's results, a row per page. Its words are the catalog's in `lang`;
    whatever a finding says is shown as text (never as Markdown or HTML)."""
    gone = {path for path, _ in left_out}
    pages = [page for page in pages if page.path not in gone]
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    summary = {
        "pages": len(pages),
        "errors": errors,
        "warnings": warnings,
        "infos": len(findings) - errors - warnings,
    }
    lines = [f"# {_say('health/title', lang)}", "", _say("health/summary", lang, **summary), ""]
    if not findings:
        lines.append(_say("health/passed", lang))
    results = results or {}
    failing = sum(page.path in results and results[page.path].verdict in _FAILING for page in pages)
    if failing:
        lines += ["", _say("health/exec-problems", lang, count=failing)]
    by_page: dict[str, list[Finding]] = {}
    for finding in findings:
        by_page.setdefault(finding.path, []).append(finding)
    known = {page.path for page in pages}
    columns = ("line", "severity", "rule", "message", "hint")
    for path, items in sorted(by_page.items()):
        lines += [
            "",
            f"## {_link(path, path)}" if path in known else f"## {_cell(path)}",
            "",
            *_table_head([_say(f"health/column.{column}", lang) for column in columns]),
        ]
        for finding in sorted(items):
            anchor = anchor_of(path, finding.line) if path in known else None
            cells = [
                _link(str(finding.line), path, anchor) if path in known else str(finding.line),
                _say(f"health/severity.{finding.severity.value}", lang),
                _code(finding.rule),
                _cell(finding.message),
                _cell(finding.hint),
            ]
            lines.append(_row(cells))
    lines += _left_out_section(left_out, lang)
    lines += exec_section(pages, results, lang)
    return "\n".join(lines) + "\n"


def _left_out_section(left_out: Sequence[tuple[str, str]], lang: str) -> list[str]:
    """The "빠진 페이지" section: each page kept out of the nav and the checks, and why."""
    if not left_out:
        return []
    columns = [_say("health/left-out.column.page", lang), _say("health/left-out.column.why", lang)]
    return [
        "",
        f"## {_say('health/left-out.title', lang)}",
        "",
        _say("health/left-out.intro", lang, count=len(left_out)),
        "",
        *_table_head(columns),
        *(_row([_cell(path), _cell(why)]) for path, why in left_out),
    ]


def exec_section(
    pages: Sequence[Page], results: Mapping[str, PageResult], lang: str = "ko"
) -> list[str]:
    """The "명령 실행 결과" section: a row per page that has results or shell blocks,
    each with an id the page's badges link to (none when no page has either)."""
    shell = SHELL_LANGS | CONSOLE_LANGS
    rows = []
    not_run = 0
    for page in sorted(pages, key=lambda page: page.path):
        result = results.get(page.path)
        blocks = sum(fence.lang in shell for fence in page.fences)
        if result is None and not blocks:
            continue
        anchor = f'<a class="exec-anchor" id="{row_anchor(page.path)}"></a>'
        link = anchor + _link(page.path, page.path)
        if result is None:
            not_run += 1
            cells = [
                link,
                _say("health/exec.not-run", lang),
                _say("health/exec.blocks", lang, count=blocks),
                "",
            ]
        else:
            moment = _cell(when(result.ran_at))
            ran = _say("health/exec.ran", lang, when=moment, seconds=result.seconds)
            if result.sha256 != digest(page.text):
                ran += "<br>" + _say("health/exec.stale", lang)
            tallied = tally(result.counts or count(result.blocks), lang)
            cells = [
                link,
                _cell(verdict_label(result.verdict, lang)),
                tallied or _say("health/exec.no-commands", lang),
                ran,
            ]
        rows.append(_row(cells))
    if not rows:
        return []
    columns = ("page", "result", "commands", "ran")
    lines = [
        "",
        f"## {_say('health/exec.title', lang)}",
        "",
        _say("health/exec.intro", lang, command=RUN_COMMAND),
        "",
        *_table_head([_say(f"health/exec.column.{column}", lang) for column in columns]),
        *rows,
    ]
    if not_run:
        lines += ["", _say("health/exec.not-run-summary", lang, count=not_run, command=RUN_COMMAND)]
    return lines


def _say(key: str, lang: str, **args: object) -> str:
    """The catalog's sentence for `key` (validators/messages.py, "health page")."""
    return messages.text(key, lang, args)


def _table_head(columns: Sequence[str]) -> list[str]:
    return [_row(columns), "|" + "---|" * len(columns)]


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


# What means something to Markdown, its extensions (tables, attr_list, magiclink, emoji,
# tilde) or HTML is written as a character reference: it shows as the character and takes
# part in no syntax. An `_` inside a word (`session_2`) and a `.` are kept, except the `.`
# magiclink would take for a link (`www.`).
_ALNUM = r"A-Za-z0-9\u0080-\U0010ffff"
_SPECIAL = re.compile(
    rf"[\\`*{{}}\[\]()<>#+!|:@~^=$&]|(?<![{_ALNUM}])_|_(?![{_ALNUM}])|(?<=www)\.|(?<=ftp)\.",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_RULE = re.compile(r"[\w./-]+")


def _cell(text: str) -> str:
    """`text` as Markdown that shows it as written, on one line (a table cell, a heading)."""
    return _SPECIAL.sub(_reference, _CONTROL.sub(" ", text)).strip()


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match[0])};"


def _code(rule: str) -> str:
    """A rule id in code (one that is not a plain id, as text)."""
    return f"`{rule}`" if _RULE.fullmatch(rule) else _cell(rule)


def _link(label: str, path: str, anchor: str | None = None) -> str:
    """A Markdown link to page `path` (docs-relative) that MkDocs resolves for any name:
    spaces, `%20`, Korean, brackets. MkDocs unquotes the path and keeps the fragment."""
    target = quote(path, safe="/")
    if anchor:
        target += "#" + re.sub(r"[\s<>()\[\]\\%`'\"]", lambda m: quote(m[0], safe=""), anchor)
    return f"[{_cell(label)}]({target})"
