"""Validation inside `mkdocs build` and `mkdocs serve`.

Findings are logged through the plugin logger (errors as warnings, so `--strict` fails on
them) and listed on a generated course health page. In `build`, the checks run in a forked
process on the other core while MkDocs renders the pages; the health page, rendered last,
waits for them. In `serve`, they run in-process and only on pages whose content changed
(findings cached by content hash; one browser for the session's diagrams).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from hooks.badges import RUN_COMMAND, row_anchor, tally, verdict_label, when
from validators.course import read_pages, read_text
from validators.exec.extract import CONSOLE_LANGS, SHELL_LANGS
from validators.exec.results import (
    FAILED,
    NEEDS_NETWORK,
    RESULTS_FILE,
    TIMEOUT,
    PageResult,
    count,
    digest,
    load_results,
)
from validators.findings import Finding, Severity
from validators.page import Page, parse_blocks
from validators.run import Options, PreconditionError, check_course, mermaid_checker
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
        self._by_page: dict[str, list[Finding]] = {}  # serve: page key → schedule/links
        self._checker = None  # one MermaidChecker (one browser) for the whole serve session
        self.strict = False
        self._child: multiprocessing.Process | None = None
        self._pipe = None
        self._result: tuple[list[Finding], str] | None = None
        self._prepared: dict[str, Any] = {}
        self._final: tuple[str, object] | None = None  # the child's report or error
        self.logged = False
        self.results: dict[str, PageResult] = {}  # the exec runner's, by page path

    def configure(self, config: MkDocsConfig) -> None:
        path = Path(config.config_file_path or "mkdocs.yml")
        try:
            settings = parse_settings(config.extra.get("course"), path)
        except ConfigError as error:
            raise PluginError(str(error)) from None
        extensions = [{name: config.mdx_configs.get(name, {})} for name in ("toc",)]
        self.course = Course(path, Path(config.docs_dir), slugify_of(extensions), settings)
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

    def start(self, prepare: Callable[[Page], object] | None = None) -> None:
        """Begin checking the course: in a forked process for `build`, at once for `serve`.

        In `build`, the child first runs `prepare` over every page (the page's Markdown as
        the site renders it) and streams the results, so MkDocs' process need not parse
        the pages; then it runs the checks.
        """
        self._result = None
        self._final = None
        self._prepared = {}
        self.logged = False
        if self.command != "build":
            self._result = self._report()
            return
        receive, send = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.get_context("fork").Process(
            target=self._report_to, args=(send, prepare), daemon=True
        )
        child.start()
        send.close()
        self._child, self._pipe = child, receive

    def prepared(self, markdown: str) -> Any:
        """What `prepare` made of this exact page text, if the child has sent it yet."""
        self._drain(wait=False)
        return self._prepared.get(_digest(markdown))

    def result(self) -> tuple[list[Finding], str]:
        """(findings, health page Markdown), waiting for the checks if they still run."""
        if self._result is None:
            assert self._child is not None
            self._drain(wait=True)
            assert self._final is not None
            self._child.join()
            self._child = None
            kind, value = self._final
            if kind == "error":
                raise PluginError(str(value))
            self._result = value  # type: ignore[assignment]
        return self._result

    def _drain(self, wait: bool) -> None:
        """Take the child's messages: all that are there, or (wait) up to its report."""
        while self._pipe is not None and self._final is None:
            if not wait and not self._pipe.poll(0):
                return
            try:
                kind, value = self._pipe.recv()
            except EOFError:
                kind, value = "error", "the validation process ended without a result"
            if kind == "prepared":
                self._prepared.update(value)
            else:
                self._final = (kind, value)

    def collect(self) -> str:
        """Log the findings (once a build) and return the health page's Markdown."""
        findings, content = self.result()
        if not self.logged:
            log_findings(findings)
            self.logged = True
        return content

    def _report_to(self, send, prepare: Callable[[Page], object] | None) -> None:  # child
        try:
            if prepare is not None:
                assert self.course is not None
                batch = {}
                for page in _page_texts(self.course.docs_dir):
                    batch[_digest(page.text)] = prepare(page)
                    if len(batch) == 16:
                        send.send(("prepared", batch))
                        batch = {}
                send.send(("prepared", batch))
            send.send(("ok", self._report()))
        except PluginError as error:
            send.send(("error", str(error)))
        except BaseException:
            send.send(("error", f"validation failed:\n{traceback.format_exc()}"))
        finally:
            self.close()
            send.close()

    def _report(self) -> tuple[list[Finding], str]:
        findings = self.run()
        if self.course is not None:  # read again: the checks may have run the blocks
            self.results = load_results(self.course.cache_dir / RESULTS_FILE)
        return findings, health_page(findings, self.pages, self._anchor_finder(), self.results)

    def _anchor_finder(self) -> Callable[[str, int], str | None]:
        """(path, line) → id of the nearest heading at or above that line, as the site renders."""
        from validators.links import heading_ids

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
        assert self.course is not None
        course = self.course
        pages, findings = read_pages(course.docs_dir)
        pages = [page for page in pages if page.path != HEALTH_URI]
        serving = self.command == "serve"
        only = ["schedule", "links"]
        if course.settings.exec_enabled:  # opt-in, in `build` and `serve` alike
            only.append("exec")
        try:
            if serving:
                findings += self._check_changed(course, pages, only)
            else:
                findings += check_course(course, pages, Options(only=only))
            findings += self._check_mermaid(course, pages, serving)
        except PreconditionError as error:
            raise PluginError(str(error)) from None
        self.pages = pages
        return sorted(set(findings))

    def _check_changed(self, course: Course, pages: Sequence[Page], only: list[str]) -> list:
        """`mkdocs serve`: re-check only pages whose text, or what other pages offer them
        (headings, tables, session times, files), changed since the last rebuild."""
        structure = _structure(course.docs_dir, pages)
        keys = {page.path: _digest(f"{structure}\0{page.path}\0{page.text}") for page in pages}
        changed = {page.path for page in pages if keys[page.path] not in self._by_page}
        if changed:
            found = check_course(course, pages, Options(only=only, offline=True, paths=changed))
            for path in changed:
                self._by_page[keys[path]] = [f for f in found if f.path == path]
        self._by_page = {key: self._by_page[key] for key in keys.values()}
        return [f for page in pages for f in self._by_page[keys[page.path]]]

    def _check_mermaid(self, course: Course, pages: Sequence[Page], serving: bool) -> list:
        mode = course.settings.mermaid_serve_mode if serving else "render"
        keys = {page.path: _key(page, mode) for page in pages}
        changed = [page for page in pages if keys[page.path] not in self._mermaid]
        if changed:
            if self._checker is None or self._checker.mode != mode:
                self.close()
                self._checker = mermaid_checker(course, mode)
            options = Options(only=["mermaid"], mermaid_mode=mode, mermaid_checker=self._checker)
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
    """Block-parsed pages in MkDocs' order (index and README first), unreadable ones left out."""
    files = sorted(
        docs_dir.rglob("*.md"),
        key=lambda p: (p.parent.as_posix(), p.stem not in ("index", "README"), p.name),
    )
    for path in files:
        relative = path.relative_to(docs_dir).as_posix()
        text, _ = read_text(path, relative)  # the checks report unreadable pages
        if text is not None:
            yield parse_blocks(relative, text)


