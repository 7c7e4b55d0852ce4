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
# classes whose element and content are left out: permalinks, and what the site adds to a
# page (the session card, the day timeline, exec badges, Material's edit buttons)
_DROPPED = {"headerlink", "course-card", "day-timeline", "exec-badge", "md-content__button"}


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[tuple[str, str]] = []  # (tag, the name shown for it, or "")
        self.skip = 0  # depth inside a dropped element
        self.pre = 0

    def _name(self, tag: str, classes: set[str]) -> str:
        """The name an element is shown under ("" for markup that is not structure)."""
        if (tag == "section" and "footnotes" in classes) or (
            tag == "div" and "footnote" in classes
        ):
            return "footnotes"
        if tag == "div" and classes & {"admonition", "markdown-alert"}:
            return "alert"
        if tag == "p" and classes & {"admonition-title", "markdown-alert-title"}:
            return "alert-title"
        if tag == "code" and self.pre:
            return "code"
        if tag in ("div", "span", "label"):
            return ""  # layout (`align="center"`, Material's code wrapper), not structure
        return tag if tag in _STRUCTURE else ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if self.skip or classes & _DROPPED or (tag == "span" and "filename" in classes):
            if tag not in _VOID:
                self.skip += 1  # a permalink; a code block's title (Material's caption)
            return
        if (tag == "pre" and (values.get("lang") == "mermaid" or "mermaid" in classes)) or (
            tag == "div" and "mermaid" in classes
        ):
            # a diagram, as readers see it: GitHub draws the fence, the site its SVG
            self.out += ["<diagram>", "</diagram>"]
            self.skip += 1
            return
        name = self._name(tag, classes)
        if tag == "hr" and self.out and self.out[-1] == "<footnotes>":
            return  # Python-Markdown's rule above its footnotes
        if tag == "a" and (values.get("href") or "").startswith("#fn"):
            values["href"] = "#fn"  # footnote links: GitHub's and Material's ids differ
        if name:
            kept = [
                f"{key}={'' if key == 'checked' else values.get(key) or ''}"
                for key in _KEPT_ATTRS.get(name, ())
                if key in values and (key != "start" or values.get(key) != "1")
            ]
            self.out.append(f"<{name}{' ' if kept else ''}{' '.join(kept)}>")
        if tag == "pre":
            self.pre += 1
        if tag not in _VOID:
            self.stack.append((tag, name))

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
        if tag not in (open_tag for open_tag, _ in self.stack):
            return  # a stray end tag
        while self.stack:
            open_tag, name = self.stack.pop()
            if open_tag == "pre":
                self.pre -= 1
            if name:
                self.out.append(f"</{name}>")
            if open_tag == tag:
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
    """GitHub's HTML for `text`: cmark-gfm with GitHub's extensions (raw HTML kept, as
    github.com keeps it before sanitising), then what github.com adds after it: alerts
    (`> [!NOTE]`) and emoji shortcodes. Needs `cmarkgfm` (the test extras)."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    html = cmarkgfm.github_flavored_markdown_to_html(
        text, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    )
    return _emoji(_alerts(html))


_ALERT = re.compile(r"<blockquote>\n<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\](?:\n|</p>\n)")
_QUOTE_TAG = re.compile(r"<blockquote>|</blockquote>")


def _alerts(html: str) -> str:
    """`<blockquote><p>[!NOTE]…` as github.com shows it: an alert with its title."""
    position = 0
    while (match := _ALERT.search(html, position)) is not None:
        depth, end = 0, None
        for tag in _QUOTE_TAG.finditer(html, match.start()):
            depth += 1 if tag[0] == "<blockquote>" else -1
            if depth == 0:
                end = tag
                break
        if end is None:
            return html
        title = (
            f'<div class="markdown-alert"><p class="markdown-alert-title">{match[1].title()}</p>\n'
        )
        opened = "" if match[0].endswith("</p>\n") else "<p>"
        inner = html[match.end() : end.start()]
        html = html[: match.start()] + title + opened + inner + "</div>" + html[end.end() :]
        position = match.start() + len(title)
    return html


_TAG_OR_TEXT = re.compile(r"(<[^>]+>)")
_SHORTCODE = re.compile(r":([a-z0-9_+-]+):")


def _emoji(html: str) -> str:
    """Emoji shortcodes in text (not in code) as the character, as github.com shows them."""
    from validators.page import emoji_names

    names = emoji_names()
    parts = _TAG_OR_TEXT.split(html)
    code = 0
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = re.match(r"</?(\w+)", part)
            if name and name[1] in ("code", "pre"):
                code += -1 if part.startswith("</") else 1
        elif code <= 0 and ":" in part:
            parts[index] = _SHORTCODE.sub(lambda m: names.get(m[1], m[0]), part)
    return "".join(parts)
