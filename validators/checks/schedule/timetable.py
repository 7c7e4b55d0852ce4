"""Read the schedule facts a page states: its day table and its info block."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from validators.kinds import DEFAULT_KINDS, Kind, words_of
from validators.page import Page, inline_children, plain_text

TIME_RANGE = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})(?!\d)")

# Row kinds, by the words and emoji authors use in the 구분 column.
_KINDS = (
    ("lunch", ("점심", "🍽", "lunch")),
    ("break", ("휴식", "☕", "break")),
    ("care", ("케어", "👥", "멘토링", "회고", "상담", "care", "mentoring", "retrospective")),
    ("practice", ("실습", "챌린지", "🛠", "practice", "lab", "challenge", "hands-on", "핸즈온")),
    ("theory", ("이론", "강의", "📚", "theory", "lecture")),
)

# The Korean name of each row kind (the legend's and the messages' word), in legend order.
ROW_NAMES = {"theory": "이론", "practice": "실습", "care": "케어", "break": "휴식", "lunch": "점심"}


@dataclass(frozen=True)
class ScheduleRow:
    """One row of a day table; minutes count from midnight.

    `links`: the pages and files the row's cells link to, relative to docs_dir (fragments
    dropped), in the order they appear.
    """

    line: int
    start: int
    end: int
    kind: str
    label: str
    content: str
    links: tuple[str, ...] = ()

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class DayTable:
    """A day's schedule table: `line` is its header row's 1-based line."""

    line: int
    rows: list[ScheduleRow]


@dataclass(frozen=True)
class SessionInfo:
    """A page's info block (`## 🕘 세션 정보`, `실습 정보`, `Lab 정보`, …): the lines
    `**시간**: …`, `**목표**: …`, `**방식**: …` (or `- **시간**: …`). `word` is the kind
    word of its heading (`세션`, `Lab`)."""

    line: int
    time: str = ""
    time_line: int = 0
    goal: str = ""
    method: str = ""
    word: str = ""

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Every `HH:MM-HH:MM` of the time line (`12:00-13:00 + 14:00-15:00 (120분)`)."""
        return parse_ranges(self.time)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_range(text: str) -> tuple[int, int] | None:
    """The first `HH:MM-HH:MM` in `text`, as minutes from midnight."""
    match = TIME_RANGE.search(text)
    if not match:
        return None
    h1, m1, h2, m2 = (int(group) for group in match.groups())
    return h1 * 60 + m1, h2 * 60 + m2


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """Every `HH:MM-HH:MM` in `text`, as minutes from midnight."""
    return [
        (int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])) for m in TIME_RANGE.finditer(text)
    ]


def row_kind(text: str, kinds: Sequence[Kind] = ()) -> str:
    """The row kind a 구분 cell's words name (`☕ 휴식` → `break`), else "other".

    With `kinds`, a cell none of those words name takes the row kind of a page kind it
    names (`[Session 1]` → the session kind's `theory`). That is a guess for pictures: the
    checks do not make it, since a day of `[Session N]` rows says nothing about how much
    of the day is theory.
    """
    lowered = text.lower()
    for kind, words in _KINDS:
        if any(word in lowered for word in words):
            return kind
    for page_kind in kinds:
        if page_kind.row and any(_names(word, lowered) for word in page_kind.words):
            return page_kind.row
    return "other"


def _names(word: str, lowered: str) -> bool:
    """`word` occurs in `lowered`, not inside a longer Latin word (`Lab` is not `label`)."""
    pattern = rf"(?<![a-z]){re.escape(word.lower())}(?![a-z])"
    return re.search(pattern, lowered) is not None


