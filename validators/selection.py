"""Which pages a run checks: `--page GLOB` and `--shard K/N` (one CI machine's share)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

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
    patterns = [_glob_regex(glob.strip().strip("/")) for glob in globs if glob.strip()]
    return [page for page in pages if any(p.fullmatch(page.path) for p in patterns)]


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


__all__ = ["SelectionError", "matching", "parse_shard", "shard"]
