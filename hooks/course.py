"""MkDocs hooks for the course site: a thin adapter over `hooks/` helpers and `validators/`.

- serves the pinned npm mermaid as `assets/javascripts/mermaid.min.js` (no CDN);
- renders each page as GitHub does, from the page model's own parse (`hooks/render.py`,
  `validators/render/`; DEVIATIONS.md lists what differs on purpose), sources untouched;
- derives the nav from the course model (`hooks/nav.py`): course and timetable order,
  short titles, backups and status notes left out;
- adds the session header card and the day timeline (templates in `overrides/partials/`);
- shows the exec runner's stored results: a badge before each block it ran;
- validates the course (`hooks/validation.py`): findings logged, a course health page;
  in `mkdocs serve --dirty`, only what changed is rebuilt and re-checked (every page when
  the nav changes), and each page shows its findings in a panel (`hooks/serving.py`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import markupsafe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from hooks import badges as _badges
from hooks import pictures as _pictures
from hooks import render as _render
from hooks.badges import exec_badges, row_anchor
from hooks.fragments import Fragments, sources_digest
from hooks.nav import arrange
from hooks.pictures import pictures
from hooks.render import configure as configure_render
from hooks.render import render, resolve, toc
from hooks.serving import (
    FINDINGS_URI,
    PANEL_SCRIPT,
    keep_theme_listing,
    panel_html,
    watch_with_inotify,
)
from hooks.validation import HEALTH_SOURCE, HEALTH_URI, Validation, log
from validators import course_model as _course_model
from validators import kinds as _kinds
from validators import messages
from validators import page as _page
from validators import settings as _settings
from validators.assets import MERMAID_URI, find_mermaid
from validators.checks.exec.results import digest
from validators.checks.links import checker as _links
from validators.checks.schedule import timetable as _timetable
from validators.course import read_text
from validators.course_model import short_title
from validators.page import Page as PageModel
from validators.page import parse_page
from validators.render import Rendered, mkdocs_ids
from validators.render import html as _render_html
from validators.render import slug as _render_slug

validation = Validation()


def on_startup(command: str, dirty: bool) -> None:
    validation.command = command
    if command == "serve":
        keep_theme_listing()
    if command == "serve" and dirty:  # the nav is made whole again here (on_nav, on_env)
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)
    if command == "serve" and not dirty:
        log.info("`mkdocs serve --dirty` (or `make serve`) rebuilds only what a save changed")


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    watch_with_inotify(server, log)
    return server


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    validation.configure(config)
    configure_render(config)
    env = _theme_env(config)
    _open_fragments(config, env)
    validation.start(lambda model: _prepare(model, env, config))
    return config


# What the rendering reads besides a page's path and text: the code, the libraries, the
# templates of the pictures and badges.
_RENDER_MODULES = (
    _badges, _pictures, _render, _render_html, _render_slug, _page, _course_model, _kinds,
    messages, _settings, _links, _timetable,
)  # fmt: skip
_RENDER_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "Pygments", "pymdown-extensions")
_RENDER_TEMPLATES = ("course-card", "day-timeline", "exec-badge")  # partials/*.html
_FRAGMENTS: dict[str, Fragments] = {}  # "pages" → this build's, kept across serve rebuilds


def _open_fragments(config: MkDocsConfig, env) -> None:  # type: ignore[no-untyped-def]
    """The rendered pages of the last build (`.cache/course/render/pages.pickle`), kept in
    memory across the rebuilds of one `mkdocs serve` while nothing they depend on changed."""
    course = validation.course
    assert course is not None
    templates = []
    for name in _RENDER_TEMPLATES:
        try:
            templates.append(env.loader.get_source(env, f"partials/{name}.html")[0])
        except jinja2.TemplateNotFound:
            templates.append("")
    code = sources_digest([*_RENDER_MODULES, sys.modules[__name__]], [*_RENDER_LIBRARIES, "jinja2"])
    parts = "\0".join(
        [
            code,
            *templates,
            repr(course.settings),
            _stable(config.mdx_configs.get("toc", {})),
            str(config.use_directory_urls),
            course.language,
        ]
    )
    context = hashlib.sha256(parts.encode()).hexdigest()
    path = course.cache_dir / "render" / "pages.pickle"
    kept = _FRAGMENTS.get("pages")
    if kept is None or kept.path != path or kept.context != context:
        _FRAGMENTS["pages"] = Fragments(path, context)
    elif validation.command == "build":
        kept.used.clear()  # a build keeps what it uses; serve, what its session used


def _stable(value: object) -> str:
    """A repr that names functions instead of their addresses (toc's `slugify`)."""
    if isinstance(value, functools.partial):
        return f"partial({_stable(value.func)}, {_stable(value.args)}, {_stable(value.keywords)})"
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_stable(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_stable(item) for item in value) + "]"
    return repr(value)


def _page_key(path: str, markdown: str, source_sha256: Callable[[], str | None]) -> str:
    """The cache key of a page's rendering: its path and text, and its exec results (the
    badges) with the digest of the page file they are compared with."""
    result = validation.results.get(path)
    extra = "" if result is None else f"{result!r}\0{source_sha256()}"
    return _FRAGMENTS["pages"].key(path, markdown, extra)


def _prepare(model: PageModel, env: object, config: MkDocsConfig) -> object:
    """The checks' process: a page's nav title and HTML, or None when the last build's are
    in the cache (MkDocs' process takes them from there)."""
    if _page_key(model.path, model.text, lambda: digest(model.text)) in _FRAGMENTS["pages"]:
        return None
    return (_title(model), _render_ready(model, env, config))


def _title(model: PageModel) -> str | None:
    """The page's nav title: its H1, shortened (`Lab 1 · …`) with the course's kinds."""
    if model.title is None:
        return None
    kinds = validation.course.settings.kinds if validation.course else ()
    return short_title(model.title, kinds) if kinds else short_title(model.title)


def on_post_build(config: MkDocsConfig) -> None:
    validation.collect()  # logs the findings if the health page did not
    fragments = _FRAGMENTS.get("pages")
    if fragments is not None and (validation.command == "build" or validation.first):
        fragments.save(prune=validation.command == "build")
    if validation.command == "serve" and validation.findings_json is not None:
        path = Path(config.site_dir) / FINDINGS_URI
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(validation.findings_json, encoding="utf-8")


def on_shutdown() -> None:
    validation.close()
    fragments = _FRAGMENTS.get("pages")
    if fragments is not None:
        fragments.save(prune=False)  # serve: what the rebuilds rendered


def on_files(files: Files, config: MkDocsConfig) -> Files:
    mermaid = find_mermaid(Path(config.config_file_path or ".").parent)
    if mermaid is None:
        raise PluginError(
            "mermaid is not installed: run `make site` (or `npm ci`) next to package.json"
        )
    if files.get_file_from_path(MERMAID_URI) is None:
        files.append(File.generated(config, MERMAID_URI, abs_src_path=str(mermaid)))
    if files.get_file_from_path(HEALTH_URI) is None:
        files.append(File.generated(config, HEALTH_URI, content=HEALTH_SOURCE))
    script = files.get_file_from_path(PANEL_SCRIPT)
    if script is not None and validation.command != "serve":
        files.remove(script)  # the findings panel is for `mkdocs serve` only
    return files


_ENVS: dict[int, object] = {}


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory across the rebuilds of one `mkdocs serve` (each
    rebuild makes a new Jinja environment; compiling Material's templates again costs more
    than rendering a page). A template whose source changed is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def _theme_env(config: MkDocsConfig):
    """The theme's Jinja environment, made once a build (making one is slow)."""
    key = id(config)
    if key not in _ENVS:
        _ENVS.clear()
        env = config.theme.get_env()
        env.bytecode_cache = _COMPILED
        _ENVS[key] = env
    return _ENVS[key]


_NAVS: list[Navigation] = []  # the automatic nav of this build, arranged in on_env


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _NAVS.clear()
    if not config.nav:  # an explicit nav is the author's choice
        _NAVS.append(nav)
    if validation.nav_changed():  # serve --dirty: every page shows the nav, build them all
        for file in files.documentation_pages():
            file.is_modified = _modified  # type: ignore[method-assign]
    return nav


def _modified() -> bool:
    return True


def on_env(env: object, config: MkDocsConfig, files: Files) -> object:
    """Arrange the nav once every page is read: by then the checks' process has made the
    course model, so MkDocs never waits for it. Pages left out of the nav (backups, status
    notes) are kept out of the search too: a student who searches finds the lessons."""
    if validation.command == "serve":
        env.bytecode_cache = _COMPILED  # type: ignore[attr-defined]
        if not validation.first and not validation.nav_was_changed:
            # a rebuild that leaves the nav as it was: the 404 page and the sitemap too
            config.theme.static_templates.difference_update(("404.html", "sitemap.xml"))
    model = validation.course_model()
    for file in files.documentation_pages():
        page = file.page
        if page is not None and page.markdown is None:  # serve --dirty: a page not rebuilt
            info = model.pages.get(file.src_uri)
            page.markdown = ""  # so that MkDocs takes the title below for the nav
            if info is not None and info.title:
                _set_title(page, _title_of(info.title))
    for nav in _NAVS:
        arrange(nav, model, last=HEALTH_URI)
    for file in files.documentation_pages():
        if file.page is not None and model.is_left_out(file.src_uri):
            file.page.meta["search"] = {**(file.page.meta.get("search") or {}), "exclude": True}
    return env


def _title_of(h1: str) -> str:
    kinds = validation.course.settings.kinds if validation.course else ()
    return short_title(h1, kinds) if kinds else short_title(h1)


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">')


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """serve: the page's findings panel, at the top of its article."""
    if validation.command != "serve" or page.file.src_uri == HEALTH_URI:
        return output
    match = _ARTICLE.search(output)
    if match is None:
        return output
    panel = panel_html(
        page.file.src_uri,
        get_relative_url(FINDINGS_URI, page.url),
        get_relative_url(_url(HEALTH_URI, config), page.url),
        get_relative_url(PANEL_SCRIPT, page.url),
    )
    return output[: match.end()] + panel + output[match.end() :]


# serve: the health page as last rendered (its Markdown, HTML and toc), reused while its
# Markdown stays the same (a rebuild that changes no finding)
_HEALTH: dict[str, object] = {}


def _is_health(page: Page) -> bool:
    return page.file.src_uri == HEALTH_URI and bool(page.file.generated_by)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _is_health(page):  # made last, in on_page_context: MkDocs renders the others meanwhile
        _set_title(page, _title_of(messages.text("health/title", _language())))
        return ""
    key = _page_key(page.file.src_uri, markdown, lambda: _source_digest(page))
    prepared = _FRAGMENTS["pages"].get(key)
    if prepared is None:
        prepared = validation.prepared(markdown)
        if prepared is None:
            model = parse_page(page.file.src_uri, markdown)
            source = _source_digest(page) if model.path in validation.results else None
            prepared = (_title(model), _render_ready(model, _theme_env(config), config, source))
        _FRAGMENTS["pages"].put(key, prepared)
    title, _RENDERED[page.file.src_uri] = prepared
    if title and "title" not in page.meta:
        _set_title(page, title)
    return markdown  # as written: Python-Markdown reads none of it (hooks/render.py)


def _language() -> str:
    return validation.course.language if validation.course else "ko"


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """The health page, rendered when MkDocs is about to write it (the last page): only then
    does the build wait for the checks. Its title (in every page's nav) is the catalog's. In
    serve, an unchanged health page as it was."""
    if not _is_health(page):
        return context
    markdown = validation.collect()
    if validation.command == "serve" and _HEALTH.get("markdown") == markdown:
        page.toc, page.content = _HEALTH["toc"], str(_HEALTH["html"])  # type: ignore[assignment]
        return context
    rendered = validation.health_rendered  # serve: the checks' process rendered it
    if rendered is None:
        rendered = _render_ready(parse_page(HEALTH_URI, markdown), _theme_env(config), config)
    page.toc = toc(rendered.toc)
    page.content = resolve(rendered, page, _FILES["files"])  # type: ignore[arg-type]
    if validation.command == "serve":
        _HEALTH.update(markdown=markdown, html=page.content, toc=page.toc)
    return context


def _set_title(page: Page, title: str) -> None:
    """The page's title from its H1, as `page.title`. Not in `page.meta`: a page with meta
    makes Material look up an icon, a subtitle and a status for it in the nav of every page
    (a third of a build's template time) — except where Material's `<title>` would then
    differ (the home page, a title with markup). A nav that names the page keeps its title."""
    if "title" in vars(page):
        return
    page.title = title  # type: ignore[misc]  # a weak_property: set for good
    if page.is_homepage or markupsafe.Markup(title).striptags() != title:
        page.meta["title"] = title


_RENDERED: dict[str, Rendered] = {}  # src_uri → the page's HTML, from on_page_markdown


_FILES: dict[str, Files] = {}  # "files" → this build's (the health page's links)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The page's HTML rendered from its tokens, with the site's URLs and its toc."""
    _FILES["files"] = files
    rendered = _RENDERED.pop(page.file.src_uri, None)
    if rendered is not None:
        page.toc = toc(rendered.toc)
        html = resolve(rendered, page, files)
    return html


def _render_ready(
    model: PageModel, env: object, config: MkDocsConfig, source_sha256: str | None = None
) -> Rendered:
    """The page as the site shows it: its tokens rendered as GitHub renders them, with
    pictures and exec badges. `source_sha256` is the page file's digest when `model.text`
    is not the whole file (front matter taken off)."""
    model = parse_page(model.path, model.text)  # the full parse, shared with the checks
    kinds = validation.course.settings.kinds if validation.course else None
    inserts = pictures(model, env, kinds) if model.path != HEALTH_URI else {}
    result = validation.results.get(model.path)
    if result is not None:
        link = f"{_relative(HEALTH_URI, model.path, config)}#{row_anchor(model.path)}"
        found = exec_badges(model, env, result, source_sha256 or digest(model.text), link)
        for line, html in found.items():
            inserts[line] = f"{inserts[line]}\n{html}" if line in inserts else html
    course = validation.course
    ids = None
    if course is not None and course.settings.heading_ids == "mkdocs":
        ids = mkdocs_ids(course.slugify)
    return render(model, inserts, ids)


def _relative(target: str, page: str, config: MkDocsConfig) -> str:
    """The URL of page `target` relative to page `page` (both src paths), as MkDocs makes it."""

    return get_relative_url(_url(target, config), _url(page, config))


def _url(path: str, config: MkDocsConfig) -> str:
    """The URL MkDocs gives the page whose source is `path`."""
    return File(path, config.docs_dir, config.site_dir, config.use_directory_urls).url


def _source_digest(page: Page) -> str | None:
    """The digest of the page file's text as the exec runner read it."""
    if not page.file.abs_src_path:
        return None
    text, _ = read_text(Path(page.file.abs_src_path), page.file.src_uri)
    return digest(text) if text is not None else None
