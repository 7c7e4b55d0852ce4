"""Make Python-Markdown render a page the way GitHub does, in memory.

The source files stay untouched. Each correction is listed in DEVIATIONS.md; the
CommonMark parse of the page model says where GitHub sees blocks, and the text is
adjusted so Python-Markdown sees the same ones.
"""

from __future__ import annotations

import re

from validators.page import Page, parse_blocks

# An HTML block that is only an opening tag: GitHub renders the Markdown that follows it.
_OPENING_TAG = re.compile(
    r"^(\s*<(div|details|section|article|aside|center|figure|blockquote|p)\b)([^>]*)>\s*$",
    re.IGNORECASE,
)
_TAB = 4
_CONTAINER = re.compile(r"^[ >]*")  # a line's indentation and blockquote markers


def to_python_markdown(source: str | Page, inserts: dict[int, str] | None = None) -> str:
    """Return the page's Markdown adjusted so Python-Markdown renders what GitHub renders.

    `inserts` maps 0-based source lines to HTML placed before them (pictures, badges),
    indented and quoted like the line it goes before.
    """
    page = parse_blocks("", source) if isinstance(source, str) else source
    tokens = page.tokens
    lines = page.text.split("\n")
    indent = [0] * len(lines)
    blank_before: set[int] = set()
    previous_end: int | None = None
    depth = 0

    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        if token.map is None or token.nesting == -1:
            continue
        start, end = token.map
        if token.level == 0:
            # CommonMark lets a list, quote or table start right under a paragraph.
            if previous_end is not None and start == previous_end and start > 0:
                blank_before.add(start)
            previous_end = end
        if token.type in ("bullet_list_open", "ordered_list_open") and depth > 1:
            # Python-Markdown nests only at four spaces a level; GitHub follows the marker.
            current = _leading_spaces(lines[start]) + indent[start]
            wanted = _TAB * (depth - 1)
            if current < wanted:
                for number in range(start, min(end, len(lines))):
                    if lines[number].strip():
                        indent[number] += wanted - current
        if token.type == "html_block":
            match = _OPENING_TAG.match(lines[start])
            if match and end - start == 1 and "markdown" not in match.group(3):
                lines[start] = f'{match.group(1)}{match.group(3)} markdown="1">'

    output: list[str] = []
    for number, line in enumerate(lines):
        target = " " * indent[number] + line
        if inserts and number in inserts:
            output += _placed(inserts[number], target, number in blank_before, output)
        elif number in blank_before:
            output.append("")
        output.append(target)
    return "\n".join(output)


def _placed(html: str, target: str, blank_before: bool, output: list[str]) -> list[str]:
    """The lines that put `html` before `target` inside the same list item or quote.

    At column 0 the HTML is a block of its own. Before an indented or quoted line it takes
    that line's indentation and `>` markers; after a blank line it is a paragraph of its
    own, right under text it joins that text: a blank line there would end a tight list
    item in Python-Markdown.
    """
    prefix = _CONTAINER.match(target).group()  # type: ignore[union-attr]
    parts = [prefix + part for part in html.splitlines() if part.strip()]
    if not prefix:
        return ["", "\n".join(parts), ""]
    lead = [""] if blank_before else []
    if lead or not output or not output[-1].strip(" >"):
        return [*lead, *parts, prefix.rstrip()]
    return parts


def _leading_spaces(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
