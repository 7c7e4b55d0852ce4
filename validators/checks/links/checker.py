"""Links: pages, anchors, files and external URLs, checked the way the built site serves them.

Links are Markdown links and images, bare URLs (the site's `pymdownx.magiclink` links them),
and `href`/`src` attributes in raw HTML. Links in code are not links. Admonition bodies
(`!!! note` with indented content) are read as Markdown, as Python-Markdown renders them.

Rules (stable ids):

- `links/missing-page` (error): a link to a `.md` page or a folder that is not a page of the
  course: a folder needs an `index.md` or `README.md` (GitHub lists any folder's files; the
  site has a page only where there is an index), and MkDocs leaves out a `README.md` next to
  an `index.md` or an `index.html`.
- `links/missing-file` (error): an image or other file that is not in docs_dir.
- `links/missing-anchor` (error): `#anchor` that the target page does not render: heading ids
  as Python-Markdown's toc makes them, `{#id}` attribute lists, `id`/`name` in raw HTML.
- `links/outside-docs` (error): a relative link that leaves docs_dir (works on GitHub, not on
  the site).
- `links/absolute` (warning): a link starting with `/` (GitHub and the site disagree on it).
- `links/raw-html` (warning): a relative URL in raw HTML: MkDocs does not rewrite those, so on
  the site (directory URLs) it misses its target although it works on GitHub.
- `links/external-broken` (error): 404 or 410.
- `links/external-redirect` (warning): a permanent redirect (301/308): the hint has the new URL.
- `links/external-status` (warning): another unexpected status after retries (429, 5xx, 400…).
- `links/external-denied` (info): 401 or 403 (often a login or a robot wall).
- `links/external-unreachable` (warning): no answer (DNS, refused, timeout after retries, TLS).
- `links/external-offline` (info): no network: the external links were not asked (one
  finding for all of them).
- `links/external-unchecked` (info): `external="cache"` and the cache does not know these
  links yet (one finding for all of them): `python -m validators check` asks them.

Public API: `check_links`, `extract_links(page) -> list[Link]`, `heading_ids` (the ids toc
gives the headings) and `anchor_ids` (every id a link may target); HTTP in `linkcheck`.

Messages come from `validators/messages.py` (ids `links/…`); a message that names the link
as "Link"/"Image" has an `.image` variant for images.

URLs on loopback, private and reserved hosts (`http://localhost:8080`, `*.local`, `*.test`)
are examples that students open on their own machines: they are not requested unless
`private_hosts=True`.
"""

from __future__ import annotations

import difflib
import fnmatch
import html
import ipaddress
import os
import posixpath
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from validators.checks.links.external import (
    BROKEN,
    DENIED,
    FAILED,
    NO_HOST,
    REDIRECT,
    REFUSED,
    STATUS,
    TIMED_OUT,
    TLS,
    TOO_MANY_REDIRECTS,
    UNCHECKED,
    UNREACHABLE,
    ExternalChecker,
    LinkStatus,
)
from validators.course_model import folder_units
from validators.findings import Finding, Severity
from validators.page import Page, parse_page
from validators.render.slug import github_heading_ids, github_slug

Slugify = Callable[[str, str], str]

PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
_INDEXES = ("index.md", "README.md")
_README_RIVALS = ("index.md", "index.html")  # MkDocs serves these, not a README.md beside them

# Python-Markdown's attr_list: `## Title {#id .class}` and a last paragraph line `{: #id}`.
_HEADER_ATTRS = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*)\}[ ]*$")
_BLOCK_ATTRS = re.compile(r"(?:^|\n)[ ]*\{:?[ ]*([^}\n ][^\n]*)\}[ ]*$")
_INLINE_ATTRS = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)\}")
_ATTR = re.compile(r"""([^ =}]+)=("[^"]*"|'[^']*'|[^ =}]+)|([^ =}]+)""")
# pymdownx.emoji shortcodes (`:rocket:`, `:material-account:`) render as pictures, not text.
_EMOJI = re.compile(r":[+\-\w]+:")
_ICON = re.compile(r":(?:material|fontawesome|octicons|simple)-[\w-]+:")
_INLINEHILITE = re.compile(r"^#!\S+\s")
# pymdownx.magiclink bare URLs: after start, space or one of *_~^[(' " ; up to space or `<`.
_BARE_URL = re.compile(r"""(?i)(?<![^\s*_~^\[('"])(?:https?://|ftps?://|(www\.))""")
_BARE_DOMAIN = re.compile(r"[^_\W][-\w.]*")
_BARE_TRAILING = frozenset("?!.,:*_~^'\"")
_BARE_CLOSERS = {")": "(", "]": "["}
_ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]*[\w-]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_NUMBER = re.compile(r"\d+")
_OPENING_TAG = re.compile(
    r"^\s*<(div|details|section|article|aside|center|figure|blockquote|p)\b[^>]*>\s*$", re.I
)
_RESERVED_SUFFIXES = (".localhost", ".local", ".internal", ".test", ".example", ".invalid")
# Attributes that carry a URL, by tag ("*": any tag).
_URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "script": ("src",),
}
_IMAGE_TAGS = frozenset({"img", "source", "video", "audio", "track", "embed"})


