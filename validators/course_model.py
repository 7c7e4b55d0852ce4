"""The course model: what each page is and where it belongs, built once from the pages.

For every page: its kind (from the file name, settings `kinds`), its block, week and day
(from the folders, whatever their spelling: `week_01`, `week1`, `november/week_01/day1`),
its number (`lab_2.md` → 2), its H1 and short title, its info block, its time slot (from
its info block, or from the day-table rows that link to it) and its order in the day.
Pages matching the `exclude` globs are kept out of the nav and the checks; pages MkDocs
leaves out (a README.md beside an index.md or index.html) are listed with the reason.

The nav, the schedule checks, the timeline and the health page read this model.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from validators.checks.schedule.timetable import (
    DayTable,
    ScheduleRow,
    SessionInfo,
    day_table,
    session_info,
)
from validators.kinds import DEFAULT_EXCLUDE, DEFAULT_KINDS, Kind, excluded, kind_of, words_of
from validators.messages import text
from validators.page import Page

INDEX_NAMES = ("README.md", "readme.md", "index.md")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "1월"),
            ("february", "feb", "2월"),
            ("march", "mar", "3월"),
            ("april", "apr", "4월"),
            ("may", "5월"),
            ("june", "jun", "6월"),
            ("july", "jul", "7월"),
            ("august", "aug", "8월"),
            ("september", "sep", "sept", "9월"),
            ("october", "oct", "10월"),
            ("november", "nov", "11월"),
            ("december", "dec", "12월"),
        ),
        start=1,
    )
    for name in names
}
_WEEK = re.compile(r"^(?:week|wk)[\s_-]*0*(\d+)(?:[\s_-].*)?$|^0*(\d+)\s*주차?$", re.IGNORECASE)
_DAY = re.compile(r"^day[\s_-]*0*(\d+)(?:[\s_-].*)?$|^0*(\d+)\s*일차$", re.IGNORECASE)
_NUMBER = re.compile(r"(\d+)")
_SEPARATOR = r"\s*(?:[:：\-–—·|]\s*|$)"


@dataclass(frozen=True)
class Slot:
    """When a page runs: time ranges in minutes from midnight, where they are stated."""

    spans: tuple[tuple[int, int], ...]
    path: str
    line: int

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def minutes(self) -> int:
        return sum(end - start for start, end in self.spans)


@dataclass
class PageInfo:
    """What the course model knows about one page.

    `kind`: a kind name from the settings, or `day` (a day's overview), `week` (a week's
    overview), `index` (another folder's README/index) or `page`. `block`: the top-level
    folder of a block that is not a week (`november`, `guide`), "" otherwise. `day_dir`: the
    folder of the day the page belongs to (None outside days). `title_units`: the numbers
    its H1 states (`{"week": 1, "day": 3, "lab": 1}`).
    """

    path: str
    kind: str
    block: str = ""
    week: int | None = None
    day: int | None = None
    number: int | None = None
    title: str | None = None
    short_title: str | None = None
    info: SessionInfo | None = None
    info_slot: Slot | None = None
    row_slot: Slot | None = None
    day_dir: str | None = None
    title_units: dict[str, int] = field(default_factory=dict)

    @property
    def slot(self) -> Slot | None:
        """The page's own time if it states one, else the day-table rows that link to it."""
        return self.info_slot or self.row_slot


@dataclass
class Day:
    """A day folder: its overview page, its table, and its pages in the day's order."""

    folder: str
    overview: str | None = None
    table: DayTable | None = None
    pages: list[str] = field(default_factory=list)


@dataclass
class CourseModel:
    pages: dict[str, PageInfo]
    days: dict[str, Day]
    kinds: tuple[Kind, ...]
    excluded: dict[str, str]  # path → the `exclude` glob that keeps it out
    dropped: dict[str, str]  # path → the file that makes MkDocs leave it out

    def left_out(self, lang: str = "en") -> list[tuple[str, str]]:
        """(path, why) for every page kept out of the nav and the checks."""
        items = [
            (p, text("course/excluded", lang, {"pattern": g})) for p, g in self.excluded.items()
        ]
        items += [(p, text("course/dropped", lang, {"other": o})) for p, o in self.dropped.items()]
        return sorted(items)

    def is_left_out(self, path: str) -> bool:
        """Kept out of the nav and the checks (an `exclude` glob, or MkDocs drops it)."""
        return path in self.excluded or path in self.dropped

    def included(self) -> set[str]:
        """Pages the checks and the nav take in."""
        return set(self.pages) - set(self.excluded) - set(self.dropped)

    def day_of(self, path: str) -> Day | None:
        info = self.pages.get(path)
        return self.days.get(info.day_dir) if info and info.day_dir is not None else None

    def kind(self, name: str) -> Kind | None:
        return next((kind for kind in self.kinds if kind.name == name), None)

    def rows_of(self, path: str) -> list[ScheduleRow]:
        """The rows of its day's table that link to the page."""
        day = self.day_of(path)
        if day is None or day.table is None:
            return []
        return [row for row in day.table.rows if path in row.links]

    def sort_key(self, path: str) -> tuple:
        """Where a page goes among its siblings in the nav: overview first, then the day's
        timetable order, then by kind (in settings order) and number."""
        info = self.pages[path]
        if info.kind in ("day", "week", "index"):
            return (0,)
        ranks = {kind.name: index for index, kind in enumerate(self.kinds)}
        rank = ranks.get(info.kind, len(ranks))
        name = posixpath.basename(path)
        number = info.number if info.number is not None else 10**6
        return (1, self._start(info), rank, number, _natural(name))

    def _start(self, info: PageInfo) -> float:
        """A page's start for ordering: its slot's; for a numbered page without a time, just
        before the next timed page of its kind in its folder (or just after the previous
        one), so `session_4.md` without a time still sits between Sessions 3 and 5."""
        if info.slot is not None:
            return info.slot.start
        if info.number is None:
            return 10**6
        folder = posixpath.dirname(info.path)
        siblings = [
            (other.number, other.slot.start)
            for other in self.pages.values()
            if other.kind == info.kind
            and other.number is not None
            and other.slot is not None
            and posixpath.dirname(other.path) == folder
        ]
        later = [start for number, start in siblings if number > info.number]
        if later:
            return min(later) - 0.5
        earlier = [start for number, start in siblings if number < info.number]
        return max(earlier) + 0.5 if earlier else 10**6

    def folder_key(self, folder: str) -> tuple:
        """Where a folder goes among its siblings: weeks by number, days by number, then
        month blocks in date order, then other folders (guides, scripts) by name."""
        name = posixpath.basename(folder)
        week, day, month = _week_number(name), _day_number(name), _month(name)
        if week is not None:
            return (1, week, _natural(name))
        if day is not None:
            return (1, day, _natural(name))
        if month is not None:
            return (2, self._month_rank().get(month, month), _natural(name))
        return (3, 0, _natural(name))

    def _month_rank(self) -> dict[int, int]:
        """Month number → its place in the course: months in calendar order, starting
        after the longest gap, so a course from November to January keeps that order."""
        months = sorted(
            {m for path in self.pages for part in path.split("/") if (m := _month(part))}
        )
        if not months:
            return {}
        gaps = [(months[(i + 1) % len(months)] - m) % 12 for i, m in enumerate(months)]
        start = (gaps.index(max(gaps)) + 1) % len(months) if len(months) > 1 else 0
        ordered = months[start:] + months[:start]
        return {month: rank for rank, month in enumerate(ordered)}


def folder_units(path: str) -> dict[str, int]:
    """The week and day a folder path names (`week_01/day2` → week 1, day 2; the innermost
    wins: `week_02/week_03` → week 3)."""
    units: dict[str, int] = {}
    for part in path.split("/"):
        week, day = _week_number(part), _day_number(part)
        if week is not None:
            units["week"] = week
        elif day is not None:
            units["day"] = day
    return units


def folder_title(folder: str) -> str:
    """A section title from a folder name: `week_01` → `Week 1`, `day2` → `Day 2`,
    `november` → `November`; others as MkDocs titles folders (`special_lecture` →
    `Special lecture`)."""
    name = posixpath.basename(folder)
    week, day = _week_number(name), _day_number(name)
    if week is not None:
        return f"Week {week}"
    if day is not None:
        return f"Day {day}"
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def build_model(
    pages: Sequence[Page],
    files: Iterable[str] = (),
    kinds: Sequence[Kind] = DEFAULT_KINDS,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
) -> CourseModel:
    """The course model of `pages`; `files` are every file in docs_dir (relative paths),
    for what MkDocs leaves out."""
    kinds = tuple(kinds)
    all_files = set(files) | {page.path for page in pages}
    infos: dict[str, PageInfo] = {}
    for page in pages:
        infos[page.path] = _page_info(page, kinds)
    days: dict[str, Day] = {}
    for info in infos.values():
        if info.day_dir is not None:
            days.setdefault(info.day_dir, Day(info.day_dir))
    for info in infos.values():
        if info.day is not None and info.day_dir is None:
            parent = posixpath.dirname(info.path)
            info.day_dir = next(
                (
                    folder
                    for folder in sorted(days)
                    if posixpath.dirname(folder) == parent
                    and _day_number(posixpath.basename(folder)) == info.day
                ),
                None,
            )
    by_path = {page.path: page for page in pages}
    for folder, day in days.items():
        for name in INDEX_NAMES:
            candidate = posixpath.join(folder, name) if folder else name
            if candidate in by_path:
                day.overview = candidate
                day.table = day_table(by_path[candidate])
                break
    for info in infos.values():
        day = days.get(info.day_dir) if info.day_dir is not None else None
        if day is None or day.table is None or info.path == day.overview:
            continue
        rows = [row for row in day.table.rows if info.path in row.links]
        if rows:
            spans = tuple((row.start, row.end) for row in rows)
            info.row_slot = Slot(spans, day.overview or "", rows[0].line)
    model = CourseModel(
        infos,
        days,
        kinds,
        {path: glob for path in sorted(infos) if (glob := excluded(path, exclude))},
        _dropped(all_files),
    )
    included = model.included()
    for day in days.values():
        members = [
            path
            for path, info in infos.items()
            if info.day_dir == day.folder
            and path in included
            and (posixpath.dirname(path) == day.folder or info.kind != "index")
        ]
        day.pages = sorted(members, key=model.sort_key)
    return model


def _natural(text: str) -> list[object]:
    return [int(part) if part.isdigit() else part.lower() for part in _NUMBER.split(text)]


def _week_number(name: str) -> int | None:
    found = _WEEK.match(name)
    return int(found[1] or found[2]) if found else None


def _day_number(name: str) -> int | None:
    found = _DAY.match(name)
    return int(found[1] or found[2]) if found else None


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower().replace(" ", ""))


