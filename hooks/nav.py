"""Navigation from the course model: course order, each day in timetable order, short titles.

- top level: the home page, then weeks by number, then month blocks (`november`, `12월`)
  in date order, then other folders (guides, special lectures) and loose pages;
- a day: its overview first, then its pages in the order its table runs them (a lab at
  12:00 between sessions at 11:00 and 14:00), pages without a time by kind and number, then
  subfolders (`lab_scripts/`); a stray `week_01/day_01_….md` joins Day 1;
- a section with an overview page (README.md / index.md) is titled from it (`Day 3 · 토픽`);
- pages the model leaves out (backups, status notes, pages MkDocs drops) are not in the nav.
"""

from __future__ import annotations

import posixpath

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from validators.course_model import CourseModel, folder_title


def _pages(items: list) -> list[Page]:
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        elif isinstance(item, Section):
            pages.extend(_pages(item.children))
    return pages


def _folder(path: str, model: CourseModel) -> str:
    """The nav folder of a page: its own, or its day's for a stray day page."""
    info = model.pages.get(path)
    if info is not None and info.day_dir is not None and info.kind != "index":
        if posixpath.dirname(info.day_dir) == posixpath.dirname(path):
            return info.day_dir
    return posixpath.dirname(path)


def _build(folder: str, pages: dict[str, list[Page]], model: CourseModel) -> list:
    """The nav items of `folder`: its pages and the sections of its subfolders."""
    here = pages.get(folder, [])
    subfolders = sorted(
        {
            child
            for other in pages
            if other != folder and (not folder or other.startswith(folder + "/"))
            for child in [_child(folder, other)]
        },
        key=model.folder_key,
    )
    in_day = folder in model.days
    items: list[tuple[tuple, object]] = []
    for page in here:
        path = page.file.src_uri
        key = model.sort_key(path) if path in model.pages else (1, 10**6)
        items.append(((0,) if key == (0,) else (2 if not in_day else 1, key), page))
    for sub in subfolders:
        children = _build(sub, pages, model)
        if not children:
            continue
        numbered = model.folder_key(sub)[0] < 3
        rank = 3 if in_day or not numbered else 1
        index = next((c for c in children if isinstance(c, Page) and c.is_index), None)
        title = folder_title(sub)
        if index is not None:
            info = model.pages.get(index.file.src_uri)
            if info is not None and info.short_title:
                title = info.short_title
        items.append(((rank, model.folder_key(sub)), Section(title, children)))
    items.sort(key=lambda item: item[0])
    return [item for _, item in items]


def _child(folder: str, path: str) -> str:
    """The immediate subfolder of `folder` on the way to `path`."""
    rest = path[len(folder) + 1 :] if folder else path
    head = rest.split("/", 1)[0]
    return f"{folder}/{head}" if folder else head


def _link(items: list, parent: Section | None = None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link(item.children, item)


def arrange(nav: Navigation, model: CourseModel, last: str | None = None) -> Navigation:
    """Rebuild the automatic nav from the course model; relink parents and prev/next.

    The page whose source is `last` (the generated health page) goes to the end.
    """
    left_out = set(model.excluded) | set(model.dropped)
    by_folder: dict[str, list[Page]] = {}
    tail = []
    for page in _pages(nav.items):
        path = page.file.src_uri
        if path == last:
            tail.append(page)
        elif path not in left_out:
            by_folder.setdefault(_folder(path, model), []).append(page)
    for folder in list(by_folder):  # every ancestor is a node of the tree
        while folder:
            folder = posixpath.dirname(folder)
            by_folder.setdefault(folder, [])
    nav.items = _build("", by_folder, model) + tail
    _link(nav.items)
    nav.pages = _pages(nav.items)
    for index, page in enumerate(nav.pages):
        page.previous_page = nav.pages[index - 1] if index > 0 else None
        page.next_page = nav.pages[index + 1] if index + 1 < len(nav.pages) else None
    return nav