@dataclass(frozen=True)
class Link:
    """One link of a page. `url` is as written (percent-decoded); `line` is 1-based."""

    path: str
    line: int
    url: str
    kind: str  # "link" or "image"
    html: bool = False  # written as raw HTML
    href: str = field(default="", compare=False)  # as parsed (percent-encoded), for requests

    @property
    def target(self) -> str:
        return self.href or self.url


# -- the page as the site renders it -------------------------------------------------------


def _blocks(page: Page) -> list[tuple[Token, int]]:
    """Block tokens in document order with the line offset of their parse.

    An indented code block under `!!! note` / `??? note` is the admonition's body in
    Python-Markdown: it is parsed again as Markdown, in place.
    """
    return _expand(page.tokens, 0)


def _expand(tokens: list[Token], offset: int) -> list[tuple[Token, int]]:
    result: list[tuple[Token, int]] = []
    for index, token in enumerate(tokens):
        if (
            token.type == "code_block"
            and token.map is not None
            and _after_admonition(tokens, index)
        ):
            body = parse_page("", token.content).tokens
            result.extend(_expand(body, offset + token.map[0]))
            continue
        result.append((token, offset))
    return result


def _after_admonition(tokens: list[Token], index: int) -> bool:
    if index < 3 or tokens[index - 1].type != "paragraph_close":
        return False
    inline = tokens[index - 2]
    return inline.type == "inline" and bool(_ADMONITION.match(inline.content))


def _heading_text(inline: Token) -> tuple[str, str | None]:
    """The text toc slugifies for a heading, and its explicit `{#id}` if any."""
    parts = []
    for child in inline.children or []:
        if child.type == "text":
            parts.append(_EMOJI.sub(_drop_emoji, child.content))
        elif child.type == "code_inline":
            parts.append(_INLINEHILITE.sub("", child.content))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = " ".join("".join(parts).split())
    explicit = None
    match = _HEADER_ATTRS.search(" " + text)
    if match:
        explicit = _attr_id(match[1])
        text = (" " + text)[: match.start()].strip().rstrip("#").rstrip()
    return text, explicit


def _drop_emoji(match: re.Match[str]) -> str:
    code = match[0]
    if _ICON.fullmatch(code) or code in _twemoji():
        return ""
    return code


_TWEMOJI: set[str] = set()


def _twemoji() -> set[str]:
    if not _TWEMOJI:
        from pymdownx import twemoji_db

        _TWEMOJI.update(twemoji_db.emoji, twemoji_db.aliases)
    return _TWEMOJI


def _attr_id(attrs: str) -> str | None:
    """The id an attribute list sets (the last one wins, as in attr_list)."""
    found = None
    for match in _ATTR.finditer(attrs):
        if match[3] is not None and match[3].startswith("#") and len(match[3]) > 1:
            found = match[3][1:]
        elif match[1] == "id":
            found = match[2].strip("\"'")
    return found


def _unique(value: str, ids: set[str], counters: dict[str, int]) -> str:
    """Python-Markdown toc's `unique()`: `x`, `x_1`, `x_2`…"""
    if value in ids or not value:
        match = re.match(r"^(.*)_([0-9]+)$", value)
        base, count = (match[1], int(match[2])) if match else (value, 0)
        known = counters.get(base, 0)
        skip = count <= known or value == f"{base}_{known + 1}"
        if skip:
            count = max(count, known)
        count += 1
        while f"{base}_{count}" in ids:
            count += 1
        value = f"{base}_{count}"
        if skip:
            counters[base] = count
    ids.add(value)
    return value


