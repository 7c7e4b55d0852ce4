"""MkDocs hook: the course search (a thin adapter over `coursesearch/`).

Material's search box stays; its lunr worker is replaced by
`overrides/assets/javascripts/coursesearch.js`, which speaks the same worker protocol (the
`search` URL of Material's `__config` is pointed at it in each built page). Each page is
read from its final HTML (`on_post_page`), so heading ids are the ones the site renders;
`on_post_build` analyses the text (kiwipiepy, cached per page text under the course cache
folder) and writes the sharded index to `search/course/`. Material's own
`search/search_index.json` keeps its `config` (the on-page highlight reads its separator)
and loses its documents, so nothing builds a lunr index in the browser.

Left out: the course health page, pages marked `search: exclude` (backups and status notes,
by hooks/course.py), and inside pages what `coursesearch.extract` leaves out (the session
card, the day timeline, exec badges, permalinks).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from coursesearch import DEFAULT_GLOSSARY, Analyzer, PageText, build_index, extract, page_text
from coursesearch.glossary import merge_groups, parse_glossary
from hooks.fragments import Fragments, sources_digest
from hooks.serving import end_with_parent
from validators import messages
from validators.messages import language_of
from validators.settings import ConfigError, load_course

log = get_plugin_logger("search")

WORKER = "assets/javascripts/coursesearch.js"
INDEX_DIR = "search/course"
HEALTH_URI = "course-health.md"  # hooks/validation.py's generated page
_MATERIAL_WORKER = re.compile(r'("search":\s*"[^"]*?)assets/javascripts/workers/search\.[^"]+\.js"')
_SETTINGS = {
    "enabled": (bool, True, "true or false"),
    "default_glossary": (bool, True, "true or false"),
    "glossary_file": (str, "GLOSSARY.md", "a file name in docs_dir"),
    "glossary": (list, [], "a list of lists of names"),
}


class _State:
    def __init__(self) -> None:
        self.settings: dict = {}
        self.lang = "en"
        self.command = "build"
        self.cache_file: Path | None = None
        # src_uri → (url, text); kept across the rebuilds of `serve --dirty`, which build
        # only the pages that changed (`on_files` drops pages that went)
        self.pages: dict[str, tuple[str, PageText]] = {}
        self.analyzer: Analyzer | None = None
        self.glossary: list[list[str]] = []
        self.texts: Fragments | None = None  # a page's text by its article's digest
        self.analysis: _Analysis | None = None  # serve: kiwipiepy in a process of its own
        self.indexer: _Indexer | None = None  # serve: the index written beside the rebuilds


def on_startup(command: str, dirty: bool) -> None:
    state.command = command


state = _State()


def _say(key: str, **args: object) -> str:
    return messages.text(key, state.lang, args)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state.lang = language_of(config.theme.get("language"))
    try:
        course = load_course(Path(config.config_file_path))
        raw = course.settings.search
        state.cache_file = course.cache_dir / "search" / "analysis.json"
    except ConfigError:
        raw, state.cache_file = {}, None  # hooks/course.py reports the configuration error
    settings = {}
    for name in raw:
        if name not in _SETTINGS:
            raise PluginError(_say("search/unknown-setting", name=name, known=", ".join(_SETTINGS)))
    for name, (kind, default, expected) in _SETTINGS.items():
        value = raw.get(name, default)
        good = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
        if name == "glossary" and good:
            good = all(isinstance(g, list) and all(isinstance(n, str) for n in g) for g in value)
        if not good:
            raise PluginError(_say("search/bad-setting", name=name, expected=expected))
        settings[name] = value
    state.settings = settings
    if (
        settings["enabled"]
        and "search" not in config.plugins
        and "material/search" not in (config.plugins)
    ):
        raise PluginError(_say("search/no-search-plugin"))
    if settings["enabled"]:
        _index_nothing_twice(config)
    if state.cache_file is not None:
        path = state.cache_file.parent / "pages.pickle"
        context = sources_digest([extract])
        if state.texts is None or state.texts.path != path or state.texts.context != context:
            state.texts = Fragments(path, context)
    state.glossary = _glossary(Path(config.docs_dir))
    words = [n for g in state.glossary for n in g]
    if state.analyzer is None or state.analyzer.user_words != Analyzer(words).user_words:
        state.analyzer = Analyzer(words)
    return config


def _index_nothing_twice(config: MkDocsConfig) -> None:
    """Material's search plugin stays for its `config` (the highlight's separator), but the
    documents it would parse out of every page are dropped here: it indexes none."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "add_entry_from_context"):
            index.add_entry_from_context = _no_entry


def _no_entry(page: Page) -> None:
    return None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    present = {file.src_uri for file in files.documentation_pages()}
    state.pages = {uri: item for uri, item in state.pages.items() if uri in present}
    return files


def _glossary(docs_dir: Path) -> list[list[str]]:
    groups: list = [DEFAULT_GLOSSARY] if state.settings["default_glossary"] else []
    groups.append(state.settings["glossary"])
    path = docs_dir / state.settings["glossary_file"]
    if path.is_file():
        groups.append(parse_glossary(path.read_text(encoding="utf-8", errors="replace")))
    return merge_groups(*groups)


