"""GitHub's heading ids, as github-slugger makes them (and GitHub's own renderer does).

A heading's id is its visible text, lower-cased, with every character that is not a
letter, a mark (U+FE0F after an emoji is one), a decimal or letter number, a connector
(`_`), `-` or a space dropped, and each space turned into `-`. A repeated id gets `-1`,
`-2`… in page order. The same function serves the site and the links check, so a link is
valid on the site exactly when it is valid on GitHub.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from markdown_it.token import Token

from validators.page import Page, inline_children

_KEPT = ("Nd", "Nl", "Pc")  # with letters and marks: Ruby's \p{Word}, as GitHub's filter


@lru_cache(maxsize=65536)
def _kept(char: str) -> bool:
    if char in "- ":
        return True
    category = unicodedata.category(char)
    return category[0] in ("L", "M") or category in _KEPT


def github_slug(text: str, separator: str = "-") -> str:
    """One heading text's id, without the repeat suffix (`separator` is ignored: GitHub's is
    always `-`; the argument keeps the shape of Python-Markdown's `slugify(text, sep)`)."""
    return "".join(c for c in text.lower() if _kept(c)).replace(" ", "-")


class Slugger:
    """github-slugger's BananaSlug: ids made unique in the order asked (`x`, `x-1`, `x-2`)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        original = result = github_slug(text)
        while result in self._seen:
            self._seen[original] += 1
            result = f"{original}-{self._seen[original]}"
        self._seen[result] = 0
        return result


def heading_text(inline: Token) -> str:
    """A heading's visible text as GitHub slugs it: text and code, markup and tags left out,
    entities already decoded by the parser."""
    parts = []
    for child in inline_children(inline):
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append("")  # an image's alt is not text content
    return "".join(parts).strip()


def github_ids(tokens: list[Token]) -> dict[int, str]:
    """The id of each `heading_open` token, keyed by its index in `tokens`."""
    slugger = Slugger()
    return {
        index: slugger.slug(heading_text(tokens[index + 1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    }


def github_heading_ids(page: Page) -> dict[str, int]:
    """The ids GitHub gives the page's headings (id → 1-based line), for the links check."""
    result: dict[str, int] = {}
    for index, value in github_ids(page.tokens).items():
        token = page.tokens[index]
        line = token.map[0] + 1 if token.map else 1
        result.setdefault(value, line)
    return result