def heading_ids(page: Page, slugify: Slugify) -> dict[str, int]:
    """The ids the site renders for the page's headings (id → 1-based line), H1 included.

    As Python-Markdown's toc: `slugify(text, "-")` of the heading's plain text, `{#id}`
    honoured, duplicates suffixed `_1`, `_2`… (ids set elsewhere on the page count as taken).
    """
    if slugify is github_slug:  # GitHub's ids, the site's by default (validators/render)
        return github_heading_ids(page)
    blocks = _blocks(page)
    headings: list[tuple[int, str, str | None]] = []
    taken: set[str] = set()
    for index, (token, offset) in enumerate(blocks):
        if token.map is None:
            continue
        if token.type == "heading_open":
            text, explicit = _heading_text(blocks[index + 1][0])
            headings.append((offset + token.map[0] + 1, text, explicit))
            if explicit:
                taken.add(explicit)
        elif token.type == "inline" and blocks[index - 1][0].type == "paragraph_open":
            match = _BLOCK_ATTRS.search(token.content)
            if match and _attr_id(match[1]):
                taken.add(_attr_id(match[1]) or "")
        elif token.type == "html_block" and _OPENING_TAG.match(token.content):
            taken.update(_HtmlScan.of(token.content).ids)  # md_in_html makes it an element
    counters: dict[str, int] = {}
    result: dict[str, int] = {}
    for line, text, explicit in headings:
        value = explicit or _unique(slugify(text, "-"), taken, counters)
        result.setdefault(value, line)
    return result


def anchor_ids(page: Page, slugify: Slugify) -> dict[str, int]:
    """Every id a link can target on the page: headings, attribute lists, raw HTML ids."""
    result = dict(heading_ids(page, slugify))
    for token, offset in _blocks(page):
        if token.map is None:
            continue
        line = offset + token.map[0] + 1
        if token.type == "html_block":
            for value in _HtmlScan.of(token.content).ids:
                result.setdefault(value, line)
        elif token.type == "inline":
            for match in _INLINE_ATTRS.finditer(token.content):
                value = _attr_id(match[1])
                if value:
                    result.setdefault(value, line)
            for child in token.children or []:
                if child.type == "html_inline":
                    for value in _HtmlScan.of(child.content).ids:
                        result.setdefault(value, line)
    return result


# -- finding the links ---------------------------------------------------------------------


