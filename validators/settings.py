"""Course settings, read from a course's `mkdocs.yml` without importing MkDocs.

Settings live under `extra.course` in `mkdocs.yml`; each is declared once below with its
default and description. `INHERIT:` and the YAML tags MkDocs accepts (`!ENV`, `!relative`,
`!!python/name:`, `!!python/object/apply:`) work as they do in MkDocs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from validators.kinds import DEFAULT_EXCLUDE, DEFAULT_KINDS, Kind
from validators.messages import language_of


class ConfigError(Exception):
    """The course configuration cannot be used; the message names the file and the fix."""


@dataclass
class Settings:
    """What the validators need to know about a course."""

    session_minutes: int = field(
        default=50, metadata={"help": "Standard length of one session, in minutes."}
    )
    link_exclude: list[str] = field(
        default_factory=list,
        metadata={"help": "URL patterns (regex or glob) that the link checker skips."},
    )
    link_timeout: float = field(
        default=10.0, metadata={"help": "Seconds to wait for an external link to answer."}
    )
    link_cache_ttl: float = field(
        default=86400.0, metadata={"help": "Seconds an external link's result is reused."}
    )
    link_failure_ttl: float = field(
        default=3600.0,
        metadata={"help": "Seconds a failure that may pass (no answer, 429, 5xx) is reused."},
    )
    link_external: str = field(
        default="cache",
        metadata={
            "help": "External links in `mkdocs build`: 'check' (ask what the cache does not "
            "know), 'cache' (report what the cache knows, ask nothing) or 'off'. "
            "`mkdocs serve` never asks; `python -m validators check` always does."
        },
    )
    mermaid_timeout: float = field(
        default=10.0, metadata={"help": "Seconds one diagram may take to render."}
    )
    mermaid_serve_mode: str = field(
        default="parse",
        metadata={"help": "Mermaid tier during `mkdocs serve`: 'parse' (fast) or 'render'."},
    )
    mermaid_github_version: str = field(
        default="11.3.0",
        metadata={
            "help": "The mermaid GitHub renders with (installed as the npm alias "
            "mermaid-github): diagrams it rejects are warnings; '' leaves it out."
        },
    )
    exec_enabled: bool = field(
        default=False, metadata={"help": "Run shell blocks in `mkdocs build` and `serve` (opt-in)."}
    )
    exec_timeout: float = field(
        default=60.0, metadata={"help": "Seconds one shell command may run."}
    )
    exec_workdir: str = field(
        default="page",
        metadata={
            "help": "Where a page's shell blocks start: 'page' (a copy of the page's folder) "
            "or 'repository' (a copy of the git repository holding docs_dir, else of the "
            "mkdocs.yml folder, from its top: for lessons that `cd theory/week_01/…`)."
        },
    )
    exec_pids_limit: int = field(
        default=4096,
        metadata={"help": "Processes one exec sandbox may run (its daemon and containers too)."},
    )
    exec_memory_limit: str = field(
        default="6g",
        metadata={"help": "Memory of one exec sandbox (root on cgroup v1/v2; else reported)."},
    )
    exec_disk_limit: str = field(
        default="4g",
        metadata={
            "help": "Size of one exec sandbox's disk (a tmpfs: images, containers, working "
            "copies); at most 3/4 of the memory limit where that is enforced."
        },
    )
    heading_ids: str = field(
        default="github",
        metadata={
            "help": "Heading ids on the site and for the links check: 'github' (GitHub's: "
            "U+FE0F kept, repeats `-1`, `-2`) or 'mkdocs' (the ids of toc.slugify, as sites "
            "built with Python-Markdown had them)."
        },
    )
    cache_dir: str = field(
        default=".cache/course",
        metadata={"help": "Cache folder for results, relative to mkdocs.yml."},
    )
    kinds: list[Kind] = field(
        default_factory=lambda: list(DEFAULT_KINDS),
        metadata={
            "help": "Page kinds, in order: each `{name, files, words, label, row, timed}`; "
            "`files` are file-name globs, `words` the title and info-block words."
        },
    )
    search: dict = field(
        default_factory=dict,
        metadata={
            "help": "Course search (hooks/search.py): `glossary` (extra groups of names for "
            "one thing, `[[쿠버네티스, Kubernetes]]`), `default_glossary` (true), "
            "`glossary_file` (GLOSSARY.md, in docs_dir), `enabled` (true)."
        },
    )
    exclude: list[str] = field(
        default_factory=lambda: list(DEFAULT_EXCLUDE),
        metadata={
            "help": "Globs of pages kept out of the nav and the checks (backups, status "
            "notes); a glob with `/` matches the path from docs_dir, others the file name."
        },
    )


@dataclass
class Course:
    """A course as the validators see it: where its pages are and how the site slugs."""

    config_file: Path
    docs_dir: Path
    slugify: Callable[[str, str], str]
    settings: Settings
    language: str = "en"  # the message catalog's language, from `theme.language`

    def __post_init__(self) -> None:
        if self.settings.heading_ids == "github":  # GitHub's ids, whatever toc.slugify says
            from validators.render.slug import github_slug

            self.slugify = github_slug

    @property
    def cache_dir(self) -> Path:
        return (self.config_file.parent / self.settings.cache_dir).resolve()


def _loader(base: Path) -> type[yaml.Loader]:
    class Loader(yaml.UnsafeLoader):  # MkDocs configs name Python callables by tag
        pass

    def env(loader: yaml.Loader, node: yaml.Node) -> Any:
        from yaml_env_tag import construct_env_tag

        return construct_env_tag(loader, node)

    def relative(loader: yaml.Loader, node: yaml.Node) -> str:
        return str(base / loader.construct_scalar(node))  # type: ignore[arg-type]

    Loader.add_constructor("!ENV", env)
    Loader.add_constructor("!relative", relative)
    return Loader


def read_config(path: Path) -> dict[str, Any]:
    """`mkdocs.yml` as a dict, with `INHERIT:` resolved as MkDocs resolves it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (pass the course's mkdocs.yml with -f)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None
    try:
        data = yaml.load(text, Loader=_loader(path.parent)) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: invalid YAML: {error}") from None
    except Exception as error:  # a !!python tag naming something that does not import
        raise ConfigError(f"{path}: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    parent = data.pop("INHERIT", None)
    if parent:
        from mergedeep import merge

        base = read_config((path.parent / str(parent)).resolve())
        data = merge(base, data)
    return data


def parse_settings(raw: object, path: Path) -> Settings:
    """Validate the `extra.course` mapping of `path` against the declared settings."""
    if raw is None:
        return Settings()
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: extra.course must be a mapping of settings")
    known = {f.name: f for f in fields(Settings)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting extra.course.{unknown[0]} (known: {', '.join(known)})"
        )
    values: dict[str, Any] = {}
    defaults = Settings()
    for name, value in raw.items():
        if name == "kinds":
            values[name] = _kinds(value, path)
            continue
        if name == "exclude":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: extra.course.exclude must be a list of globs")
            values[name] = value
            continue
        expected = type(getattr(defaults, name))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(
                f"{path}: extra.course.{name} must be {expected.__name__}, got {value!r}"
            )
        values[name] = value
    settings = Settings(**values)
    if settings.session_minutes <= 0:
        raise ConfigError(f"{path}: extra.course.session_minutes must be positive")
    if settings.mermaid_serve_mode not in ("parse", "render"):
        raise ConfigError(f"{path}: extra.course.mermaid_serve_mode must be 'parse' or 'render'")
    if settings.heading_ids not in ("github", "mkdocs"):
        raise ConfigError(
            f"{path}: extra.course.heading_ids must be 'github' or 'mkdocs', "
            f"got {settings.heading_ids!r}"
        )
    if settings.link_external not in ("check", "cache", "off"):
        raise ConfigError(
            f"{path}: extra.course.link_external must be 'check', 'cache' or 'off', "
            f"got {settings.link_external!r}"
        )
    if settings.exec_workdir not in ("page", "repository"):
        raise ConfigError(
            f"{path}: extra.course.exec_workdir must be 'page' or 'repository', "
            f"got {settings.exec_workdir!r}"
        )
    return settings


_KIND_FIELDS = {"name", "files", "words", "label", "row", "timed"}


def _kinds(value: object, path: Path) -> list[Kind]:
    """`extra.course.kinds`: a list of `{name, files, words, label, row, timed}`."""
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{path}: extra.course.kinds must be a non-empty list of kinds")
    kinds = []
    for index, item in enumerate(value):
        where = f"{path}: extra.course.kinds[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ConfigError(f"{where} must be a mapping with a name")
        unknown = sorted(set(item) - _KIND_FIELDS)
        if unknown:
            raise ConfigError(
                f"{where}: unknown field {unknown[0]} (known: name, files, words, "
                "label, row, timed)"
            )
        lists = {}
        for key in ("files", "words"):
            items = item.get(key, [])
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                raise ConfigError(f"{where}.{key} must be a list of strings")
            lists[key] = tuple(items)
        if not lists["files"]:
            raise ConfigError(f"{where}.files must name at least one file glob")
        kinds.append(
            Kind(
                item["name"],
                lists["files"],
                lists["words"],
                str(item.get("label") or (lists["words"] or (item["name"],))[0]),
                str(item.get("row") or ""),
                bool(item.get("timed", False)),
            )
        )
    return kinds


def slugify_of(extensions: object) -> Callable[[str, str], str]:
    from markdown.extensions.toc import slugify

    items = extensions if isinstance(extensions, list) else []
    for item in items:
        if isinstance(item, dict) and "toc" in item and isinstance(item["toc"], dict):
            function = item["toc"].get("slugify")
            if function is not None:
                if not callable(function):
                    raise ConfigError(f"toc.slugify is not a function: {function!r}")
                return function
    return slugify


def load_course(config_file: Path) -> Course:
    """Read a course from its mkdocs.yml (relative paths resolve against its folder)."""
    config_file = Path(os.path.abspath(config_file))
    data = read_config(config_file)
    docs_dir = (config_file.parent / str(data.get("docs_dir", "docs"))).resolve()
    if not docs_dir.is_dir():
        raise ConfigError(f"{config_file}: docs_dir '{docs_dir}' is not a folder")
    extra = data.get("extra") or {}
    settings = parse_settings(extra.get("course") if isinstance(extra, dict) else None, config_file)
    slugify = slugify_of(data.get("markdown_extensions"))
    theme = data.get("theme")
    language = language_of(theme.get("language") if isinstance(theme, dict) else None)
    return Course(config_file, docs_dir, slugify, settings, language)
