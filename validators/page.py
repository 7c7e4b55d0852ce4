"""The page model: one Markdown file parsed once with markdown-it-py (CommonMark + GFM).

Every validator reads the same tokens; `Token.map` gives 0-based line ranges, which the
helpers here turn into the 1-based source lines that findings report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.gfm import gfm_plugin

# YAML front matter, as MkDocs reads it (mkdocs.utils.meta).
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_ATTR = re.compile(r'(\w[\w-]*)=(?:"([^"]*)"|\'([^\']*)\'|(\S+))')


def _parser() -> MarkdownIt:
    """GitHub's dialect: CommonMark with raw HTML, tables, strikethrough, task lists,
    autolinks, footnotes and alerts. The site renders these same tokens
    (`validators/render/`)."""
    md = MarkdownIt("commonmark", {"html": True})
    gfm_plugin(md)
    md.core.ruler.after("inline", "strong_in_strong", _strong_in_strong)
    md.core.ruler.before("text_join", "emoji", _emoji)
    return md


_SHORTCODE = re.compile(r":([a-z0-9_+-]+):")


def _emoji(state: Any) -> None:
    """GitHub's emoji shortcodes (`:rocket:`) as `emoji` tokens (content: the character,
    markup: the name). Only in text as written: an escaped colon (`&#58;`) starts none."""
    for token in state.tokens:
        if token.type != "inline" or not token.children or ":" not in token.content:
            continue
        children: list[Token] = []
        for child in token.children:
            if child.type != "text" or ":" not in child.content:
                children.append(child)
                continue
            position = 0
            for match in _SHORTCODE.finditer(child.content):
                char = emoji_names().get(match[1])
                if char is None:
                    continue
                if match.start() > position:
                    children.append(_text(child, child.content[position : match.start()]))
                emoji = Token("emoji", "", 0, content=char, markup=match[1])
                emoji.level = child.level
                children.append(emoji)
                position = match.end()
            if position == 0:
                children.append(child)
            elif position < len(child.content):
                children.append(_text(child, child.content[position:]))
        token.children = children


def _text(like: Token, content: str) -> Token:
    token = Token("text", "", 0, content=content)
    token.level = like.level
    return token


@lru_cache(maxsize=1)
def emoji_names() -> dict[str, str]:
    """GitHub's emoji names (gemoji, as pymdownx ships it) → the character."""
    from pymdownx import gemoji_db

    def char(entry: dict) -> str:
        code = entry.get("unicode_alt") or entry["unicode"]
        return "".join(chr(int(part, 16)) for part in code.split("-"))

    names = {name.strip(":"): char(entry) for name, entry in gemoji_db.emoji.items()}
    for alias, name in gemoji_db.aliases.items():
        if name in gemoji_db.emoji:
            names[alias.strip(":")] = char(gemoji_db.emoji[name])
    return names


def _strong_in_strong(state: Any) -> None:
    """cmark-gfm's emphasis: a strong right inside a strong is one strong (`****x****`,
    `__a __b__ c__`); markdown-it nests them."""
    for token in state.tokens:
        if (
            token.type != "inline"
            or not token.children
            or "strong_open" not in {child.type for child in token.children}
        ):
            continue
        kept: list[Token] = []
        parents: list[bool] = []  # per open strong: was it dropped
        inside: list[str] = []  # open emphasis tags, innermost last
        for child in token.children:
            if child.type == "strong_open":
                dropped = bool(inside) and inside[-1] == "strong"
                parents.append(dropped)
                inside.append("strong")
                if dropped:
                    continue
            elif child.type == "strong_close" and parents:
                inside.pop()
                if parents.pop():
                    continue
            elif child.type == "em_open":
                inside.append("em")
            elif child.type == "em_close" and inside:
                inside.pop()
            kept.append(child)
        token.children = kept


_MD = _parser()
_BLOCKS = _parser().disable("inline")  # block structure only; inline text parsed on demand


@dataclass(frozen=True)
class Fence:
    """A fenced code block. `line` is the opening fence's 1-based line."""

    lang: str
    info: str
    content: str
    line: int
    end_line: int
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def content_line(self) -> int:
        """1-based line of the first content line."""
        return self.line + 1


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Page:
    """A Markdown page: `path` is relative to docs_dir, with forward slashes."""

    path: str
    text: str
    tokens: list[Token]

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @cached_property
    def fences(self) -> list[Fence]:
        result = []
        for token in self.tokens:
            if token.type != "fence" or token.map is None:
                continue
            lang, _, rest = token.info.strip().partition(" ")
            attrs = {m[1]: m[2] or m[3] or m[4] or "" for m in _ATTR.finditer(rest)}
            result.append(
                Fence(
                    lang=lang.lower().lstrip("{.").rstrip("}"),
                    info=token.info.strip(),
                    content=token.content,
                    line=token.map[0] + 1,
                    end_line=token.map[1],
                    attrs=attrs,
                )
            )
        return result

    @cached_property
    def headings(self) -> list[Heading]:
        result = []
        for index, token in enumerate(self.tokens):
            if token.type == "heading_open" and token.map is not None:
                inline = self.tokens[index + 1]
                result.append(Heading(int(token.tag[1]), plain_text(inline), token.map[0] + 1))
        return result

    @cached_property
    def meta(self) -> dict[str, Any]:
        """The YAML front matter ({} without one, or when it is not a mapping)."""
        match = _FRONT_MATTER.match(self.text)
        if match is None:
            return {}
        try:
            data = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            return {}
        return data if isinstance(data, dict) else {}

    @cached_property
    def title(self) -> str | None:
        """Text of the first H1, if any."""
        return next((h.text for h in self.headings if h.level == 1), None)


def inline_children(inline: Token) -> list[Token]:
    """An inline token's children, parsed now if the page had a block-only parse."""
    if not inline.children and inline.content:
        return _MD.parseInline(inline.content)[0].children or []
    return inline.children or []


def plain_text(inline: Token) -> str:
    """The visible text of an inline token (emphasis and links stripped, code kept)."""
    parts = []
    for child in inline_children(inline):
        if child.type in ("text", "code_inline", "html_inline", "emoji"):
            parts.append(child.content if child.type != "html_inline" else "")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


@lru_cache(maxsize=4096)
def parse_page(path: str, text: str) -> Page:
    """Parse Markdown `text`; `path` is the page's path relative to docs_dir.

    Parsed once: the hooks and every validator asking for the same page share one model
    (treat it as read-only).
    """
    return Page(path=path.replace("\\", "/"), text=text, tokens=_MD.parse(_body(text)))


@lru_cache(maxsize=256)
def parse_blocks(path: str, text: str) -> Page:
    """A lighter model for rendering: block tokens only, inline text parsed on demand by
    `plain_text` (links and emphasis inside `inline` tokens are not parsed)."""
    return Page(path=path.replace("\\", "/"), text=text, tokens=_BLOCKS.parse(_body(text)))


def _body(text: str) -> str:
    """The text with its front matter blanked out: the tokens keep the file's line numbers."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return text
    return "\n" * match.group(0).count("\n") + text[match.end() :]
