"""JSON blocks: `json.loads`, the error at its Markdown line.

Lessons often annotate JSON with `// …` or `# …` comments. JSON has none, so such a block
is checked with its comments blanked out: valid then, it gets one info at the first
comment; invalid, the error is reported as for any block. A line that is only `...` (or
`…`) stands for left-out content and counts as such a comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from validators.checks.blocks import _cache
from validators.findings import Finding, Severity

if TYPE_CHECKING:
    from validators.checks.blocks import CodeBlock

LANGS = ("json",)

_ELISION = re.compile(r"(?:\.\.\.|…)[ \t]*(?:\n|$)")

Raw = tuple[int, str, Severity, str, tuple[tuple[str, object], ...]]


def check(block: CodeBlock) -> Iterable[Finding]:
    for offset, rule, severity, hint, args in _check_text(block.text):
        yield block.finding(offset, rule, severity, None, hint, **dict(args))


@_cache.memo
@lru_cache(maxsize=1024)
@_cache.cached("json", lambda: (_cache.source(__name__),))
def _check_text(text: str) -> tuple[Raw, ...]:
    if not text.strip():
        return ()
    stripped, first_comment = _without_comments(text)
    try:
        json.loads(stripped)
    except json.JSONDecodeError as error:
        args = (("column", error.colno), ("problem", error.msg))
        return (
            (
                error.lineno - 1,
                "blocks/json/syntax",
                Severity.ERROR,
                "blocks/json/syntax.hint",
                args,
            ),
        )
    if first_comment is None:
        return ()
    return (
        (first_comment, "blocks/json/comments", Severity.INFO, "blocks/json/comments.hint", ()),
    )


def _without_comments(text: str) -> tuple[str, int | None]:
    """`text` with `//`, `#` and `/* */` comments outside strings turned into spaces (so
    lines and columns stay), and the 0-based line of the first comment."""
    out = []
    first: int | None = None
    line = 0
    index = 0
    in_string = in_block = False
    while index < len(text):
        char = text[index]
        if char == "\n":
            line += 1
            out.append(char)
            index += 1
            continue
        if in_block:
            if text.startswith("*/", index):
                out.append("  ")
                index += 2
                in_block = False
            else:
                out.append(" ")
                index += 1
            continue
        if in_string:
            out.append(char)
            if char == "\\" and index + 1 < len(text):
                out.append(text[index + 1])
                index += 1
            elif char == '"':
                in_string = False
            index += 1
            continue
        if char == '"':
            in_string = True
        elif (
            text.startswith(("//", "#", "/*"), index)
            or _ELISION.match(text, index)
            and text[text.rfind("\n", 0, index) + 1 : index].strip() == ""
        ):
            first = line if first is None else first
            if text.startswith("/*", index):
                in_block = True
                out.append("  ")
                index += 2
                continue
            end = text.find("\n", index)
            end = len(text) if end < 0 else end
            out.append(" " * (end - index))
            index = end
            continue
        out.append(char)
        index += 1
    return "".join(out), first