class _HtmlScan(HTMLParser):
    """URLs (with their 1-based line in the fragment) and ids of a piece of raw HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str, str]] = []  # (line, kind, url)
        self.ids: list[str] = []

    @classmethod
    def of(cls, text: str) -> _HtmlScan:
        scan = cls()
        scan.feed(text)
        scan.close()
        return scan

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        kind = "image" if tag in _IMAGE_TAGS else "link"
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.append(value)
            if name not in _URL_ATTRS.get(tag, ()):
                continue
            if name == "srcset":
                for candidate in value.split(","):
                    if candidate.split():
                        self.urls.append((line, kind, candidate.split()[0]))
            elif value.strip():
                self.urls.append((line, kind, value.strip()))


def extract_links(page: Page) -> list[Link]:
    """The links of a page in document order, each at the line where its URL is written."""
    links: list[Link] = []
    lines = page.lines
    for token, offset in _blocks(page):
        if token.map is None:
            continue
        start, end = offset + token.map[0], offset + token.map[1]
        if token.type == "html_block":
            for line, kind, url in _HtmlScan.of(token.content).urls:
                found = _locate(lines, start, end, start + line - 1, _needles(url))
                links.append(Link(page.path, found + 1, unquote(url), kind, True, url))
        elif token.type == "inline":
            links.extend(_inline_links(page.path, token, start, end, lines))
    return links


def _inline_links(path: str, inline: Token, start: int, end: int, lines: list[str]) -> list[Link]:
    links: list[Link] = []
    line = start  # 0-based line of the current child
    hrefs: list[str | None] = []  # open links
    for child in inline.children or []:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            line += 1
        elif kind == "link_open":
            hrefs.append(child.attrs.get("href"))  # type: ignore[arg-type]
        elif kind == "link_close" and hrefs:
            href = hrefs.pop()
            if href is not None:
                links.append(_link(path, lines, start, end, line, href, "link"))
        elif kind == "image":
            line += sum(c.type in ("softbreak", "hardbreak") for c in child.children or [])
            src = child.attrs.get("src")
            if src is not None:
                links.append(_link(path, lines, start, end, line, str(src), "image"))
        elif kind == "html_inline":
            for offset, tag_kind, url in _HtmlScan.of(child.content).urls:
                found = _locate(lines, start, end, line + offset - 1, _needles(url))
                links.append(Link(path, found + 1, unquote(url), tag_kind, True, url))
            line += child.content.count("\n")
        elif kind == "text" and not hrefs:
            for url in _bare_urls(child.content):
                links.append(_link(path, lines, start, end, line, url, "link"))
    return links


def _link(
    path: str, lines: list[str], start: int, end: int, guess: int, href: str, kind: str
) -> Link:
    shown = _display(href)
    found = _locate(lines, start, end, guess, _needles(href))
    if found == guess and not _contains(lines, guess, _needles(href)):
        # A reference link: its URL is on the `[label]: url` definition line.
        found = _definition_line(lines, _needles(href), guess)
    return Link(path, found + 1, shown, kind, href=href)


def _display(href: str) -> str:
    """The URL as the author wrote it: markdown-it percent-encodes non-ASCII characters."""
    if _SCHEME.match(href) and not href.lower().startswith(("http:", "https:")):
        return href
    return unquote(href)


def _needles(href: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in (href, unquote(href), html.escape(href)) if n))


def _contains(lines: list[str], number: int, needles: tuple[str, ...]) -> bool:
    return 0 <= number < len(lines) and any(needle in lines[number] for needle in needles)


def _locate(lines: list[str], start: int, end: int, guess: int, needles: tuple[str, ...]) -> int:
    """The 0-based line in [start, end) that holds the URL: the guess, else the nearest after."""
    guess = min(max(guess, start), max(start, end - 1))
    for number in [guess, *range(guess + 1, end), *range(guess - 1, start - 1, -1)]:
        if _contains(lines, number, needles):
            return number
    return guess


def _definition_line(lines: list[str], needles: tuple[str, ...], default: int) -> int:
    for number, text in enumerate(lines):
        if re.match(r"^\s{0,3}(?:>\s*)*\[[^\]]+\]:", text) and _contains(lines, number, needles):
            return number
    return default


def _bare_urls(text: str) -> Iterator[str]:
    """URLs that pymdownx.magiclink turns into links (same trimming rules)."""
    for match in _BARE_URL.finditer(text):
        domain = _BARE_DOMAIN.match(text, match.end())
        if domain is None:
            continue
        stop = re.compile(r"[^\s<]*").match(text, domain.start())
        end = stop.end() if stop else domain.end()
        floor = domain.start()
        while end > floor:
            last = text[end - 1]
            if last in _BARE_TRAILING or last == ";":
                end -= 1
            elif last in _BARE_CLOSERS:
                url = text[match.start() : end]
                if url.count(last) <= url.count(_BARE_CLOSERS[last]):
                    break
                end -= 1
            else:
                break
        if any("_" in part for part in text[floor : min(end, domain.end())].split(".")[-2:]):
            continue
        url = text[match.start() : end]
        yield f"http://{url}" if match[1] else url


# -- the course on disk --------------------------------------------------------------------


@dataclass
class _Site:
    docs_dir: Path
    slugify: Slugify
    files: set[str]
    folders: set[str]
    pages: dict[str, Page | None]
    anchors: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def scan(cls, docs_dir: Path, pages: Sequence[Page], slugify: Slugify) -> _Site:
        files: set[str] = set()
        folders: set[str] = {""}
        if docs_dir.is_dir():
            for root, dirs, names in os.walk(docs_dir):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                rel = Path(root).relative_to(docs_dir).as_posix()
                rel = "" if rel == "." else rel
                folders.update(posixpath.join(rel, d) for d in dirs)
                files.update(posixpath.join(rel, n) for n in names if not n.startswith("."))
        known: dict[str, Page | None] = {p: None for p in files if _is_page(p)}
        known.update({page.path: page for page in pages})
        files.update(known)
        for path in list(known):
            folder, name = posixpath.split(path)
            if name == "README.md" and _index_beside(folder, files):
                del known[path]  # MkDocs drops a README.md next to an index.md or index.html
        return cls(docs_dir, slugify, files, folders, known)

    def page(self, path: str) -> Page | None:
        page = self.pages.get(path)
        if page is None and path in self.pages:
            text = (self.docs_dir / path).read_text(encoding="utf-8")
            page = self.pages[path] = parse_page(path, text)
        return page

    def ids(self, path: str) -> dict[str, int]:
        if path not in self.anchors:
            page = self.page(path)
            self.anchors[path] = {} if page is None else anchor_ids(page, self.slugify)
        return self.anchors[path]

    def index_of(self, folder: str) -> str | None:
        for name in _INDEXES:
            candidate = posixpath.join(folder, name) if folder else name
            if candidate in self.pages:
                return candidate
        return None


def _is_page(path: str) -> bool:
    return path.lower().endswith(PAGE_SUFFIXES)


def _index_beside(folder: str, files: Collection[str]) -> str | None:
    """The `index.md` or `index.html` that makes MkDocs leave out the folder's README.md."""
    for name in _README_RIVALS:
        candidate = posixpath.join(folder, name)
        if candidate in files:
            return candidate
    return None


