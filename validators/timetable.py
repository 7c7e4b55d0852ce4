"""Read the schedule facts a page states: its day table and its session-info block."""

from __future__ import annotations

import re
from dataclasses import dataclass

from validators.page import Page, plain_text

TIME_RANGE = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})(?!\d)")

# Row kinds, by the words and emoji authors use in the 구분 column.
_KINDS = (
    ("lunch", ("점심", "🍽", "lunch")),
    ("break", ("휴식", "☕", "break")),
    ("care", ("케어", "👥", "멘토링", "care")),
    ("practice", ("실습", "챌린지", "🛠", "practice", "lab")),
    ("theory", ("이론", "강의", "📚", "theory", "lecture")),
)


@dataclass(frozen=True)
class ScheduleRow:
    """One row of a day table; minutes count from midnight."""

    line: int
    start: int
    end: int
    kind: str
    label: str
    content: str

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
    """The `세션 정보` block: `**시간**: …`, `**목표**: …`, `**방식**: …`."""

    line: int
    time: str = ""
    time_line: int = 0
    goal: str = ""
    method: str = ""


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_range(text: str) -> tuple[int, int] | None:
    """The first `HH:MM-HH:MM` in `text`, as minutes from midnight."""
    match = TIME_RANGE.search(text)
    if not match:
        return None
    h1, m1, h2, m2 = (int(group) for group in match.groups())
    return h1 * 60 + m1, h2 * 60 + m2


def row_kind(text: str) -> str:
    lowered = text.lower()
    for kind, words in _KINDS:
        if any(word in lowered for word in words):
            return kind
    return "other"


def day_table(page: Page) -> DayTable | None:
    """The first table whose first column holds time ranges (the day table)."""
    tokens = page.tokens
    for index, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        rows = list(_table_rows(tokens, index))
        parsed = []
        for line, cells in rows[1:]:
            span = parse_range(cells[0]) if cells else None
            if span is None:
                continue
            label = cells[1] if len(cells) > 1 else ""
            content = cells[2] if len(cells) > 2 else ""
            parsed.append(ScheduleRow(line, span[0], span[1], row_kind(label), label, content))
        if parsed:
            return DayTable(token.map[0] + 1 if token.map else parsed[0].line, parsed)
    return None


def _table_rows(tokens: list, start: int):
    """Yield (1-based line, cell texts) for each row of the table opening at `start`."""
    cells: list[str] = []
    line = 0
    for token in tokens[start + 1 :]:
        if token.type == "table_close":
            return
        if token.type == "tr_open":
            cells = []
            line = token.map[0] + 1 if token.map else line
        elif token.type == "inline":
            cells.append(plain_text(token))
        elif token.type == "tr_close":
            yield line, cells


_INFO_FIELD = re.compile(r"^\s*\*\*(시간|목표|방식)\*\*\s*[:：]\s*(.*?)\s*$")


def session_info(page: Page) -> SessionInfo | None:
    """The session-info block under a `세션 정보` heading, if the page has one."""
    heading = next((h for h in page.headings if "세션 정보" in h.text), None)
    if heading is None:
        return None
    fields: dict[str, str] = {}
    time_line = 0
    for number in range(heading.line, min(heading.line + 12, len(page.lines))):
        text = page.lines[number]
        if text.startswith("#") or text.strip() == "---":
            break
        match = _INFO_FIELD.match(text)
        if match:
            fields[match[1]] = match[2]
            if match[1] == "시간":
                time_line = number + 1
    if not fields:
        return None
    return SessionInfo(
        line=heading.line,
        time=fields.get("시간", ""),
        time_line=time_line,
        goal=fields.get("목표", ""),
        method=fields.get("방식", ""),
    )
