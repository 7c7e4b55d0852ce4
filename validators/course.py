"""Read a course's pages from docs_dir; bad input becomes a finding, never a traceback."""

from __future__ import annotations

import os
import re
from pathlib import Path

from validators.findings import Finding, Severity
from validators.page import Page, parse_page

MAX_PAGE_BYTES = 2_000_000
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def read_pages(docs_dir: Path) -> tuple[list[Page], list[Finding]]:
    """Every `.md` page under docs_dir, in path order, and findings for unreadable ones."""
    pages: list[Page] = []
    findings: list[Finding] = []
    for path in sorted(docs_dir.rglob("*.md")):
        if not path.is_file():
            continue
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
        return None, [_error(relative, 1, "page/unreadable", f"cannot be read: {error.strerror}")]
    if len(data) > MAX_PAGE_BYTES:
        return None, [
            _error(
                relative,
                1,
                "page/too-large",
                f"is {len(data) // 1000} kB, over the {MAX_PAGE_BYTES // 1000} kB limit",
                "Split the page into sessions",
            )
        ]
    if b"\x00" in data[:8192]:
        return None, [
            _error(
                relative, 1, "page/binary", "is a binary file, not Markdown", "Rename or remove it"
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [
            _error(
                relative,
                line,
                "page/encoding",
                f"is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
                "Save the file as UTF-8",
            )
        ]
    return text.removeprefix("\ufeff").replace("\r\n", "\n"), []


def _unterminated_fences(page: Page) -> list[Finding]:
    """A fence with no closing line swallows the rest of the page."""
    findings = []
    for token in page.tokens:
        if token.type != "fence" or token.map is None:
            continue
        start, end = token.map
        last = page.lines[end - 1] if end - 1 < len(page.lines) else ""
        marker = token.markup
        closed = end - start >= 2 and last.strip().startswith(marker[0] * len(marker))
        if not closed and _FENCE_OPEN.match(page.lines[start]):
            findings.append(
                _error(
                    page.path,
                    start + 1,
                    "page/unterminated-fence",
                    f"code fence '{marker}' opened here is never closed",
                    f"Close it with a line of {marker}",
                )
            )
    return findings


def _error(path: str, line: int, rule: str, message: str, hint: str = "") -> Finding:
    return Finding(path, line, rule, Severity.ERROR, f"Page {message}", hint)