# -- checking ------------------------------------------------------------------------------


def check_links(
    pages: Sequence[Page],
    docs_dir: Path,
    slugify: Slugify,
    *,
    offline: bool = False,
    exclude: Sequence[str] = (),
    timeout: float = 10.0,
    cache_dir: Path | None = None,
    cache_ttl: float = 86400,
    failure_ttl: float = 3600,
    external: str = "check",
    progress: Callable[[int, int], object] | None = None,
    retries: int = 2,
    backoff: float = 0.5,
    per_host: int = 2,
    host_delay: float = 0.2,
    private_hosts: bool = False,
    paths: Collection[str] | None = None,
) -> list[Finding]:
    """Check every link of `pages` (paths relative to `docs_dir`); findings sorted by place.

    `exclude`: a URL matching one pattern (a shell glob on the whole URL, or a regular
    expression found anywhere in it) is skipped. External URLs: `external="check"` asks
    what the on-disk cache does not know, `"cache"` only reports what it knows, `"off"`
    (or `offline=True`) skips them. URLs left unasked (no network, or not in the cache)
    are one info finding, at the first of them.
    With `paths`, only the links of those pages are checked (all pages are still targets).
    """
    if offline:
        external = "off"
    site = _Site.scan(Path(docs_dir), pages, slugify)
    findings: list[Finding] = []
    external_links: list[tuple[Link, str]] = []
    for page in pages:
        if paths is not None and page.path not in paths:
            continue
        for link in extract_links(page):
            if _excluded(link.url, exclude) or _excluded(link.target, exclude):
                continue
            scheme = urlsplit(link.target).scheme.lower()
            if scheme in ("http", "https") or link.target.startswith("//"):
                url = link.target if scheme else "https:" + link.target
                if private_hosts or not _private(url):
                    external_links.append((link, url))
            elif not scheme:
                finding = _check_internal(link, page, site)
                if finding is not None:
                    findings.append(finding)
    if external_links and external != "off":
        checker = ExternalChecker(
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            per_host=per_host,
            host_delay=host_delay,
            cache_dir=cache_dir,
            cache_ttl=cache_ttl,
            failure_ttl=failure_ttl,
        )
        urls = [_without_fragment(url) for _, url in external_links]
        results = checker.check(urls, progress, request=external == "check")
        unchecked = []
        for link, url in external_links:
            status = results[_without_fragment(url)]
            if status.kind == UNCHECKED:
                unchecked.append((link, status.url))
                continue
            finding = _external_finding(link, status, checker.max_redirects)
            if finding is not None:
                findings.append(finding)
        if unchecked:
            findings.append(_unchecked(unchecked, checker.offline))
    return sorted(set(findings))


def _unchecked(links: Sequence[tuple[Link, str]], offline: bool) -> Finding:
    """The one finding for the external links left unasked: no network, or not cached."""
    link = links[0][0]
    rule = "links/external-offline" if offline else "links/external-unchecked"
    count = len({url for _, url in links})
    pages = len({link.path for link, _ in links})
    return Finding.of(
        link.path, link.line, rule, Severity.INFO, hint=f"{rule}.hint", count=count, pages=pages
    )


