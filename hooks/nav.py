"""Navigation derived from the folders: natural order, readable titles, prev/next."""

from __future__ import annotations

import re

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

_NUMBER = re.compile(r"(\d+)")
_UNIT = re.compile(r"^(week|day|session|part|module)[\s_-]*(\d+)$", re.IGNORECASE)
_TITLE = re.compile(r"^\s*((?:(?:week|day|session)\s*\d+\s*)+)[:\-–—]\s*(.+?)\s*$", re.IGNORECASE)
_TITLE_UNIT = re.compile(r"(week|day|session)\s*(\d+)", re.IGNORECASE)


def natural_key(text: str) -> list[object]:
    """`session_10` sorts after `session_9`."""
    return [int(part) if part.isdigit() else part.lower() for part in _NUMBER.split(text)]


def section_title(name: str) -> str:
    """`week1` or `Week1` → `Week 1`; other folder names are left as MkDocs made them."""
    match = _UNIT.match(name.strip())
    return f"{match[1].capitalize()} {int(match[2])}" if match else name


def short_title(h1: str) -> str:
    """`Week 1 Day 2 Session 5: Docker 실습` → `Session 5 · Docker 실습`."""
    match = _TITLE.match(h1)
    if not match:
        return h1
    unit, number = _TITLE_UNIT.findall(match[1])[-1]
    return f"{unit.capitalize()} {int(number)} · {match[2]}"


def _sort_key(item: object) -> tuple[int, list[object]]:
    if isinstance(item, Page):
        return (0 if item.is_index else 1, natural_key(item.file.src_uri))
    if isinstance(item, Section):
        first = next(iter(_pages(item.children)), None)
        return (2, natural_key(first.file.src_uri if first else item.title))
    return (3, natural_key(str(getattr(item, "title", ""))))


def _pages(items: list) -> list[Page]:
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        elif isinstance(item, Section):
            pages.extend(_pages(item.children))
    return pages


def _arrange(items: list) -> None:
    items.sort(key=_sort_key)
    for item in items:
        if isinstance(item, Section):
            item.title = section_title(item.title)
            _arrange(item.children)


def arrange(nav: Navigation, last: str | None = None) -> Navigation:
    """Sort the automatic nav naturally, name sections, and relink prev/next.

    The page whose source is `last` (the generated health page) goes to the end.
    """
    _arrange(nav.items)
    nav.items.sort(key=lambda item: isinstance(item, Page) and item.file.src_uri == last)
    nav.pages = _pages(nav.items)
    for index, page in enumerate(nav.pages):
        page.previous_page = nav.pages[index - 1] if index > 0 else None
        page.next_page = nav.pages[index + 1] if index + 1 < len(nav.pages) else None
    return nav
