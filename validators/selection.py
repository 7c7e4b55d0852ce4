"""Which pages a run checks: `--page GLOB` and `--shard K/N` (one CI machine's share)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Sequence

from validators.page import Page


class SelectionError(ValueError):
    """A --page or --shard value that cannot be used; the message says why."""


def parse_shard(text: str) -> tuple[int, int]:
    """`K/N` → (K, N), 1 ≤ K ≤ N."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if match is None:
        raise SelectionError(f"--shard {text!r}: write it as K/N, e.g. 1/4")
    index, total = int(match[1]), int(match[2])
    if total < 1 or not 1 <= index <= total:
        raise SelectionError(f"--shard {text!r}: K must be between 1 and N")
    return index, total


def matching(pages: Sequence[Page], globs: Sequence[str]) -> list[Page]:
    """Pages whose docs-relative path matches one of `globs` (`week1/**`, `*/day2/*.md`).

    `*` does not cross a `/`; `**` does. A folder name alone (`week1/day2`) takes the pages
    under it.
    """
    chosen = set(matching_paths([page.path for page in pages], globs))
    return [page for page in pages if page.path in chosen]


def matching_paths(paths: Sequence[str], globs: Sequence[str]) -> list[str]:
    """The docs-relative paths that match one of `globs` (as `matching`)."""
    patterns = [_glob_regex(glob.strip().strip("/")) for glob in globs if glob.strip()]
    return [path for path in paths if any(p.fullmatch(path) for p in patterns)]


_DAY_FOLDER = re.compile(r"^(?:day[\s_-]*\d+(?:[\s_-].*)?|\d+\s*일차)$", re.IGNORECASE)


def neighbourhood(chosen: Collection[str], paths: Collection[str]) -> set[str]:
    """The pages a check of `chosen` must read besides them: the day around each (the
    pages of its folder, where the day table and the other sessions are), the folder above
    (the week overview, a stray `day_01_….md` page) and, for a page outside a day folder,
    the day folders beside it. Link targets are read when a link needs them."""
    folders: set[str] = set()
    outside: set[str] = set()  # folders of chosen pages that are not day folders
    for path in chosen:
        folder = posixpath.dirname(path)
        folders |= {folder, posixpath.dirname(folder)}
        if not _DAY_FOLDER.match(posixpath.basename(folder)):
            outside.add(folder)
    wanted = set(chosen)
    for path in paths:
        folder = posixpath.dirname(path)
        if folder in folders:
            wanted.add(path)
        elif posixpath.dirname(folder) in outside and _DAY_FOLDER.match(posixpath.basename(folder)):
            wanted.add(path)  # a stray `day_01_….md` page's own day folder
    return wanted


def shard(
    pages: Sequence[Page], index: int, total: int, weight: Callable[[Page], int]
) -> list[Page]:
    """Shard `index` of `total` (1-based): every page lands in exactly one shard, and each
    shard gets about the same total weight (largest pages first, each to the lightest
    shard). The split depends only on the pages, so every CI machine computes the same one.
    """
    loads = [0] * total
    chosen: list[Page] = []
    for page in sorted(pages, key=lambda p: (-weight(p), p.path)):
        lightest = min(range(total), key=lambda number: (loads[number], number))
        loads[lightest] += max(weight(page), 1)
        if lightest == index - 1:
            chosen.append(page)
    order = {page.path: number for number, page in enumerate(pages)}
    return sorted(chosen, key=lambda page: order[page.path])


def _glob_regex(glob: str) -> re.Pattern[str]:
    parts = []
    position = 0
    while position < len(glob):
        if glob.startswith("**/", position):
            parts.append("(?:.*/)?")
            position += 3
        elif glob.startswith("**", position):
            parts.append(".*")
            position += 2
        else:
            parts.append({"*": "[^/]*", "?": "[^/]"}.get(glob[position], re.escape(glob[position])))
            position += 1
    if glob and not any(char in glob for char in "*?") and not glob.endswith(".md"):
        parts.append("(?:/.*)?")  # a folder: the pages under it
    return re.compile("".join(parts))


__all__ = ["SelectionError", "matching", "matching_paths", "neighbourhood", "parse_shard", "shard"]