def _excluded(url: str, patterns: Sequence[str]) -> bool:
    for pattern in patterns:
        if fnmatch.fnmatchcase(url, pattern):
            return True
        try:
            if re.search(pattern, url):
                return True
        except re.error:
            continue
    return False


def _private(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host or host == "localhost" or host.endswith(_RESERVED_SUFFIXES):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _check_internal(link: Link, page: Page, site: _Site) -> Finding | None:
    parts = urlsplit(link.target)
    path, fragment = unquote(parts.path), parts.fragment
    if not path:
        return _check_anchor(link, page.path, fragment, site, written="") if fragment else None
    if path.startswith("/"):
        relative = posixpath.relpath(path.lstrip("/") or ".", posixpath.dirname(page.path) or ".")
        return _finding(
            link,
            "links/absolute",
            Severity.WARNING,
            _labelled(link, "links/absolute"),
            "links/absolute.hint",
            relative=relative,
        )
    folder = posixpath.dirname(page.path)
    target = posixpath.normpath(posixpath.join(folder, path))
    if target == ".." or target.startswith("../"):
        return _finding(
            link,
            "links/outside-docs",
            Severity.ERROR,
            _labelled(link, "links/outside-docs"),
            "links/outside-docs.hint",
            docs=site.docs_dir.name,
        )
    target = "" if target == "." else target
    wants_folder = path.endswith("/") or target in site.folders
    if target in site.files and not (_is_page(target) and target not in site.pages):
        page_target = target if target in site.pages else None
    elif wants_folder and target in site.folders:
        page_target = site.index_of(target)
        if page_target is None and posixpath.join(target, "index.html") not in site.files:
            return _folder_without_index(link, page, site, target)
    else:
        return _missing(link, page, site, target, path)
    if link.html:
        problem = _raw_html_problem(link, page, target, page_target)
        if problem is not None:
            return problem
    if fragment and page_target is not None:
        return _check_anchor(link, page_target, fragment, site, written=path)
    return None


def _folder_without_index(link: Link, page: Page, site: _Site, target: str) -> Finding:
    """A folder link: GitHub lists the folder's files, the site has no page there."""
    inside = sorted(f for f in site.files if posixpath.dirname(f) == target)
    pages = [f for f in inside if f in site.pages]
    first = (pages or inside or [None])[0]
    hint = "links/missing-page.folder.hint"
    args: dict[str, str] = {}
    if first is not None:
        hint = "links/missing-page.folder.hint.file"
        args["suggestion"] = _relative(first, posixpath.dirname(page.path), link)
    return _finding(
        link,
        "links/missing-page",
        Severity.ERROR,
        _labelled(link, "links/missing-page.folder"),
        hint,
        target=target + "/" if target else "./",
        **args,
    )


def _missing(link: Link, page: Page, site: _Site, target: str, written: str) -> Finding:
    folder = posixpath.dirname(page.path)
    stem = target.rstrip("/")
    is_page = _is_page(stem) or target.endswith("/")
    suggestion = None
    if not _is_page(stem):
        # `session_4/` or `session_4.html` written for the page `session_4.md`
        base = stem[:-5] if stem.endswith(".html") else stem
        pages = (base + suffix for suffix in (".md", "/index.md", "/README.md"))
        suggestion = next((p for p in pages if p in site.pages), None)
        is_page = is_page or suggestion is not None
    if is_page:
        rule, similar, none = _MISSING_PAGE
        candidates = list(site.pages)
    else:
        rule, similar, none = _MISSING_FILE
        candidates = [f for f in site.files if not _is_page(f)]
    suggestion = suggestion or _suggest(target, candidates, page.path, written)
    rival = _index_beside(posixpath.dirname(target), site.files)
    args: dict[str, str] = {"target": target, "docs": site.docs_dir.name}
    if target in site.files and posixpath.basename(target) == "README.md" and rival:
        hint = _README_HINTS[posixpath.basename(rival)]
        args["index"] = _relative(rival, folder, link)
    elif suggestion is not None:
        hint = similar
        args["suggestion"] = _relative(suggestion, folder, link)
    else:
        hint = none
        args["create"] = stem
    return _finding(link, rule, Severity.ERROR, _labelled(link, rule), hint, **args)


# (rule, hint with a suggestion, hint without one)
_MISSING_PAGE = (
    "links/missing-page",
    "links/missing-page.hint.similar",
    "links/missing-page.hint.none",
)
_MISSING_FILE = (
    "links/missing-file",
    "links/missing-file.hint.similar",
    "links/missing-file.hint.none",
)
_README_HINTS = {
    "index.md": "links/missing-page.hint.readme-index",
    "index.html": "links/missing-page.hint.readme-index-html",
}


def _relative(candidate: str, folder: str, link: Link) -> str:
    """`candidate` written relative to the page's folder, in the author's style: with `./`
    in front when the link was written starting with `./` or `../`."""
    relative = posixpath.relpath(candidate, folder or ".")
    if link.url.startswith(("./", "../")) and not relative.startswith("../"):
        relative = "./" + relative
    return relative


def _suggest(target: str, candidates: Sequence[str], exclude: str, written: str) -> str | None:
    """The existing path the author most likely meant, or None (no wild guesses).

    `exclude` is the linking page and `written` the path as its link has it.
    """
    folder, name = posixpath.split(target.rstrip("/"))
    others = [c for c in candidates if c != exclude]
    siblings = {posixpath.basename(c): c for c in others if posixpath.dirname(c) == folder}
    close = difflib.get_close_matches(name, list(siblings), n=10, cutoff=0.6)
    if close:
        best = difflib.SequenceMatcher(None, name, close[0]).ratio()
        tied = [c for c in close if difflib.SequenceMatcher(None, name, c).ratio() == best]
        return siblings[min(tied, key=lambda c: (_number_distance(name, c), c))]
    # Elsewhere: the same file name in another folder, or a typo in the folders, but never
    # another week, day or session (its numbers would differ).
    same_name = [
        c
        for c in others
        if posixpath.basename(c) == name and not _numbers_conflict(folder, posixpath.dirname(c))
    ]
    if same_name:
        return min(same_name, key=lambda c: _closeness(c, exclude, target, written))
    plain = target.rstrip("/")
    close = [
        c
        for c in difflib.get_close_matches(plain, others, n=10, cutoff=0.8)
        if _NUMBER.findall(c) == _NUMBER.findall(plain)
    ]
    return close[0] if close else None


def _closeness(candidate: str, page: str, target: str, written: str) -> tuple:
    """Order for files of the same name: the fewest path segments changed from what was
    written first, then one in the linking page's own folder, then the most alike path."""
    folder = posixpath.dirname(page)
    relative = posixpath.relpath(candidate, folder or ".")
    return (
        _segment_changes(_segments(written), _segments(relative)),
        posixpath.dirname(candidate) != folder,
        -difflib.SequenceMatcher(None, target, candidate).ratio(),
        candidate,
    )


def _segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part not in ("", ".")]


