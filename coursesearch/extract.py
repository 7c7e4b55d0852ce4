"""A built page's HTML → its searchable sections, read from what the site renders.

Only the article is read (`<article class="md-content__inner …">`): navigation, header,
footer and table of contents stay out. Sections start at each heading with an `id`, so a
result links to the heading the site really has, whatever slug algorithm made it. Left
out of the text: the permalink sign, elements marked `data-search-exclude`, and the
pictures added at build time, by the CSS classes they carry (`EXCLUDED_CLASSES`): the
session card (`course-card`, a copy of the info block), the day timeline (`day-timeline`,
a copy of the day table) and the exec badges (`exec-badge`). Code blocks are kept apart
from prose; mermaid diagrams give only their labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

EXCLUDED_CLASSES = frozenset(
    {
        "headerlink",  # the ¶ after each heading (Python-Markdown's toc)
        "header-anchor",  # the same from markdown-it-py's anchors plugin
        "course-card",  # hooks/pictures.py: the session card repeats the info block
        "day-timeline",  # hooks/pictures.py: the timeline repeats the day table
        "exec-badge",  # hooks/badges.py: ✅ 실행 확인 before a block
        "md-content__button",  # edit / view source buttons
        "md-source-file",  # revision dates
        "md-tags",
    }
)
_SKIPPED_TAGS = {"script", "style", "svg", "noscript", "button", "template", "iframe"}
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed"}
_INLINE = {
    "a",
    "span",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "mark",
    "sub",
    "sup",
    "kbd",
    "abbr",
    "del",
    "ins",
    "small",
    "s",
    "u",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SPACES = re.compile(r"\s+")
TEASER_CHARS = 160


@dataclass
class Section:
    """One heading's part of a page: `id` None for the page's top (its H1 and intro)."""

    id: str | None
    title: str
    level: int
    text: str = ""
    code: str = ""

    @property
    def teaser(self) -> str:
        text = self.text
        return text if len(text) <= TEASER_CHARS else text[:TEASER_CHARS].rstrip() + "…"


@dataclass
class PageText:
    title: str
    h1: str = ""
    sections: list[Section] = field(default_factory=list)

    def digest_source(self) -> str:
        """Everything the analysis reads, for its cache key."""
        parts = [self.title, self.h1]
        for s in self.sections:
            parts += [s.id or "", s.title, s.text, s.code]
        return "\x1f".join(parts)


_MERMAID_SKIP = re.compile(r"^\s*(style|classDef|class|linkStyle|click|%%)\b")
_MERMAID_LABEL = re.compile(r"\[+([^\]]*)\]+|\(+([^)]*)\)+|\{+([^}]*)\}+|\"([^\"]*)\"|\|([^|]*)\|")
_MERMAID_COLON = re.compile(r":\s*(.+)$")
_MERMAID_TITLE = re.compile(r"^\s*(?:subgraph|title|section)\s+(.+)$")
_MERMAID_AS = re.compile(r"^\s*(?:participant|actor)\s+\S+\s+as\s+(.+)$")
_HTML_BITS = re.compile(r"<[^>]+>|&\w+;|\*\*|__")


def mermaid_labels(source: str) -> str:
    """The words a diagram shows, without its syntax (ids, arrows, styles, keywords)."""
    out: list[str] = []
    for line in source.splitlines():
        if _MERMAID_SKIP.match(line):
            continue
        found = [
            next(g for g in m.groups() if g is not None) for m in _MERMAID_LABEL.finditer(line)
        ]
        for pattern in (_MERMAID_AS, _MERMAID_TITLE):
            m = pattern.match(line)
            if m:
                found.append(m.group(1))
        if not found:
            m = _MERMAID_COLON.search(line)
            if m and "-" in line[: m.start()] or (m and ">" in line[: m.start()]):
                found.append(m.group(1))
        out.extend(_HTML_BITS.sub(" ", f) for f in found)
    return _SPACES.sub(" ", " ".join(out)).strip()


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the article: its element depth
        self.stack: list[tuple[str, str]] = []  # (tag, role): role in skip/code/mermaid/h/""
        self.sections: list[Section] = [Section(None, "", 1)]
        self.prose: list[list[str]] = [[]]
        self.code: list[list[str]] = [[]]
        self.heading: list[str] | None = None
        self.heading_id: str | None = None
        self.heading_level = 0
        self.mermaid: list[str] | None = None
        self.page_title = ""

    # roles of the open elements decide where text goes
    def _role(self) -> str:
        for _, role in reversed(self.stack):
            if role:
                return role
        return ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if not self.depth:
            if tag == "article" and "md-content__inner" in classes:
                self.depth = 1
            return
        if tag in _VOID:
            if tag == "br":
                self._gap()
            return
        role = ""
        outer = self._role()
        if outer == "skip":
            role = "skip"
        elif tag in _SKIPPED_TAGS or classes & EXCLUDED_CLASSES or "data-search-exclude" in a:
            role = "skip"
        elif "mermaid" in classes and outer != "mermaid":
            role = "mermaid"
            self.mermaid = []
        elif tag == "pre" and outer not in ("mermaid", "code"):
            role = "code"
        elif tag in _HEADINGS and outer == "":
            role = "h"
            self.heading = []
            self.heading_id = a.get("id")
            self.heading_level = int(tag[1])
        self.stack.append((tag, role))
        self.depth += 1
        if tag not in _INLINE:
            self._gap()

    def handle_endtag(self, tag: str) -> None:
        if not self.depth or tag in _VOID:
            return
        if tag == "article" and not any(t == "article" for t, _ in self.stack):
            self.depth = 0
            return
        while self.stack:
            open_tag, role = self.stack.pop()
            self.depth -= 1
            self._close(role)
            if open_tag == tag:
                break
        if tag not in _INLINE:
            self._gap()

    def _close(self, role: str) -> None:
        if role == "mermaid" and self.mermaid is not None:
            self.prose[-1].append(" " + mermaid_labels("".join(self.mermaid)) + " ")
            self.mermaid = None
        elif role == "h" and self.heading is not None:
            title = _SPACES.sub(" ", "".join(self.heading)).strip()
            level, hid = self.heading_level, self.heading_id
            self.heading = None
            if level == 1 and not self.page_title:
                self.page_title = title
                self.sections[0].title = title
            elif hid:
                self.sections.append(Section(hid, title, level))
                self.prose.append([])
                self.code.append([])
            else:
                self.prose[-1].append(f" {title} ")

    def _gap(self) -> None:
        """A space between blocks of prose (code keeps its own whitespace)."""
        if self._role() not in ("code", "mermaid"):
            self._text(" ")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self._text(data)

    def _text(self, data: str) -> None:
        role = self._role()
        if role == "skip":
            return
        if role == "mermaid" and self.mermaid is not None:
            self.mermaid.append(data)
        elif role == "code":
            self.code[-1].append(data)
        elif role == "h" and self.heading is not None:
            self.heading.append(data)
        else:
            self.prose[-1].append(data)


def page_text(html: str, title: str | None = None) -> PageText:
    """The sections of a built page; `title` is the page's title (else its first H1)."""
    reader = _Reader()
    start = html.find('<article class="md-content__inner')
    if start >= 0:  # the nav of a big course is most of each page: parse only the article
        end = html.rfind("</article>")
        html = html[start : end + len("</article>")] if end > start else html[start:]
    reader.feed(html)
    reader.close()
    for section, prose, code in zip(reader.sections, reader.prose, reader.code, strict=True):
        section.text = _SPACES.sub(" ", "".join(prose)).strip()
        section.code = "\n".join(c.strip("\n") for c in "".join(code).split("\n\n") if c.strip())
    page_title = title or reader.page_title or ""
    reader.sections[0].title = page_title
    sections = [s for s in reader.sections if s.id is None or s.text or s.code or s.title]
    return PageText(page_title, reader.page_title, sections)
