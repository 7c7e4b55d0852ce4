"""HCL / Terraform blocks: python-hcl2's parser, the error at its Markdown line.

A line that is only `...` (or `…`, maybe with a comment) stands for left-out content and is
blanked before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from validators.checks.blocks import _cache
from validators.findings import Finding, Severity

if TYPE_CHECKING:
    import lark

    from validators.checks.blocks import CodeBlock

LANGS = ("hcl", "terraform", "tf")

_ELISION = re.compile(r"^[ \t]*(?:\.\.\.|…)[ \t]*(?:(?:#|//).*)?$", re.M)


def check(block: CodeBlock) -> Iterable[Finding]:
    for offset, problem in _check_text(block.text):
        yield block.finding(
            offset,
            "blocks/hcl/syntax",
            Severity.ERROR,
            hint="blocks/hcl/syntax.hint",
            problem=problem,
        )


@_cache.memo
@lru_cache(maxsize=1024)
@_cache.cached(
    "hcl",
    lambda: (
        _cache.source(__name__),
        _cache.package("python-hcl2"),
        _cache.package("lark"),
    ),
)
def _check_text(text: str) -> tuple[tuple[int, str], ...]:
    import hcl2  # with lark, 0.1 s to load: only when a block is not in the store
    import lark

    try:
        hcl2.loads(_ELISION.sub("", text).rstrip("\n") + "\n")
    except lark.exceptions.UnexpectedInput as error:
        return ((max(getattr(error, "line", 1) - 1, 0), _problem(error)),)
    except Exception as error:  # the transformer's own errors carry no position
        return ((0, str(error).splitlines()[0] if str(error) else type(error).__name__),)
    return ()


def _problem(error: lark.exceptions.UnexpectedInput) -> str:
    import lark

    if isinstance(error, lark.exceptions.UnexpectedToken):
        token = error.token
        if token.type == "$END":
            return "unexpected end of input"
        return (
            f"unexpected {token.value.strip()!r}"
            if token.value.strip()
            else "unexpected line break"
        )
    if isinstance(error, lark.exceptions.UnexpectedCharacters):
        return f"unexpected character {error.char!r}"
    if isinstance(error, lark.exceptions.UnexpectedEOF):
        return "unexpected end of input"
    return type(error).__name__