def _segment_changes(a: list[str], b: list[str]) -> int:
    """Path segments to insert, delete or replace to turn `a` into `b` (Levenshtein)."""
    row = list(range(len(b) + 1))
    for i, left in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, right in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (left != right))
    return row[-1]


def _number_distance(a: str, b: str) -> int:
    left, right = _NUMBER.findall(a), _NUMBER.findall(b)
    if len(left) != len(right):
        return 1 << 30
    return sum(abs(int(x) - int(y)) for x, y in zip(left, right, strict=True))


def _numbers_conflict(a: str, b: str) -> bool:
    """Folder `b` is another week or day than folder `a` asks for (`week_02/week_03` is not
    `week_02`, `day2` is not `day3`; `week_01` may be `week_01/day4`), or their other
    numbers differ."""
    units_a, units_b = folder_units(a), folder_units(b)
    if any(units_b.get(unit) != number for unit, number in units_a.items()):
        return True
    rest_a = [n for part in a.split("/") if not _unit(part) for n in _NUMBER.findall(part)]
    rest_b = [n for part in b.split("/") if not _unit(part) for n in _NUMBER.findall(part)]
    return any(x != y for x, y in zip(rest_a, rest_b, strict=False))


def _unit(part: str) -> bool:
    return bool(folder_units(part))


