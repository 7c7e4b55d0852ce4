"""Read a course's pages from docs_dir; bad input becomes a finding, never a traceback."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection
from pathlib import Path

from markdown_it.token import Token

from validators.findings import Finding, Severity
from validators.page import Page, parse_page

MAX_PAGE_BYTES = 2_000_000
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FENCE_WITH_INFO = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*[^\s`]")


def read_pages(
    docs_dir: Path,
    paths: Collection[str] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> tuple[list[Page], list[Finding]]:
    """Every `.md` page under docs_dir (or only `paths`, docs-relative), in path order, and
    findings for unreadable ones; `progress(done, total)` after each page."""
    pages: list[Page] = []
    findings: list[Finding] = []
    if paths is None:
        files = sorted(path for path in docs_dir.rglob("*.md") if path.is_file())
    else:
        files = [docs_dir / path for path in sorted(paths) if (docs_dir / path).is_file()]
    for done, path in enumerate(files, 1):
        if progress is not None:
            progress(done, len(files))
        relative = path.relative_to(docs_dir).as_posix()
        page, problems = read_page(path, relative)
        findings.extend(problems)
        if page is not None:
            pages.append(page)
    return pages, findings


def list_files(docs_dir: Path) -> list[str]:
    """Every file under docs_dir (relative, `/`-separated), dot folders included: the
    course model tells which of them MkDocs leaves out."""
    files = []
    for root, _dirs, names in os.walk(docs_dir):
        folder = Path(root).relative_to(docs_dir).as_posix()
        for name in names:
            files.append(name if folder == "." else f"{folder}/{name}")
    return sorted(files)


def read_page(path: Path, relative: str) -> tuple[Page | None, list[Finding]]:
    """One page, or None with the finding that says why it cannot be checked."""
    text, problems = read_text(path, relative)
    if text is None:
        return None, problems
    page = parse_page(relative, text)
    return page, _unterminated_fences(page)


def read_text(path: Path, relative: str) -> tuple[str | None, list[Finding]]:
    """A page's Markdown (BOM dropped, LF line ends), or None with the reason as a finding."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [_error(relative, 1, "page/unreadable", error=str(error.strerror))]
    if len(data) > MAX_PAGE_BYTES:
        size, limit = len(data) // 1000, MAX_PAGE_BYTES // 1000
        return None, [
            _error(
                relative, 1, "page/too-large", hint="page/too-large.hint", size=size, limit=limit
            )
        ]
    if b"\x00" in data[:8192]:
        return None, [_error(relative, 1, "page/binary", hint="page/binary.hint")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [
            _error(
                relative,
                line,
                "page/encoding",
                hint="page/encoding.hint",
                byte=data[error.start],
                offset=error.start,
            )
        ]
    return text.removeprefix("\ufeff").replace("\r\n", "\n"), []


def _unterminated_fences(page: Page) -> list[Finding]:
    """A fence with no closing line swallows the rest of the page.

    When it is the closing line of a fence that held another fence (a ```` ```markdown ````
    example showing a ```` ```yaml ```` block: the inner block's closing line closes the
    outer one, so the outer's own closing line opens a new fence), the one finding is at the
    outer fence's opening line, where the fix goes: a longer outer fence.
    """
    findings = []
    fences = [t for t in page.tokens if t.type == "fence" and t.map is not None]
    for index, token in enumerate(fences):
        assert token.map is not None
        start, end = token.map
        if _closed(page, token) or not _FENCE_OPEN.match(page.lines[start]):
            continue
        nested = _nested(page, fences[index - 1], token) if index else None
        if nested is not None:
            findings.append(nested)
            continue
        findings.append(
            _error(
                page.path,
                start + 1,
                "page/unterminated-fence",
                hint="page/unterminated-fence.hint",
                marker=token.markup,
            )
        )
    return findings


def _closed(page: Page, token: Token) -> bool:
    assert token.map is not None
    start, end = token.map
    last = page.lines[end - 1] if end - 1 < len(page.lines) else ""
    marker = token.markup
    return end - start >= 2 and last.strip().startswith(marker[0] * len(marker))


def _nested(page: Page, outer: Token, stray: Token) -> Finding | None:
    """The finding for `stray` (unclosed) when it is the real closing line of `outer`,
    which the closing line of a fence inside it closed early; else None."""
    assert outer.map is not None and stray.map is not None
    marker = outer.markup
    if (
        stray.info.strip()
        or stray.markup[0] != marker[0]
        or len(stray.markup) < len(marker)
        or not _closed(page, outer)
    ):
        return None
    for offset, text in enumerate(outer.content.split("\n")):
        inner = _FENCE_WITH_INFO.match(text)
        if inner is not None and inner[1][0] == marker[0]:
            return _error(
                page.path,
                outer.map[0] + 1,
                "page/unterminated-fence",
                "page/unterminated-fence.nested",
                "page/unterminated-fence.nested.hint",
                marker=marker,
                opener=page.lines[outer.map[0]].strip(),
                inner=text.strip(),
                inner_line=outer.map[0] + 2 + offset,
                stray_line=stray.map[0] + 1,
                longer=marker[0] * (len(marker) + 1),
            )
    return None


def _error(
    path: str,
    line: int,
    rule: str,
    key: str | None = None,
    hint: str | None = None,
    **args: str | int,
) -> Finding:
    return Finding.of(path, line, rule, Severity.ERROR, key, hint, **args)