def _page_info(page: Page, kinds: tuple[Kind, ...]) -> PageInfo:
    folders = page.path.split("/")[:-1]
    name = posixpath.basename(page.path)
    block, week, day, day_dir = "", None, None, None
    for index, folder in enumerate(folders):
        if index == 0 and _week_number(folder) is None and _day_number(folder) is None:
            block = folder
        if _week_number(folder) is not None and week is None:
            week = _week_number(folder)
        elif _day_number(folder) is not None and day is None:
            day = _day_number(folder)
            day_dir = "/".join(folders[: index + 1])
    stem_day = _day_number(name.rsplit(".", 1)[0])
    if day is None and stem_day is not None and week is not None:
        # `week_01/day_01_orientation.md`: a page of Day 1 kept beside the day folders
        day = stem_day  # its day folder is found once all pages are known
    kind = kind_of(name, kinds)
    if name in INDEX_NAMES:
        here = posixpath.basename(posixpath.dirname(page.path))
        kind_name = "day" if _day_number(here) is not None else "week"
        if _week_number(here) is None and kind_name == "week":
            kind_name = "index"
    else:
        kind_name = kind.name if kind else "page"
    numbers = _NUMBER.findall(name)
    title = page.title
    units = title_units(title or "", kinds)
    info = session_info(page, kinds)
    info_slot = None
    if info is not None:
        spans = tuple(span for span in info.spans if span[1] > span[0])
        if spans:
            info_slot = Slot(spans, page.path, info.time_line)
    return PageInfo(
        path=page.path,
        kind=kind_name,
        block=block,
        week=week,
        day=day,
        number=int(numbers[0]) if numbers and kind is not None else None,
        title=title,
        short_title=short_title(title, kinds) if title else None,
        info=info,
        info_slot=info_slot,
        day_dir=day_dir,
        title_units=units,
    )


