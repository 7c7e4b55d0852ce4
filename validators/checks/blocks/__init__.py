"""The blocks check: every fenced code block, checked by the tool made for its language,
with no daemon, no root and no network (fast enough for `mkdocs serve`).

One module per language in this folder, each with `LANGS` (the fence languages it takes,
lower case) and `check(block: CodeBlock) -> Iterable[Finding]`; a new language is a new
file. Rule ids are `blocks/<language>/<what>`; every sentence is in the message catalog.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from validators.findings import Finding, Severity
from validators.page import Fence, Page

if TYPE_CHECKING:
    from validators.checks import Context

NAME = "blocks"
ORDER = 40
DEFAULT = False  # `--only blocks` for now: ShellCheck and the CLIs take ~45 s on 58 pages, cold


@dataclass(frozen=True)
class CodeBlock:
    """One fenced block of a page. `line` is the 1-based Markdown line of its first content
    line, so content line `n` (0-based) is at `line + n`. `lead` is the text just above
    the fence (its heading and the paragraph before it), for conventions such as
    `❌ 나쁜 예` (bad practice shown on purpose)."""

    page: Page
    fence: Fence
    lang: str
    text: str
    line: int
    lead: str

    def finding(
        self,
        offset: int,
        rule: str,
        severity: Severity,
        key: str | None = None,
        hint: str | None = None,
        **args: object,
    ) -> Finding:
        """A finding at content line `offset` (0-based) of the block."""
        return Finding.of(self.page.path, self.line + offset, rule, severity, key, hint, **args)


Checker = Callable[[CodeBlock], Iterable[Finding]]


@cache
def checkers() -> dict[str, Checker]:
    """Fence language → a checker running the `check` of every module that takes it (a
    shell block goes to `shell.py` and `commands.py`), in module name order."""
    by_lang: dict[str, list[Checker]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for lang in getattr(module, "LANGS", ()):
            by_lang.setdefault(lang, []).append(module.check)
    return {lang: _chain(checks) for lang, checks in by_lang.items()}


def _chain(checks: list[Checker]) -> Checker:
    if len(checks) == 1:
        return checks[0]

    def run_all(block: CodeBlock) -> list[Finding]:
        return [finding for check in checks for finding in check(block)]

    return run_all


def blocks_of(page: Page) -> list[CodeBlock]:
    """Every fenced block of `page`, with the text above it."""
    result = []
    for fence in page.fences:
        start = fence.line - 1  # 0-based line of the opening fence
        above = []
        for index in range(start - 1, max(start - 8, -1), -1):
            above.append(page.lines[index])
            if page.lines[index].lstrip().startswith("#"):
                break
        lead = "\n".join(reversed(above))
        result.append(CodeBlock(page, fence, fence.lang, fence.content, fence.content_line, lead))
    return result


def check_blocks(pages: Iterable[Page]) -> list[Finding]:
    """Every block finding of `pages`."""
    by_lang = checkers()
    findings: list[Finding] = []
    for page in pages:
        for block in blocks_of(page):
            checker = by_lang.get(block.lang)
            if checker is not None:
                findings.extend(checker(block))
    return sorted(set(findings))


def check(context: Context) -> list[Finding]:
    return check_blocks(context.selected())
