"""The blocks check: every fenced code block, checked by the tool made for its language,
with no daemon, no root and no network (fast enough for `mkdocs serve`).

One module per language in this folder, each with `LANGS` (the fence languages it takes,
lower case) and `check(block: CodeBlock) -> Iterable[Finding]`; a new language is a new
file. Rule ids are `blocks/<language>/<what>`; every sentence is in the message catalog.

A module that runs tools may also have `prepare(blocks)`: called once with all the blocks
of its languages before any `check`, it asks its tools about them in batch (one ShellCheck
over many files, CLIs in a thread pool). Results go to the store of `_cache` (on disk
under the course's cache folder), so a second run asks no tool anything.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from validators.checks.blocks import _cache
from validators.findings import Finding, Severity
from validators.page import Fence, Page

if TYPE_CHECKING:
    from validators.checks import Context

NAME = "blocks"
ORDER = 40
DEFAULT = True


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


_SKIPPING: ContextVar[frozenset[str]] = ContextVar("blocks_skipping", default=frozenset())


def checkers(skip: frozenset[str] | None = None) -> dict[str, Checker]:
    """Fence language → a checker running the `check` of every module that takes it (a
    shell block goes to `shell.py` and `commands.py`), in module name order; modules named
    in `skip` (default: those the running `check_blocks` skips, so a heredoc handed on by
    `shell.py` is checked as its page is) are left out."""
    return _checkers(_SKIPPING.get() if skip is None else skip)


@cache
def _checkers(skip: frozenset[str]) -> dict[str, Checker]:
    by_lang: dict[str, list[Checker]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name.startswith("_") or info.ispkg or info.name in skip:
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


@cache
def preparers() -> dict[str, tuple[Callable[[list[CodeBlock]], None], frozenset[str]]]:
    """Module name → (its `prepare`, its languages), for the modules that have one."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if callable(getattr(module, "prepare", None)):
            found[info.name] = (module.prepare, frozenset(getattr(module, "LANGS", ())))
    return found


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


def check_blocks(pages: Iterable[Page], skip: frozenset[str] = frozenset()) -> list[Finding]:
    """Every block finding of `pages`; the modules named in `skip` are not run."""
    by_lang = checkers(skip)
    blocks = [block for page in pages for block in blocks_of(page) if block.lang in by_lang]
    token = _SKIPPING.set(skip)
    try:
        for name, (prepare, langs) in preparers().items():
            if name not in skip:
                prepare([block for block in blocks if block.lang in langs])
        findings: list[Finding] = []
        for block in blocks:
            findings.extend(by_lang[block.lang](block))
    finally:
        _SKIPPING.reset(token)
    return sorted(set(findings))


# The modules `mkdocs build` and `serve` leave out: one CLI process per distinct command
# line is too slow for the author's loop on a cold cache (`python -m validators check` and
# CI run them).
SLOW = frozenset({"commands"})


def check(context: Context) -> list[Finding]:
    skip = frozenset() if context.options.blocks_commands else SLOW
    with _cache.use(_cache.open_store(context.course.cache_dir)):
        return check_blocks(context.selected(), skip)