def _dropped(files: set[str]) -> dict[str, str]:
    """README.md files MkDocs leaves out: an index.md or index.html in the same folder takes
    their URL. Files and folders starting with `.` are left out too."""
    result = {}
    for path in files:
        folder, name = posixpath.split(path)
        if name.lower() == "readme.md":
            for index in ("index.md", "index.html"):
                other = posixpath.join(folder, index) if folder else index
                if other in files:
                    result[path] = other
                    break
        if path.endswith(".md") and any(part.startswith(".") for part in path.split("/")):
            result[path] = path
    return result


# --- titles --------------------------------------------------------------------------------


def _title_pattern(kinds: Sequence[Kind]) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in ("Week", "Day", *words_of(kinds)))
    months = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
    unit = rf"(?:(?:{words})\s*\d+|\d+\s*(?:주차|일차))"
    return re.compile(
        rf"^[^\w\[]*(?:\[?(?:{months})\]?\s+)?(?P<units>(?:{unit}[\s,]*)+?){_SEPARATOR}"
        r"(?P<rest>.*?)\s*$",
        re.IGNORECASE,
    )


_PATTERNS: dict[tuple[Kind, ...], re.Pattern[str]] = {}


def _pattern(kinds: Sequence[Kind]) -> re.Pattern[str]:
    key = tuple(kinds)
    if key not in _PATTERNS:
        _PATTERNS[key] = _title_pattern(key)
    return _PATTERNS[key]