def _indexed(page: Page) -> bool:
    if page.file.src_uri == HEALTH_URI:
        return False
    meta = page.meta.get("search")
    return not (isinstance(meta, dict) and meta.get("exclude"))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if not state.settings.get("enabled", True):
        return output
    if _indexed(page):
        state.pages[page.file.src_uri] = (page.url, _page_text(output, page.title))
    else:
        state.pages.pop(page.file.src_uri, None)
    return _MATERIAL_WORKER.sub(rf"\1{WORKER}" + '"', output, count=1)


def _loaded(analyzer: Analyzer) -> bool:
    return getattr(analyzer, "_kiwi", None) is not None


class _Analysis:
    """serve: kiwipiepy in a process of its own, forked once the first build is done, which
    loads its model at once (5 s of CPU, with the GIL held for seconds at a time: in
    MkDocs' process that stalled the server and made the first save wait for it) and then
    analyses what the saves change. If the process is gone, the analysis is done here."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.user_words = analyzer.user_words
        here, there = multiprocessing.get_context("fork").Pipe()
        self.process = multiprocessing.get_context("fork").Process(
            target=_analyse, args=(there, here, analyzer, os.getpid()), daemon=True
        )
        self.process.start()
        there.close()
        self.pipe = here

    @property
    def identity(self) -> str:
        return self.analyzer.identity

    def morphemes(self, texts: Sequence[str]) -> list[list[str]]:
        if self.process.is_alive():
            try:
                self.pipe.send(list(texts))
                return self.pipe.recv()
            except (EOFError, OSError):
                pass
        return self.analyzer.morphemes(texts)

    def close(self) -> None:
        self.pipe.close()
        self.process.kill()
        self.process.join()


def _analyse(connection, theirs, analyzer: Analyzer, parent: int) -> None:  # its process
    end_with_parent(parent)
    theirs.close()  # MkDocs' end: held here, it would never close
    analyzer.morphemes(["준비"])  # the model, loaded now
    while True:
        try:
            texts = connection.recv()
        except (EOFError, OSError):
            break
        connection.send(analyzer.morphemes(texts))


def on_shutdown() -> None:
    if state.analysis is not None:
        state.analysis.close()
        state.analysis = None


def _page_text(output: str, title: str | None) -> PageText:
    """`page_text` of a built page, from the cache while its article and title are the same
    (`page_text` reads only the article when there is one)."""
    if state.texts is None:
        return page_text(output, title)
    article, start = output, output.find('<article class="md-content__inner')
    if start >= 0:
        end = output.rfind("</article>")
        article = output[start : end + len("</article>")] if end > start else output[start:]
    key = state.texts.key(str(title), article)
    found = state.texts.get(key)
    if found is None:
        found = page_text(output, title)
        state.texts.put(key, found)
    return found


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if not state.settings.get("enabled", True):
        return output_content
    return _MATERIAL_WORKER.sub(rf"\1{WORKER}" + '"', output_content, count=1)


def on_post_build(config: MkDocsConfig) -> None:
    if not state.settings.get("enabled", True) or state.analyzer is None:
        return
    site = Path(config.site_dir)
    pages = [state.pages[uri] for uri in sorted(state.pages)]
    analyzer = state.analysis if state.analysis is not None else state.analyzer
    if isinstance(analyzer, _Analysis) and analyzer.analyzer is not state.analyzer:
        analyzer.close()  # other user words: the glossary changed
        analyzer = state.analysis = None
    work = (pages, site / INDEX_DIR, analyzer or state.analyzer, state.glossary, state.cache_file)
    if state.command == "serve" and state.indexer is not None:
        state.indexer.submit(work)  # a save: the page reloads without waiting for the index
    else:
        _index(work)
    if state.command == "serve" and state.analysis is None and not _loaded(state.analyzer):
        state.analysis = _Analysis(state.analyzer)  # the first save needs it
    if state.command == "serve" and state.indexer is None:
        state.indexer = _Indexer()
    if state.texts is not None:
        state.texts.save(prune=state.command == "build")
    lunr = site / "search" / "search_index.json"
    search_config: dict = {"lang": ["ko"], "separator": r"[\s\-]+", "pipeline": []}
    try:
        search_config = json.loads(lunr.read_text(encoding="utf-8")).get("config", search_config)
    except (OSError, ValueError):
        pass
    lunr.parent.mkdir(parents=True, exist_ok=True)
    lunr.write_text(json.dumps({"config": search_config, "docs": []}), encoding="utf-8")


def _index(work: tuple) -> None:
    """Writes the index of `work`'s pages and says what it holds."""
    started = time.perf_counter()
    stats = build_index(*work)
    log.info(
        _say(
            "search/indexed",
            pages=stats.pages,
            docs=stats.docs,
            kilobytes=stats.bytes // 1024,
            shards=stats.shards,
            analysed=stats.analysed,
            seconds=stats.analysis_seconds,
        )
        + f" ({time.perf_counter() - started:.1f} s)"
    )


class _Indexer:
    """serve, after the first build: the index is written in a thread of its own, the
    latest pages only (a save made while it writes is indexed right after), so MkDocs
    reloads the saved page without waiting for it."""

    def __init__(self) -> None:
        self._pending: tuple | None = None
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="course-search-index", daemon=True)
        self._thread.start()

    def submit(self, work: tuple) -> None:
        with self._ready:
            self._pending = work
            self._ready.notify()

    def _run(self) -> None:
        while True:
            with self._ready:
                self._ready.wait_for(lambda: self._pending is not None)
                work, self._pending = self._pending, None
            try:
                _index(work)
            except Exception as error:  # the next save tries again
                log.warning(_say("search/not-written", error=error))
