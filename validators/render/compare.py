"""Compare the site's HTML with GitHub's (cmark-gfm) by what a reader sees.

Both HTMLs become a block-structure tree plus visible text: the elements that make
structure (blocks, lists with their start numbers, table cells, emphasis, links with their
targets, images, checkboxes, code) and the text inside them, whitespace collapsed.
Material's own markup is mapped to GitHub's: a highlighted code block
(`div.highlight > pre > code` with Pygments' spans) is `pre > code` with its text, an
admonition is GitHub's alert, a task-list label is its checkbox; heading permalinks, the
site's pictures and badges (`data-course-site`) and attributes that only style are left
out. Used by tests/test_rendering.py and benchmarks/bench_render.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_STRUCTURE = {
    "blockquote", "br", "code", "del", "details", "div", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "img", "input", "li", "ol", "p", "pre", "strong", "summary", "table",
    "tbody", "td", "th", "thead", "tr", "ul", "a", "sup", "section",
}  # fmt: skip
_KEPT_ATTRS = {"a": ("href",), "img": ("src", "alt"), "ol": ("start",), "input": ("checked",)}
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}
_DROPPED = {"headerlink"}  # classes whose element and content are left out


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, shown)
        self.skip = 0  # depth inside a dropped element
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if self.skip or classes & _DROPPED:
            if tag not in _VOID:
                self.skip += 1
            return
        shown = tag in _STRUCTURE
        if tag == "div" and "highlight" in classes:
            shown = False  # Material's wrapper round pre > code
        if tag == "div" and not (classes & {"admonition", "markdown-alert"}):
            shown = False  # layout (`align="center"`) is not structure
        if tag == "p" and classes & {"admonition-title", "markdown-alert-title"}:
            shown, tag = True, "alert-title"
        if tag == "div" and classes & {"admonition", "markdown-alert"}:
            tag = "alert"
        if tag == "code" and self.pre:
            shown = True
        if tag == "span" and "filename" in classes:
            self.skip += 1  # a code block's title: Material's caption, not on GitHub
            return
        if tag == "label" or tag == "span":
            shown = False
        if shown:
            kept = [
                f"{name}={'' if name == 'checked' else values.get(name) or ''}"
                for name in _KEPT_ATTRS.get(tag, ())
                if name in values and (name != "start" or values.get(name) != "1")
            ]
            self.out.append(f"<{tag}{' ' if kept else ''}{' '.join(kept)}>")
        if tag == "pre":
            self.pre += 1
        if tag not in _VOID:
            self.stack.append((tag, shown))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1][0] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skip:
            self.skip -= 1
            return
        while self.stack:
            open_tag, shown = self.stack.pop()
            if open_tag == "pre":
                self.pre -= 1
            if shown:
                self.out.append(f"</{open_tag}>")
            if open_tag == tag or (tag == "div" and open_tag == "alert"):
                break
            if tag == "p" and open_tag == "alert-title":
                break

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = data if self.pre else re.sub(r"\s+", " ", data).strip()
        if not text:
            return
        if self.out and not self.out[-1].startswith("<"):
            self.out[-1] += text if self.pre else " " + text  # text split by dropped markup
        else:
            self.out.append(text)


def structure(html: str) -> str:
    """The block structure and visible text of `html`, one element or text a line."""
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return "\n".join(item.rstrip("\n") for item in tree.out)  # a code's last newline is unseen


def github_html(text: str) -> str:
    """GitHub's HTML for `text` (cmark-gfm with GitHub's extensions, raw HTML kept as
    github.com keeps it before sanitising). Needs `cmarkgfm` (the test extras)."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(
        text, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    )