_UNIT = re.compile(r"([^\W\d_][\w-]*)\s*(\d+)|(\d+)\s*(주차|일차)")


def _units(text: str) -> list[tuple[str, int]]:
    found = []
    for match in _UNIT.finditer(text):
        if match[1]:
            found.append((match[1], int(match[2])))
        else:
            found.append(("Week" if match[4] == "주차" else "Day", int(match[3])))
    return found


def title_units(title: str, kinds: Sequence[Kind] = DEFAULT_KINDS) -> dict[str, int]:
    """The numbers an H1 states: `November Week 1 Day 2 Lab 1: …` → week 1, day 2, lab 1."""
    match = _pattern(kinds).match(title)
    if not match:
        return {}
    result: dict[str, int] = {}
    for word, number in _units(match["units"]):
        lowered = word.lower()
        if lowered in ("week", "day"):
            result[lowered] = number
            continue
        kind = next((k for k in kinds if any(w.lower() == lowered for w in k.words)), None)
        if kind is not None:
            result[kind.name] = number
    return result


def short_title(h1: str, kinds: Sequence[Kind] = DEFAULT_KINDS) -> str:
    """`Week 1 Day 3 Lab 1: Dockerfile & 이미지` → `Lab 1 · Dockerfile & 이미지`;
    `November Week 1 Day 2 Session 1: …` → `Session 1 · …`; `Week 1 Day 3: 토픽` → `Day 3 · 토픽`.
    Titles without such a prefix are kept."""
    match = _pattern(kinds).match(h1)
    if not match:
        return h1
    units = _units(match["units"])
    if not units:
        return h1
    word, number = units[-1]
    word = word[0].upper() + word[1:] if word.isascii() else word
    rest = match["rest"]
    return f"{word} {number} · {rest}" if rest else f"{word} {number}"
