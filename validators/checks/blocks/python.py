"""Python blocks: `compile`, the SyntaxError at its Markdown line.

A REPL transcript (`>>> ` lines) is checked as the code it types: prompts stripped, the
output lines blanked. Notebook lines (`%magic`, `!shell`) are blanked, and top-level
`await` is allowed, as in IPython.
"""

from __future__ import annotations

import ast
import sys
import warnings
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from validators.checks.blocks import _cache
from validators.findings import Finding, Severity

if TYPE_CHECKING:
    from validators.checks.blocks import CodeBlock

LANGS = ("python", "py", "python3")


def check(block: CodeBlock) -> Iterable[Finding]:
    for offset, problem in _check_text(block.text):
        yield block.finding(
            offset,
            "blocks/python/syntax",
            Severity.ERROR,
            hint="blocks/python/syntax.hint",
            problem=problem,
        )


@_cache.memo
@lru_cache(maxsize=1024)
@_cache.cached(
    "python",
    lambda: (
        _cache.source(__name__),
        sys.version,
    ),
)
def _check_text(text: str) -> tuple[tuple[int, str], ...]:
    source = _source(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(source, "<block>", "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
        except SyntaxError as error:
            return ((max((error.lineno or 1) - 1, 0), str(error.msg)),)
        except ValueError as error:  # a null byte
            return ((0, str(error)),)
    return ()


def _source(text: str) -> str:
    lines = text.split("\n")
    if any(line.startswith(">>>") for line in lines):
        lines = [line[4:] if line.startswith((">>> ", "... ")) else "" for line in lines]
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in lines)
