"""Validation inside `mkdocs build` and `mkdocs serve`.

Findings are logged through the plugin logger (errors as warnings, so `--strict` fails on
them) and listed on a generated course health page. In `serve`, only pages whose content
changed are re-rendered by the mermaid check (results cached by content hash); the
cross-page checks (schedule, links) are cheap and rerun on every build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from validators.course import read_pages
from validators.findings import Finding, Severity
from validators.page import Page
from validators.run import Options, PreconditionError, check_course, mermaid_checker
from validators.settings import ConfigError, Course, parse_settings, slugify_of

HEALTH_URI = "course-health.md"
log = get_plugin_logger("course")


class Validation:
    """State kept across rebuilds of one `mkdocs serve` (or the one `build`)."""

    def __init__(self) -> None:
        self.command = "build"
        self.course: Course | None = None
        self.findings: list[Finding] = []
        self.pages: list[Page] = []
        self._mermaid: dict[str, list[Finding]] = {}  # page content hash → findings
        self._checker = None  # one MermaidChecker (one browser) for the whole serve session
        self.strict = False

    def configure(self, config: MkDocsConfig) -> None:
        path = Path(config.config_file_path or "mkdocs.yml")
        try:
            settings = parse_settings(config.extra.get("course"), path)
        except ConfigError as error:
            raise PluginError(str(error)) from None
        extensions = [{name: config.mdx_configs.get(name, {})} for name in ("toc",)]
        self.course = Course(path, Path(config.docs_dir), slugify_of(extensions), settings)
        self.strict = bool(config.strict)

    def close(self) -> None:
        if self._checker is not None:
            self._checker.close()
            self._checker = None

    def run(self) -> list[Finding]:
        assert self.course is not None
        course = self.course
        pages, findings = read_pages(course.docs_dir)
        pages = [page for page in pages if page.path != HEALTH_URI]
        serving = self.command == "serve"
        only = ["schedule", "links"]
        if course.settings.exec_enabled and not serving:
            only.append("exec")
        options = Options(only=only, offline=serving)
        try:
            findings += check_course(course, pages, options)
            findings += self._check_mermaid(course, pages, serving)
        except PreconditionError as error:
            raise PluginError(str(error)) from None
        self.pages = pages
        self.findings = sorted(set(findings))
        return self.findings

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


_ICON = {Severity.ERROR: "🔴 오류", Severity.WARNING: "🟡 경고", Severity.INFO: "🔵 참고"}


def health_page(findings: Sequence[Finding], pages: Sequence[Page], anchor_of) -> str:
    """The course health page: every finding, grouped by page, linked to page and line."""
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
    by_page: dict[str, list[Finding]] = {}
    for finding in findings:
        by_page.setdefault(finding.path, []).append(finding)
    for path, items in sorted(by_page.items()):
        lines += [
            "",
            f"## {path}",
            "",
            "| 줄 | 심각도 | 규칙 | 내용 | 해결 방법 |",
            "|---|---|---|---|---|",
        ]
        for finding in sorted(items):
            anchor = anchor_of(path, finding.line)
            target = f"{path}#{anchor}" if anchor else path
            cells = [
                f"[{finding.line}]({target})",
                _ICON[finding.severity],
                f"`{finding.rule}`",
                _cell(finding.message),
                _cell(finding.hint),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
