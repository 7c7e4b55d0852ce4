"""MkDocs hook: diagrams pre-rendered at build time, the mermaid script only where needed.

Each `<pre class="mermaid">` whose SVG the mermaid check has drawn (kept in its cache,
`.cache/course/mermaid/<key>.svg`, shared by `build`, `serve` and the CLI) is replaced by
that SVG (`validators/checks/mermaid/prerender.py`); a page with no diagram left to draw
loses the `<script>` of mermaid.min.js (3.4 MB).

This hook never starts a browser and never waits for one. In `mkdocs build` the check runs
in the validation process beside MkDocs (`hooks/validation.py`, which draws every diagram
and keeps its SVG); a page written before its diagrams were drawn (a cold cache) is
completed in `on_post_build`, when the build has already waited for the checks (the health
page needs them). In `mkdocs serve` only SVGs already in the cache are used: a new or edited
diagram is drawn by the browser, as without this hook.

List it after hooks/course.py in mkdocs.yml `hooks:`.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from validators.checks import PreconditionError
from validators.checks.mermaid import MermaidChecker, checker_for
from validators.checks.mermaid.checker import SVG_ID
from validators.checks.mermaid.prerender import Prerendered, prerender
from validators.messages import language_of
from validators.settings import ConfigError, Course, parse_settings, slugify_of

log = get_plugin_logger("diagrams")


class _State:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.store: MermaidChecker | None = None  # only its cache is read: no browser
        self.pending: set[str] = set()  # pages written with diagrams left to the browser
        self.done = 0
        self.left = 0
        self.seconds = 0.0  # spent in this hook

    def svg(self, code: str) -> str | None:
        return self.store.svg(code) if self.store is not None else None


state = _State()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state.reset()
    path = Path(config.config_file_path or "mkdocs.yml")
    try:
        settings = parse_settings(config.extra.get("course"), path)
    except ConfigError:
        return config  # hooks/course.py reports it
    language = language_of(config.theme["language"] if "language" in config.theme else None)
    extensions = [{"toc": config.mdx_configs.get("toc", {})}]
    course = Course(path, Path(config.docs_dir), slugify_of(extensions), settings, language)
    try:
        state.store = checker_for(course, "render", keep_svg=True)
    except PreconditionError as error:
        log.info(f"diagrams are not pre-rendered: {error}")
    return config


# Where a Material page's content starts: the header, the nav and the toc before it (half
# of a page of a big course) hold no diagram and no script, and are not searched.
_ARTICLE = '<article class="md-content__inner'


_STAND_IN = re.compile("\x00([0-9]+)\x00([^\x00]*)\x00")


def prerendered(page_html: str) -> Prerendered:
    """`prerender` with the cached SVGs, each written in after it: `prerender` looks for
    the mermaid script over what it wrote, so it is given a short stand-in for each SVG
    (tens of kB each; a page of ten diagrams took it milliseconds to scan). The stand-in
    carries `SVG_ID`, which `prerender` makes the diagram's id, as in the SVG it stands for."""
    svgs: list[str] = []

    def stand_in(code: str) -> str | None:
        svg = state.svg(code)
        if svg is None:
            return None
        svgs.append(svg)
        return f"\x00{len(svgs) - 1}\x00{SVG_ID}\x00"

    result = prerender(page_html, stand_in)
    if svgs:
        result.html = _STAND_IN.sub(lambda m: svgs[int(m[1])].replace(SVG_ID, m[2]), result.html)
    return result


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    started = time.perf_counter()
    start = max(output.find(_ARTICLE), 0)
    result = prerendered(output[start:])
    state.seconds += time.perf_counter() - started
    state.done += result.done
    if result.left and page.file.abs_dest_path:
        state.pending.add(page.file.abs_dest_path)
    else:
        state.left += result.left
    return output[:start] + result.html


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Static templates (404.html) draw no diagram: no mermaid script."""
    return prerendered(output_content).html


def on_post_build(config: MkDocsConfig) -> None:
    """Complete the pages written before their diagrams were drawn."""
    started = time.perf_counter()
    for path in sorted(state.pending):
        target = Path(path)
        try:
            text = target.read_text(encoding="utf-8")
        except OSError:
            continue
        result = prerendered(text)
        state.done += result.done
        state.left += result.left
        if result.done:
            target.write_text(result.html, encoding="utf-8")
    state.seconds += time.perf_counter() - started
    if state.done or state.left:
        log.info(
            f"{state.done} diagrams pre-rendered, {state.left} left to the browser "
            f"(not drawn yet, or they do not draw), in {state.seconds:.2f} s"
        )
    state.pending.clear()
