"""MkDocs hooks for the course site: a thin adapter over `hooks/` helpers and `validators/`.

- serves the pinned npm mermaid as `assets/javascripts/mermaid.min.js` (no CDN);
- renders each page as GitHub does (see DEVIATIONS.md), sources untouched;
- derives the nav from the folders, in natural order, with short titles;
- adds the session header card and the day timeline (templates in `overrides/partials/`);
- validates the course (`hooks/validation.py`): findings logged, a course health page.
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
from hooks.validation import HEALTH_URI, Validation, health_page, log_findings
from validators.assets import MERMAID_URI, find_mermaid
from validators.page import Page as PageModel
from validators.page import parse_page

log = get_plugin_logger("course")
validation = Validation()


def on_startup(command: str, dirty: bool) -> None:
    validation.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    validation.configure(config)
    return config


def on_shutdown() -> None:
    validation.close()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    mermaid = find_mermaid(Path(config.config_file_path or ".").parent)
    if mermaid is None:
        raise PluginError(
            "mermaid is not installed: run `make site` (or `npm ci`) next to package.json"
        )
    if files.get_file_from_path(MERMAID_URI) is None:
        files.append(File.generated(config, MERMAID_URI, abs_src_path=str(mermaid)))
    findings = validation.run()
    log_findings(findings)
    content = health_page(findings, validation.pages, _anchor_finder(validation.pages, config))
    if files.get_file_from_path(HEALTH_URI) is None:
        files.append(File.generated(config, HEALTH_URI, content=content))
    return files


def _anchor_finder(pages: list[PageModel], config: MkDocsConfig):
    """(path, line) → id of the nearest heading at or above that line, as the site renders."""
    from validators.links import heading_ids

    slugify = validation.course.slugify if validation.course else None
    by_path = {page.path: page for page in pages}

    def anchor_of(path: str, line: int) -> str | None:
        page = by_path.get(path)
        if page is None or slugify is None:
            return None
        above = [(number, anchor) for anchor, number in heading_ids(page, slugify).items()]
        above = [item for item in above if item[0] <= line]
        return max(above)[1] if above else None

    return anchor_of


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if config.nav:  # an explicit nav is the author's choice
        return nav
    return arrange(nav, last=HEALTH_URI)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    model = parse_page(page.file.src_uri, markdown)
    if model.title and "title" not in page.meta:
        page.meta["title"] = short_title(model.title)
    markdown = add_pictures(model, config.theme.get_env())
    return to_python_markdown(markdown)
