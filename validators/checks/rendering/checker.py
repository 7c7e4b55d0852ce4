"""Where GitHub's rendering differs from what the author meant.

- `rendering/literal-asterisks` (warning): `**도커 이미지(Image)**는` is not bold on
  GitHub: a closing `**` right after punctuation and right before a letter cannot close
  (CommonMark's flanking rules), so both pairs of asterisks are shown. The site renders
  as GitHub does, so readers of both see the asterisks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from validators.findings import Finding, Severity
from validators.page import Page, inline_children

_PAIR = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ESCAPED = re.compile(r"\\\*")
_CODE = "\x01"  # stands for a code span in the text searched


def check_rendering(pages: Sequence[Page]) -> list[Finding]:
    findings: list[Finding] = []
    for page in pages:
        for token in page.tokens:
            if token.type == "inline" and token.map is not None and "**" in token.content:
                findings.extend(_literal_asterisks(page, token))
    return findings


def _literal_asterisks(page: Page, inline: Token) -> list[Finding]:
    """A finding for each `**…**` that the parse left as text."""
    if _ESCAPED.search(inline.content):
        return []  # `\*\*` asks for the asterisks
    parts: list[str] = []
    lines: list[int] = []  # the 0-based line of each character of `parts`
    line = inline.map[0] if inline.map else 0
    for child in inline_children(inline):
        if child.type in ("softbreak", "hardbreak"):
            piece = " "
            line += 1
        elif child.type == "text":
            piece = child.content
        elif child.type == "code_inline":
            piece = _CODE
        else:
            continue
        parts.append(piece)
        lines.extend([line] * len(piece))
    text = "".join(parts)
    findings = []
    for match in _PAIR.finditer(text):
        shown = text[match.start() : match.end() + 1].replace(_CODE, "`…`").strip()
        findings.append(
            Finding.of(
                page.path,
                lines[match.start()] + 1,
                "rendering/literal-asterisks",
                Severity.WARNING,
                hint="rendering/literal-asterisks.hint",
                text=shown,
            )
        )
    return findings