def _check_anchor(
    link: Link, target: str, fragment: str, site: _Site, written: str
) -> Finding | None:
    decoded = unquote(fragment)
    ids = site.ids(target)
    if fragment in ids or decoded in ids or decoded.lower() == "top":
        return None
    if decoded.startswith("__codelineno-"):
        return None  # pymdownx.highlight line anchors
    suggestion = None
    slug = site.slugify(decoded, "-")
    if slug in ids:
        suggestion = slug
    else:
        close = difflib.get_close_matches(decoded, list(ids), n=1, cutoff=0.6)
        suggestion = close[0] if close else None
    args: dict[str, object] = {"anchor": decoded, "target": target}
    if suggestion is not None:
        hint = "links/missing-anchor.hint.similar"
        args.update(suggestion=f"{written}#{suggestion}", suggestion_line=ids[suggestion])
    else:
        hint = "links/missing-anchor.hint.none"
    key = _labelled(link, "links/missing-anchor")
    return _finding(link, "links/missing-anchor", Severity.ERROR, key, hint, **args)


def _raw_html_problem(
    link: Link, page: Page, target: str, page_target: str | None
) -> Finding | None:
    """MkDocs leaves raw HTML URLs as written; with directory URLs that breaks them."""
    if page_target is None and posixpath.basename(page.path) in _INDEXES:
        return None  # an index page is served at its folder: relative files still resolve
    written = link.url.split("#", 1)[0]
    opened = posixpath.normpath(posixpath.join(_served_dir(page), written))
    if page_target is not None:
        markdown = f"[text]({link.url})"
        key = "links/raw-html.page"
    else:
        markdown = f"![alt]({link.url})" if link.kind == "image" else f"[text]({link.url})"
        key = "links/raw-html"
    return _finding(
        link,
        "links/raw-html",
        Severity.WARNING,
        _labelled(link, key),
        "links/raw-html.hint",
        opened=opened,
        target=page_target or target,
        markdown=markdown,
    )


def _served_dir(page: Page) -> str:
    """The folder of the page's URL with directory URLs: `a/b.md` is served at `a/b/`."""
    folder, name = posixpath.split(page.path)
    if name in _INDEXES:
        return folder
    return posixpath.join(folder, name.rsplit(".", 1)[0])


def _external_finding(link: Link, status: LinkStatus, max_redirects: int) -> Finding | None:
    if status.kind == UNREACHABLE:
        return _finding(
            link,
            "links/external-unreachable",
            Severity.WARNING,
            _UNREACHABLE.get(status.cause, "links/external-unreachable"),
            "links/external-unreachable.hint",
            error=status.reason,
            count=max_redirects,
        )
    if status.kind == REDIRECT:
        return _finding(
            link,
            "links/external-redirect",
            Severity.WARNING,
            None,
            "links/external-redirect.hint",
            new_url=status.new_url or "",
        )
    if status.kind not in _ANSWERED:
        return None
    rule, severity, final, hint = _ANSWERED[status.kind]
    if status.final_url:  # the answer came at the end of temporary redirects
        key, args = final, {"final_url": status.final_url}
    else:
        key, args = rule, {}
    return _finding(link, rule, severity, key, hint, reason=status.reason, **args)


# kind: (rule, severity, message id with the final URL, hint id)
_ANSWERED = {
    BROKEN: (
        "links/external-broken",
        Severity.ERROR,
        "links/external-broken.final",
        "links/external-broken.hint",
    ),
    DENIED: (
        "links/external-denied",
        Severity.INFO,
        "links/external-denied.final",
        "links/external-denied.hint",
    ),
    STATUS: (
        "links/external-status",
        Severity.WARNING,
        "links/external-status.final",
        "links/external-status.hint",
    ),
}
_UNREACHABLE = {
    TIMED_OUT: "links/external-unreachable.timeout",
    TLS: "links/external-unreachable.tls",
    NO_HOST: "links/external-unreachable.dns",
    REFUSED: "links/external-unreachable.refused",
    FAILED: "links/external-unreachable.connection",
    TOO_MANY_REDIRECTS: "links/external-unreachable.redirects",
}


def _labelled(link: Link, key: str) -> str:
    """The message id for `link`: `key` names it a link, `key.image` an image."""
    return f"{key}.image" if link.kind == "image" else key


def _finding(
    link: Link,
    rule: str,
    severity: Severity,
    key: str | None,
    hint: str,
    **args: object,
) -> Finding:
    """A finding at the link, its message and hint from the catalog (`url` filled in)."""
    return Finding.of(link.path, link.line, rule, severity, key, hint, url=link.url, **args)
