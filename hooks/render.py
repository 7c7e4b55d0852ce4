"""The site's pages rendered from the page model's tokens (`validators/render/`), in MkDocs.

MkDocs' public events carry it: `on_page_markdown` leaves the Markdown as written (and
keeps the page's HTML, made by `validators.render` from the same parse the checks read),
`on_page_content` returns that HTML and sets `page.toc` from the same tokens. Python-Markdown
still runs between the two, as MkDocs always runs it; the `SkipMarkdown` extension, added to
`markdown_extensions` in `on_config`, gives it no lines, so that pass costs nothing.

URLs of links and images are written by the renderer as markers (`\\0url\\0`) and made the
site's here, with MkDocs' own files (`File.url_relative_to`): a link to `session_2.md`
becomes `../session_2/`, an image `./img/a.png` on a directory-URL page `../img/a.png`.
Raw HTML keeps its URLs as written, as MkDocs always left them.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping, Sequence
from urllib.parse import unquote, urlsplit

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

from validators.page import Page as PageModel
from validators.render import Rendered, TocEntry, render_page

_MARKER = re.compile("\x00([^\x00]*)\x00")


class _NoLines(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return []


class SkipMarkdown(Extension):
    """Python-Markdown reads nothing: the page's HTML comes from `validators.render`."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(_NoLines(md), "course_skip", 1000)


def configure(config: MkDocsConfig) -> None:
    """Add `SkipMarkdown` (once) to the site's Markdown extensions."""
    if not any(isinstance(item, SkipMarkdown) for item in config.markdown_extensions):
        config.markdown_extensions.append(SkipMarkdown())


def marker(url: str) -> str:
    """A URL as the renderer writes it, for `resolve` to make the site's."""
    return f"\x00{url}\x00"


def render(
    model: PageModel, inserts: Mapping[int, str] | None = None, ids: object = None
) -> Rendered:
    """The page's HTML with URL markers (picklable: made in the checks' process)."""
    return render_page(model, inserts, ids=ids, url=marker)  # type: ignore[arg-type]


def resolve(rendered: Rendered, page: Page, files: Files) -> str:
    """The page's HTML with each marked URL as the site serves it."""
    if "\x00" not in rendered.html:
        return rendered.html

    def replace(match: re.Match[str]) -> str:
        return html.escape(site_url(html.unescape(match[1]), page, files))

    return _MARKER.sub(replace, rendered.html)


def site_url(url: str, page: Page, files: Files) -> str:
    """A link or image URL from a page's Markdown as MkDocs makes it: a relative path to a
    file of the site becomes that file's URL relative to the page; anything else (another
    site, an absolute path, an anchor, a file that is not there) stays as written."""
    scheme, netloc, path, query, fragment = urlsplit(url)
    if scheme or netloc or not path or url.startswith(("/", "\\")):
        return url
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), unquote(path)))
    found = files.get_file_from_path(target)
    if found is None and posixpath.normpath(path) == ".":
        found = page.file
    if found is None:
        return url
    result = found.url_relative_to(page.file)
    if query:
        result += f"?{query}"
    return result + (f"#{fragment}" if fragment else "")


def toc(entries: Sequence[TocEntry]) -> TableOfContents:
    """`page.toc` from the rendered headings, as MkDocs builds it from Python-Markdown's."""
    tokens: list[dict] = []
    stack: list[dict] = []
    for entry in entries:
        item = {"level": entry.level, "id": entry.id, "name": entry.title, "children": []}
        while stack and stack[-1]["level"] >= entry.level:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(item)
        stack.append(item)
    return get_toc(tokens)  # type: ignore[arg-type]