def day_table(page: Page) -> DayTable | None:
    """The first table whose first column holds time ranges (the day table)."""
    tokens = page.tokens
    for index, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        rows = list(_table_rows(tokens, index))
        parsed = []
        folder = posixpath.dirname(page.path)
        for line, cells, hrefs in rows[1:]:
            span = parse_range(cells[0]) if cells else None
            if span is None:
                continue
            label = cells[1] if len(cells) > 1 else ""
            content = cells[2] if len(cells) > 2 else ""
            links = tuple(_resolve(folder, href) for href in hrefs)
            kind = row_kind(label)
            parsed.append(
                ScheduleRow(
                    line, span[0], span[1], kind, label, content, tuple(filter(None, links))
                )
            )
        if parsed:
            return DayTable(token.map[0] + 1 if token.map else parsed[0].line, parsed)
    return None


def _table_rows(tokens: list, start: int):
    """Yield (1-based line, cell texts, link hrefs) for each row of the table at `start`."""
    cells: list[str] = []
    hrefs: list[str] = []
    line = 0
    for token in tokens[start + 1 :]:
        if token.type == "table_close":
            return
        if token.type == "tr_open":
            cells, hrefs = [], []
            line = token.map[0] + 1 if token.map else line
        elif token.type == "inline":
            cells.append(plain_text(token))
            hrefs.extend(_hrefs(token))
        elif token.type == "tr_close":
            yield line, cells, hrefs


def _hrefs(inline) -> list[str]:
    children = inline_children(inline)
    return [str(child.attrs.get("href", "")) for child in children if child.type == "link_open"]


def _resolve(folder: str, href: str) -> str | None:
    """A relative link's target relative to docs_dir, or None for URLs and anchors."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    if not path or "://" in path or path.startswith(("/", "mailto:")):
        return None
    target = posixpath.normpath(posixpath.join(folder, unquote(path)))
    return None if target.startswith("..") else target


# `**시간**: …`, `- **⏰ 시간**: …`, `**시간:** …`
_INFO_FIELD = re.compile(
    r"^\s*(?:[-*+]\s+)?\*\*\W*(시간|목표|방식)\s*(?:[:：]\s*\*\*|\*\*\s*[:：])\s*(.*?)\s*$"
)


def info_field(line: str) -> tuple[str, str] | None:
    """(name, value) of an info-block line: `**시간**: 09:00-09:50 (50분)` → ('시간', …)."""
    match = _INFO_FIELD.match(line)
    return (match[1], match[2]) if match else None


def _info_heading(words: Sequence[str]) -> re.Pattern[str]:
    """`🕘 세션 정보`, `Lab 정보`, `실습 세션 정보`, `Challenge 정보 (90분)`."""
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(
        rf"^\W*(?:[^\W\d_]+\s+)?({alternatives})\s*정보\s*(?:\([^)]*\))?\s*$", re.IGNORECASE
    )


_DEFAULT_INFO = _info_heading(words_of(DEFAULT_KINDS))


def session_info(page: Page, kinds: Sequence[Kind] | None = None) -> SessionInfo | None:
    """The info block under a `<kind word> 정보` heading (`## 🕘 세션 정보`, `## Lab 정보`),
    if the page has one; `kinds` give the words (default: the default kinds)."""
    pattern = _DEFAULT_INFO if kinds is None else _info_heading(words_of(kinds))
    heading, word = None, ""
    for candidate in page.headings:
        found = pattern.match(candidate.text)
        if found:
            heading, word = candidate, found[1]
            break
    if heading is None:
        return None
    fields: dict[str, str] = {}
    time_line = 0
    for number in range(heading.line, min(heading.line + 12, len(page.lines))):
        text = page.lines[number]
        if text.startswith("#") or text.strip() == "---":
            break
        match = info_field(text)
        if match:
            fields[match[0]] = match[1]
            if match[0] == "시간":
                time_line = number + 1
    if not fields:
        return None
    return SessionInfo(
        line=heading.line,
        time=fields.get("시간", ""),
        time_line=time_line,
        goal=fields.get("목표", ""),
        method=fields.get("방식", ""),
        word=word,
    )
