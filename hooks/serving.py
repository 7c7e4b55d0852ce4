"""`mkdocs serve`: the checks kept up to date page by page, and the findings panel.

One process beside MkDocs (forked once, kept for the whole serve session) holds the parsed
pages, the course model and each page's findings. On every rebuild it looks at what changed
on disk (size and modification time) and re-checks only:

- the pages whose text changed;
- when what a page offers the others changed (its anchors, title, time slot or day table),
  or a file came or went: the pages that link to it and the pages of its day.

It answers first with the course model (the nav is arranged from it, and a change in the
nav — a title, a page's place, a file — makes MkDocs rebuild every page), then with the
findings and the health page. The findings also go to `course-health/findings.json`, which
the panel on each page (`overrides/assets/javascripts/course-panel.js`) reads: a page whose
findings change because another page changed shows them without being rebuilt.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import posixpath
import signal
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from watchdog.events import FileSystemEventHandler

from validators import messages
from validators.course import list_files, read_page
from validators.course_model import CourseModel
from validators.findings import Finding, Severity
from validators.page import Page

FINDINGS_URI = "course-health/findings.json"
PANEL_SCRIPT = "assets/javascripts/course-panel.js"
_PANEL_WORDS = ("title", "clean", "errors", "warnings", "line", "health")


def scan(docs_dir: Path) -> dict[str, tuple[int, int]]:
    """Every Markdown page under docs_dir (relative path) → (mtime in ns, size)."""
    found = {}
    for root, dirs, names in os.walk(docs_dir):
        dirs.sort()
        folder = Path(root)
        for name in names:
            if not name.endswith(".md"):
                continue
            path = folder / name
            try:
                stat = path.stat()
            except OSError:
                continue
            found[path.relative_to(docs_dir).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return found


class Pages:
    """The pages as last read, re-read only when their size or modification time changed."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.stats: dict[str, tuple[int, int]] = {}
        self.pages: dict[str, Page] = {}
        self.problems: dict[str, list[Finding]] = {}  # page/… findings (unreadable pages)
        self.files: set[str] = set()

    def refresh(self) -> tuple[list[str], list[str], set[str]]:
        """Read what changed: (changed or new pages, removed pages, files that came or went)."""
        stats = scan(self.docs_dir)
        changed = sorted(path for path, stat in stats.items() if self.stats.get(path) != stat)
        removed = sorted(set(self.stats) - set(stats))
        self.stats = stats
        for path in removed:
            self.pages.pop(path, None)
            self.problems.pop(path, None)
        for path in changed:
            page, problems = read_page(self.docs_dir / path, path)
            if page is None:
                self.pages.pop(path, None)
            else:
                self.pages[path] = page
            self.problems[path] = problems
        files = set(list_files(self.docs_dir))
        moved = files ^ self.files
        self.files = files
        return changed, removed, moved

    def ordered(self, leave_out: str) -> list[Page]:
        return [self.pages[path] for path in sorted(self.pages) if path != leave_out]


def nav_signature(model: CourseModel) -> str:
    """What the nav shows of the course: the pages, their titles and their order."""
    digest = hashlib.sha256()
    for path in sorted(model.included()):
        info = model.pages[path]
        digest.update(f"{path}\0{info.short_title}\0{model.sort_key(path)}\n".encode())
    return digest.hexdigest()


