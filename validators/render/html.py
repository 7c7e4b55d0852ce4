"""A page's HTML from the page model's own tokens, in the markup Material for MkDocs styles.

The parse is the validators' (validators/page.py: CommonMark + GFM); this module only
chooses the markup: code blocks highlighted by Pygments exactly as pymdownx.highlight does
(`language-*` classes, the copy button, titles), mermaid fences as
`<pre class="mermaid"><code>…</code></pre>`, headings with GitHub's ids and a permalink,
GitHub alerts as admonitions, task lists and footnotes as Material draws them. Raw HTML
passes as GitHub passes it (less the tags GitHub filters).
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pygments
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from validators.page import _ATTR, Page
from validators.page import _parser as page_parser
from validators.render.slug import github_ids, heading_text

IdMaker = Callable[[Page], Mapping[int, str]]  # heading token index → id
UrlMaker = Callable[[str], str]  # a link or image URL as written → as the site serves it

# GitHub alerts, as Material admonitions: kind → (class, title)
ALERTS = {
    "NOTE": ("note", "Note"),
    "TIP": ("tip", "Tip"),
    "IMPORTANT": ("info important", "Important"),
    "WARNING": ("warning", "Warning"),
    "CAUTION": ("danger caution", "Caution"),
}
# GitHub's tag filter: these raw HTML tags are shown as text.
_FILTERED = re.compile(
    r"<(?=/?(?:title|textarea|style|xmp|iframe|noembed|noframes|script|plaintext)[\s/>])",
    re.IGNORECASE,
)
PERMALINK = '<a class="headerlink" href="#{id}" title="Permanent link">&para;</a>'


@dataclass(frozen=True)
class TocEntry:
    """One heading for `page.toc`: `title` is HTML-escaped text."""

    level: int
    id: str
    title: str
    line: int  # 1-based


@dataclass
class Rendered:
    html: str
    toc: list[TocEntry] = field(default_factory=list)


def render_page(
    page: Page,
    inserts: Mapping[int, str] | None = None,
    ids: IdMaker | None = None,
    url: UrlMaker | None = None,
) -> Rendered:
    """Render `page` (a full parse: `parse_page`) as the site shows it.

    `inserts` maps 0-based source lines to HTML placed before the first block that starts
    at or after that line (the session card under the H1, the timeline before the day
    table, a badge before a fence), inside the same list item or quote. `ids` gives
    heading ids (default: GitHub's); `url` rewrites link and image URLs (default: as
    written).
    """
    tokens = _with_inserts(page.tokens, inserts or {})
    heading_ids = (ids or _github)(Page(page.path, page.text, tokens))
    env = {"ids": heading_ids, "url": url, "toc": []}
    body = _site().renderer.render(tokens, _site().options, env)
    return Rendered(body, env["toc"])


def render_gfm(text: str) -> str:
    """Plain GFM HTML (cmark-gfm's markup, no site additions): for the GFM spec examples."""
    return _plain().render(text)


def _github(page: Page) -> Mapping[int, str]:
    return github_ids(page.tokens)


def mkdocs_ids(slugify: Callable[[str, str], str]) -> IdMaker:
    """Heading ids as sites built with Python-Markdown's toc had them (`x`, `x_1`; emoji
    dropped): the links check's own computation of those ids, by heading line."""

    def ids(page: Page) -> Mapping[int, str]:
        from validators.checks.links.checker import heading_ids

        by_line = {line: value for value, line in heading_ids(page, slugify).items()}
        return {
            index: by_line.get(token.map[0] + 1, "")
            for index, token in enumerate(page.tokens)
            if token.type == "heading_open" and token.map
        }

    return ids


def _with_inserts(tokens: list[Token], inserts: Mapping[int, str]) -> list[Token]:
    """The tokens with an `html_block` for each insert, before the first block that starts
    at or after its line, at that block's level (in the same list item or quote); a list
    item opening there is entered, so nothing lands between two items."""
    if not inserts:
        return tokens
    starts = sorted(
        (token.map[0], index)
        for index, token in enumerate(tokens)
        if token.map is not None and token.nesting != -1 and token.type != "list_item_open"
    )
    at: dict[int, list[str]] = {}  # token index → HTML placed before it
    tail: list[str] = []
    for line in sorted(inserts):
        found = bisect.bisect_left(starts, (line, -1))
        if found == len(starts):
            tail.append(inserts[line])
        else:
            at.setdefault(starts[found][1], []).append(inserts[line])
    result: list[Token] = []
    for index, token in enumerate(tokens):
        for html_text in at.get(index, ()):
            tight = bool(result) and result[-1].type == "paragraph_close" and result[-1].hidden
            result.append(_site_block(html_text, token.level, tight))
        result.append(token)
    result += [_site_block(html_text, 0, False) for html_text in tail]
    return result


_BLOCK_HTML = re.compile(r"\s*<(?:div|figure|section|table|details|p|ul|ol|pre|nav|aside|h[1-6])\b")


def _site_block(html_text: str, level: int, tight: bool) -> Token:
    """The site's own HTML (a picture, a badge) as a block, never filtered. Inline HTML
    (a badge) is a paragraph of its own, except after the text of a tight list item,
    which it joins."""
    html_text = html_text.strip("\n")
    if tight:
        html_text = "\n" + html_text  # after the item's text, as a word after it
    elif not _BLOCK_HTML.match(html_text):
        html_text = f"<p>{html_text}</p>"
    block = Token("html_block", "", 0, content=html_text + "\n")
    block.level, block.meta = level, {"site": True}
    return block


class _SiteRenderer(RendererHTML):
    """markdown-it's HTML renderer with Material's markup."""

    # headings: GitHub's id and a permalink; the toc is collected on the way
    def heading_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        token = tokens[idx]
        value = env["ids"].get(idx, "")
        line = token.map[0] + 1 if token.map else 0
        title = html.escape(heading_text(tokens[idx + 1]), quote=False)
        env["toc"].append(TocEntry(int(token.tag[1]), value, title, line))
        env["heading"] = value
        return f'<{token.tag} id="{html.escape(value)}">' if value else f"<{token.tag}>"

    def heading_close(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        value = env.pop("heading", "")
        link = PERMALINK.format(id=html.escape(value)) if value else ""
        return f"{link}</{tokens[idx].tag}>\n"

    # code
    def fence(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        token = tokens[idx]
        info = html.unescape(token.info.strip())
        lang, _, rest = info.partition(" ")
        lang = lang.lstrip("{.").rstrip("}")
        if lang.lower() == "mermaid":
            source = token.content[:-1] if token.content.endswith("\n") else token.content
            return f'<pre class="mermaid"><code>{html.escape(source, quote=False)}</code></pre>\n'
        attrs = {m[1]: m[2] or m[3] or m[4] or "" for m in _ATTR.finditer(rest)}
        return highlight(token.content, lang, attrs) + "\n"

    def code_block(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return highlight(tokens[idx].content, "", {}) + "\n"

    # links and images: URLs as the site serves them
    def link_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return self.renderToken(_with_url(tokens, idx, "href", env), 0, options, env)

    def image(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return super().image(_with_url(tokens, idx, "src", env), 0, options, env)

    def emoji(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return tokens[idx].content  # the character, as GitHub shows `:rocket:`

    def s_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return "<del>"

    def s_close(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return "</del>"

    # raw HTML, as GitHub filters it (the site's own pictures and badges pass)
    def html_block(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        token = tokens[idx]
        if token.meta.get("site"):
            return token.content
        return _FILTERED.sub("&lt;", token.content)

    def html_inline(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return _FILTERED.sub("&lt;", tokens[idx].content)

    # GitHub alerts as Material admonitions
    def alert_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        kind = str(tokens[idx].meta.get("kind", "NOTE")).upper()
        css, _ = ALERTS.get(kind, ("note", kind.title()))
        return f'<div class="admonition {css}">\n'

    def alert_close(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return "</div>\n"

    def alert_title_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return '<p class="admonition-title">'

    def alert_title_close(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return "</p>\n"

    # task lists, as pymdownx.tasklist marks them (Material's checkboxes)
    def bullet_list_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return self._list(tokens, idx, options, env)

    def ordered_list_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return self._list(tokens, idx, options, env)

    def _list(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        token = tokens[idx]
        if token.attrs.get("class") == "contains-task-list":
            token = _copy(token)
            token.attrs["class"] = "task-list"
            return self.renderToken([token], 0, options, env)
        return self.renderToken(tokens, idx, options, env)

    def list_item_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        token = tokens[idx]
        result = self.renderToken(tokens, idx, options, env)
        if token.meta and "checked" in token.meta:
            checked = " checked" if token.meta["checked"] else ""
            result += (
                '<label class="task-list-control"><input type="checkbox" disabled'
                f'{checked}/><span class="task-list-indicator"></span></label> '
            )
        return result

    # footnotes, as Python-Markdown's footnotes mark them (Material styles `.footnote`)
    def footnote_ref(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        meta = tokens[idx].meta
        number = meta["id"] + 1
        ref = f"fnref:{number}" + (f":{meta['subId']}" if meta.get("subId") else "")
        return f'<sup id="{ref}"><a class="footnote-ref" href="#fn:{number}">{number}</a></sup>'

    def footnote_block_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return '<div class="footnote">\n<hr />\n<ol>\n'

    def footnote_block_close(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return "</ol>\n</div>\n"

    def footnote_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return f'<li id="fn:{tokens[idx].meta["id"] + 1}">'

    def footnote_close(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return "</li>\n"

    def footnote_anchor(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        meta = tokens[idx].meta
        number = meta["id"] + 1
        ref = f"fnref:{number}" + (f":{meta['subId']}" if meta.get("subId") else "")
        return f' <a class="footnote-backref" href="#{ref}">&#8617;</a>'


def _with_url(tokens: Sequence[Token], idx: int, key: str, env: dict) -> list[Token]:
    """The token (alone in a list) with its URL attribute as the site serves it."""
    token = tokens[idx]
    value = token.attrs.get(key)
    if env.get("url") is None or value is None:
        return [token]
    token = _copy(token)
    token.attrs[key] = env["url"](str(value))
    return [token]


def _copy(token: Token) -> Token:
    copy = Token(token.type, token.tag, token.nesting, attrs=dict(token.attrs))
    copy.children, copy.content, copy.markup, copy.info = (
        token.children,
        token.content,
        token.markup,
        token.info,
    )
    copy.block, copy.hidden, copy.meta = token.block, token.hidden, token.meta
    return copy


# -- code blocks ---------------------------------------------------------------------------


def highlight(source: str, lang: str, attrs: Mapping[str, str]) -> str:
    """A code block as pymdownx.highlight renders it for Material (`pygments_lang_class`):
    `<div class="language-X highlight">`, a `title` as its caption, `hl_lines`, `linenums`.

    The same formatter class and steps as `pymdownx.highlight.Highlight.highlight`, with
    lexers and formatters made once per option set (making a formatter builds its
    stylesheet: half the time of a page); `tests/test_rendering.py` compares the two."""
    start = attrs.get("linenums", "")
    if start:
        return pymdownx_highlight(source, lang, attrs)  # line numbers: rare, as pymdownx does
    lines = tuple(int(n) for n in attrs.get("hl_lines", "").split() if n.isdigit())
    lexer, name = _lexer(lang)
    title = (attrs.get("title") or "").strip()
    code = pygments.highlight(source.removesuffix("\n"), lexer, _formatter(lines, title))
    match = _PYG_CODE.match(code)
    if match is not None:
        classes = f"language-{name}" + (f" {match[3].strip()}" if match[2] else "")
        code = f'{code[: match.start()]}<{match[1]} class="{classes}">{code[match.end() :]}'
    return code.strip()


def pymdownx_highlight(source: str, lang: str, attrs: Mapping[str, str]) -> str:
    """The same through pymdownx.highlight itself (a new formatter each call)."""
    lines = [int(n) for n in attrs.get("hl_lines", "").split() if n.isdigit()]
    start = attrs.get("linenums", "")
    return _highlighter().highlight(
        source.removesuffix("\n"),
        lang,
        hl_lines=lines,
        linestart=int(start) if start.isdigit() else -1,
        title=attrs.get("title"),
    )


_PYG_CODE = re.compile(r'^<(div)(\s*class="(.*?)")?\s*>')  # pymdownx.highlight's RE_PYG_CODE


@lru_cache(maxsize=256)
def _lexer(lang: str):  # type: ignore[no-untyped-def]
    return _highlighter().get_lexer("", lang, False, False)


@lru_cache(maxsize=1024)
def _formatter(hl_lines: tuple[int, ...], title: str):  # type: ignore[no-untyped-def]
    from pymdownx.highlight import BlockHtmlFormatter

    return BlockHtmlFormatter(
        cssclass="highlight",
        linenos=False,
        linenostart=1,
        linenostep=1,
        linenospecial=0,
        style="default",
        noclasses=False,
        hl_lines=list(hl_lines),
        wrapcode=True,
        filename=title,
        linespans="",
        lineanchors="",
        anchorlinenos=False,
    )


@lru_cache(maxsize=1)
def _highlighter():  # type: ignore[no-untyped-def]
    from pymdownx.highlight import Highlight

    return Highlight(None, pygments_lang_class=True, stripnl=False)  # GitHub keeps blank lines


@lru_cache(maxsize=1)
def _site() -> MarkdownIt:
    md = page_parser()
    plugins = md.renderer.rules  # rules the plugins added (footnote_caption, …)
    md.renderer = _SiteRenderer(md)
    for name, rule in plugins.items():
        md.renderer.rules.setdefault(name, rule)
    return md


class _PlainRenderer(RendererHTML):
    """cmark-gfm's markup: `<del>`, `align` on table cells, bare task-list checkboxes,
    GitHub's tag filter."""

    def s_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return "<del>"

    def s_close(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return "</del>"

    def html_block(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return _FILTERED.sub("&lt;", tokens[idx].content)

    def html_inline(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return _FILTERED.sub("&lt;", tokens[idx].content)

    def emoji(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return tokens[idx].content

    def th_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return _cell(tokens[idx])

    def td_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return _cell(tokens[idx])

    def bullet_list_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        return self.renderToken([_without_class(tokens[idx])], 0, options, env)

    def list_item_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
        token = tokens[idx]
        result = self.renderToken([_without_class(token)], 0, options, env)
        if token.meta and "checked" in token.meta:
            checked = ' checked=""' if token.meta["checked"] else ""
            result += f'<input{checked} disabled="" type="checkbox"> '
        return result


def _cell(token: Token) -> str:
    align = re.search(r"text-align:(\w+)", str(token.attrs.get("style", "")))
    return f'<{token.tag} align="{align[1]}">' if align else f"<{token.tag}>"


def _without_class(token: Token) -> Token:
    if "class" not in token.attrs:
        return token
    copy = _copy(token)
    del copy.attrs["class"]
    return copy


@lru_cache(maxsize=1)
def _plain() -> MarkdownIt:
    md = page_parser()
    plugins = md.renderer.rules
    md.renderer = _PlainRenderer(md)
    for name, rule in plugins.items():
        md.renderer.rules.setdefault(name, rule)
    return md
