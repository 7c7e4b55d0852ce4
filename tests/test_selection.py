"""--page and --shard: which pages a run checks."""

from __future__ import annotations

import pytest

from validators import parse_page
from validators.selection import (
    SelectionError,
    matching,
    matching_paths,
    neighbourhood,
    parse_shard,
    shard,
)

PATHS = [
    "index.md",
    "week1/README.md",
    "week1/day2/session_1.md",
    "week1/day2/session_5.md",
    "week1/day3/session_1.md",
    "week10/day1/session_1.md",
]
PAGES = [parse_page(path, "# x\n") for path in PATHS]


@pytest.mark.parametrize(
    ("globs", "expected"),
    [
        (["week1/day2/*"], ["week1/day2/session_1.md", "week1/day2/session_5.md"]),
        (["week1/**"], PATHS[1:5]),
        (["week1"], PATHS[1:5]),  # a folder: the pages under it, not week10's
        (["**/session_1.md"], [PATHS[2], PATHS[4], PATHS[5]]),
        (["*.md"], ["index.md"]),  # `*` stops at `/`
        (["week1/day3/session_1.md", "index.md"], ["index.md", "week1/day3/session_1.md"]),
        (["week9/**"], []),
    ],
)
def test_page_globs(globs: list[str], expected: list[str]) -> None:
    assert [page.path for page in matching(PAGES, globs)] == expected


def test_shards_cover_every_page_once_and_balance_the_work() -> None:
    weights = dict(zip(PATHS, [1, 2, 40, 90, 35, 30], strict=True))
    shards = [shard(PAGES, k, 3, lambda page: weights[page.path]) for k in (1, 2, 3)]
    paths = [page.path for part in shards for page in part]
    assert sorted(paths) == sorted(PATHS)
    loads = sorted(sum(weights[page.path] for page in part) for part in shards)
    assert loads == [43, 65, 90]  # 90 | 40+2+1 | 35+30: largest first, each to the lightest
    # Deterministic: every machine computes the same split.
    again = shard(list(reversed(PAGES)), 2, 3, lambda page: weights[page.path])
    assert {p.path for p in again} == {p.path for p in shards[1]}
    # More shards than pages: some are empty, none overlap.
    many = [shard(PAGES[:2], k, 4, lambda page: 1) for k in (1, 2, 3, 4)]
    assert sorted(p.path for part in many for p in part) == sorted(PATHS[:2])


@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "a/b", "1/0"])
def test_bad_shards_are_refused(text: str) -> None:
    with pytest.raises(SelectionError):
        parse_shard(text)


COURSE = [
    "index.md",
    "week_01/README.md",
    "week_01/day_01_orientation.md",
    "week_01/day1/README.md",
    "week_01/day1/session_1.md",
    "week_01/day1/lab_scripts/README.md",
    "week_01/day2/README.md",
    "week_01/day2/session_1.md",
    "week_02/day1/session_1.md",
    "guide/GUIDE.md",
]


def test_a_page_needs_its_day_and_the_folder_above_not_the_course() -> None:
    assert sorted(neighbourhood(["week_01/day2/session_1.md"], COURSE)) == [
        "week_01/README.md",
        "week_01/day2/README.md",
        "week_01/day2/session_1.md",
        "week_01/day_01_orientation.md",
    ]


def test_a_stray_day_page_needs_the_day_folders_beside_it() -> None:
    found = neighbourhood(["week_01/day_01_orientation.md"], COURSE)
    assert "week_01/day1/session_1.md" in found and "week_02/day1/session_1.md" not in found
    assert "week_01/day1/lab_scripts/README.md" not in found


def test_path_globs_match_as_page_globs() -> None:
    assert matching_paths(COURSE, ["week_01/day1"]) == [
        "week_01/day1/README.md",
        "week_01/day1/session_1.md",
        "week_01/day1/lab_scripts/README.md",
    ]
