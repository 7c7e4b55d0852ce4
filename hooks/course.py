"""MkDocs hooks for the course site: a thin adapter over `hooks/` helpers and `validators/`.

- serves the pinned npm mermaid as `assets/javascripts/mermaid.min.js` (no CDN);
- renders each page as GitHub does (see DEVIATIONS.md), sources untouched;
- derives the nav from the folders, in natural order, with short titles;
- adds the session header card and the day timeline (templates in `overrides/partials/`).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from hooks.github_compat import to_python_markdown
from hooks.nav import arrange, short_title
from hooks.pictures import add_pictures
from validators.assets import MERMAID_URI, find_mermaid

log = get_plugin_logger("course")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    mermaid = find_mermaid(Path(config.config_file_path or ".").parent)
    if mermaid is None:
        raise PluginError(
            "mermaid is not installed: run `make site` (or `npm ci`) next to package.json"
        )
    if files.get_file_from_path(MERMAID_URI) is None:
        files.append(File.generated(config, MERMAID_URI, abs_src_path=str(mermaid)))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if config.nav:  # an explicit nav is the author's choice
        return nav
    return arrange(nav)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    from validators import parse_page

    model = parse_page(page.file.src_uri, markdown)
    if model.title and "title" not in page.meta:
        page.meta["title"] = short_title(model.title)
    markdown = add_pictures(model, config.theme.get_env())
    return to_python_markdown(markdown)