def offer(page: Page, model: CourseModel, anchors: Callable[[Page], Iterable[str]]) -> str:
    """A digest of what `page` offers other pages: anchors, title, time slot, day table."""
    info = model.pages.get(page.path)
    day = model.day_of(page.path)
    table = day.table if day is not None and day.overview == page.path else None
    parts = [
        " ".join(sorted(anchors(page))),
        str(page.title),
        str(info.slot.spans if info is not None and info.slot is not None else None),
        str([(r.start, r.end, r.kind, r.links) for r in table.rows] if table else None),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def targets(page: Page, links: Iterable[str]) -> set[str]:
    """The docs-relative paths the page's relative links point to (fragments dropped)."""
    found = set()
    folder = posixpath.dirname(page.path)
    for url in links:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("/"):
            continue
        path = unquote(parts.path)
        if not path:
            continue
        target = posixpath.normpath(posixpath.join(folder, path))
        found.add(target.rstrip("/"))
        found.add(posixpath.join(target, "README.md"))  # a link to a folder: its index
        found.add(posixpath.join(target, "index.md"))
    return found


def dependents(
    offered: Iterable[str],
    moved: Iterable[str],
    linkers: Mapping[str, set[str]],
    models: Sequence[CourseModel],
) -> set[str]:
    """Pages to check again because what `offered` pages offer changed or `moved` files
    came or went: the pages that link to them and the pages of their day (in the old and
    the new model: a page may have left its day)."""
    result: set[str] = set()
    for path in [*offered, *moved]:
        result |= linkers.get(path, set())
        for model in models:
            day = model.day_of(path)
            if day is not None:
                result |= set(day.pages)
                if day.overview:
                    result.add(day.overview)
    return result


def findings_json(
    findings: Sequence[Finding],
    anchor_of: Callable[[str, int], str | None],
    lang: str,
) -> str:
    """`course-health/findings.json`: each page's errors and warnings, and the panel's words."""
    by_page: dict[str, list[dict[str, object]]] = {}
    for finding in sorted(findings):
        if finding.severity is Severity.INFO:
            continue
        by_page.setdefault(finding.path, []).append(
            {
                "line": finding.line,
                "severity": finding.severity.value,
                "rule": finding.rule,
                "message": finding.message,
                "hint": finding.hint,
                "anchor": anchor_of(finding.path, finding.line) or "",
            }
        )
    words = {word: messages.text(f"panel/{word}", lang) for word in _PANEL_WORDS}
    data = {"words": words, "pages": by_page}
    return json.dumps(data, ensure_ascii=False)


def panel_html(path: str, findings_url: str, health_url: str, script_url: str) -> str:
    """The panel's place on a page; the script fills it from the findings file."""
    return (
        f'<aside class="course-panel" data-page="{_attr(path)}" '
        f'data-findings="{_attr(findings_url)}" data-health="{_attr(health_url)}" hidden>'
        f'</aside><script src="{_attr(script_url)}" defer></script>'
    )


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


_LISTINGS: dict[tuple, list[str]] = {}


def keep_theme_listing() -> None:
    """serve: list the theme's files once (Material ships some ten thousand icons, and MkDocs
    walks them on every rebuild). Folders outside the Python installation (a `custom_dir`)
    are walked each time, so a file added there is still seen."""
    if getattr(jinja2.Environment.list_templates, "_kept", False):
        return
    listing = jinja2.Environment.list_templates

    def list_templates(self: jinja2.Environment, extensions=None, filter_func=None) -> list[str]:
        loader = self.loader
        paths = getattr(loader, "searchpath", None)
        if not isinstance(loader, jinja2.FileSystemLoader) or not paths:
            return listing(self, extensions, filter_func)
        own = [path for path in paths if not _installed(path)]
        key = (
            tuple(paths),
            tuple(extensions or ()),
            getattr(filter_func, "__code__", filter_func),
            tuple(sorted(p for path in own for p in _walk(path))),
        )
        if key not in _LISTINGS:
            _LISTINGS[key] = listing(self, extensions, filter_func)
        return list(_LISTINGS[key])

    list_templates._kept = True  # type: ignore[attr-defined]
    jinja2.Environment.list_templates = list_templates  # type: ignore[method-assign]


def _installed(path: str) -> bool:
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)}
    real = os.path.realpath(path)
    return any(real.startswith(prefix + os.sep) for prefix in prefixes)


def _walk(path: str) -> Iterable[str]:
    for root, _dirs, names in os.walk(path):
        for name in names:
            yield os.path.join(root, name)


_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    """In a process MkDocs forked (pid `parent`): be ended when MkDocs' process ends, however
    it ends. A child left behind keeps the server's port (inherited) and the ends of pipes
    its siblings wait on, so none of them would ever see MkDocs go."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # gone before the call
        os.kill(os.getpid(), signal.SIGTERM)


def watch_with_inotify(server: Any, log: Any) -> bool:
    """MkDocs' server polls what it watches every 0.5 s (a walk of the whole docs folder),
    so a save waits 0.25 s on average before anything happens: the paths it watches are
    given to an inotify observer instead, which hears a save at once. Where inotify cannot
    watch them (its limits, some mounts), the polling stays. True if swapped."""
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:  # not Linux
        return False
    from watchdog import events

    # What changes a file: watchdog's inotify also reports a file opened or read and closed,
    # and MkDocs rebuilds on any event (the build's own reads would rebuild it again).
    writes = [
        events.FileCreatedEvent,
        events.FileModifiedEvent,
        events.FileDeletedEvent,
        events.FileMovedEvent,
        events.FileClosedEvent,
    ]

    class WritesObserver(InotifyObserver):
        def schedule(self, handler: Any, path: Any, **options: Any) -> Any:
            options["event_filter"] = options.get("event_filter") or writes
            return super().schedule(handler, path, **options)

    counts = dict(getattr(server, "_watched_paths", {}))
    if not counts or getattr(server, "observer", None) is None:
        return False
    trial = WritesObserver()
    try:
        for path in counts:
            trial.schedule(FileSystemEventHandler(), path, recursive=True)
        trial.start()
    except OSError as error:
        log.info(f"serve: inotify cannot watch the docs ({error}); MkDocs polls them")
        return False
    finally:
        if trial.is_alive():
            trial.stop()
            trial.join()
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = WritesObserver()
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)
    return True