_STRUCTURE = re.compile(r"^ {0,3}(?:#|\|)|\*\*시간\*\*|\{[^}]*#|\b(?:id|name)=", re.MULTILINE)


def _structure(docs_dir: Path, pages: Sequence[Page]) -> str:
    """A digest of what pages offer each other: headings, tables, session times, anchors,
    and the files in docs_dir. A change there re-checks every page."""
    digest = hashlib.sha256()
    for path in sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*")):
        digest.update(f"{path}\0".encode())
    for page in pages:
        digest.update(f"\0{page.path}\0".encode())
        for line in page.lines:
            if _STRUCTURE.search(line):
                digest.update(f"{line}\n".encode())
    return digest.hexdigest()


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


_FAILING = (FAILED, TIMEOUT, NEEDS_NETWORK)  # exec verdicts the summary points out
_ICON = {Severity.ERROR: "🔴 오류", Severity.WARNING: "🟡 경고", Severity.INFO: "🔵 참고"}


def health_page(
    findings: Sequence[Finding],
    pages: Sequence[Page],
    anchor_of: Callable[[str, int], str | None],
    results: Mapping[str, PageResult] | None = None,
) -> str:
    """The course health page: every finding, grouped by page, linked to page and line;
    then the exec runner's results, a row per page."""
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    lines = [
        "# 코스 점검 결과",
        "",
        f"페이지 {len(pages)}개를 점검했습니다: 오류 **{errors}**개, 경고 **{warnings}**개, "
        f"참고 **{len(findings) - errors - warnings}**개.",
        "",
    ]
    if not findings:
        lines.append("모든 점검을 통과했습니다. ✅")
    results = results or {}
    failing = sum(page.path in results and results[page.path].verdict in _FAILING for page in pages)
    if failing:
        lines += [
            "",
            f"명령 실행에 문제가 있는 페이지가 {failing}개 있습니다: 아래 명령 실행 결과를 보세요.",
        ]
    by_page: dict[str, list[Finding]] = {}
    for finding in findings:
        by_page.setdefault(finding.path, []).append(finding)
    known = {page.path for page in pages}
    for path, items in sorted(by_page.items()):
        lines += [
            "",
            f"## [{path}]({path})" if path in known else f"## {path}",
            "",
            "| 줄 | 심각도 | 규칙 | 내용 | 해결 방법 |",
            "|---|---|---|---|---|",
        ]
        for finding in sorted(items):
            anchor = anchor_of(path, finding.line)
            target = f"{path}#{anchor}" if anchor else path
            cells = [
                f"[{finding.line}]({target})" if path in known else str(finding.line),
                _ICON[finding.severity],
                f"`{finding.rule}`",
                _cell(finding.message),
                _cell(finding.hint),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    lines += exec_section(pages, results)
    return "\n".join(lines) + "\n"


def exec_section(pages: Sequence[Page], results: Mapping[str, PageResult]) -> list[str]:
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
        link = f'<a class="exec-anchor" id="{row_anchor(page.path)}"></a>[{page.path}]({page.path})'
        if result is None:
            not_run += 1
            cells = [link, "⏳ 아직 실행하지 않음", f"셸 블록 {blocks}개", ""]
        else:
            ran = f"{when(result.ran_at)} ({result.seconds:.1f}초)"
            if result.sha256 != digest(page.text):
                ran += "<br>⚠️ 그 뒤 페이지가 수정됨: 다시 실행하세요"
            cells = [
                link,
                verdict_label(result.verdict),
                tally(result.counts or count(result.blocks)) or "실행한 명령 없음",
                ran,
            ]
        rows.append("| " + " | ".join(cells) + " |")
    if not rows:
        return []
    lines = [
        "",
        "## 명령 실행 결과",
        "",
        "셸 블록(`bash`, `sh`, `shell`, `console`)의 명령을 격리된 Docker에서 실행한 "
        f"마지막 결과입니다(`{RUN_COMMAND}`가 기록). 명령 수는 결과별로 세고, 페이지의 "
        "각 블록 앞 배지가 이 표로 연결됩니다.",
        "",
        "| 페이지 | 결과 | 명령 | 실행 시각 |",
        "|---|---|---|---|",
        *rows,
    ]
    if not_run:
        lines += [
            "",
            f"아직 실행하지 않은 페이지가 {not_run}개 있습니다: `{RUN_COMMAND}`로 실행하세요.",
        ]
    return lines


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
