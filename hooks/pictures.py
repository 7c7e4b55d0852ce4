"""Pictures added to pages at build time: the info-block header card and the day timeline.

The timeline places each row of a day table by its start and end over the day's whole span
(earliest start to latest end), so a row that runs past the previous one, or a table out of
order, still stays inside the track: rows that overlap go to another lane. Rows too short
to hold their text carry it as a tooltip, as text for screen readers and as a note under
the track.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from jinja2 import Environment

from validators.checks.schedule.timetable import (
    ROW_NAMES,
    ScheduleRow,
    clock,
    day_table,
    row_kind,
    session_info,
)
from validators.kinds import DEFAULT_KINDS, Kind
from validators.page import Page

# The legend names the row kinds of ROW_NAMES, in its order; any other row is drawn in a
# neutral colour and named in the legend by its own word.
OTHER = "other"
_SHORT_MINUTES = 15  # a row this short, or narrower than _NARROW % of the day, has no text
_NARROW = 6.0
_MIN_WIDTH = 0.4  # % of the day a zero-minute row is still drawn at
_NOTE_GAP = 5.0  # % of the day between two notes under the track (closer ones are left out)
_DAY = 24 * 60
_NOT_A_WORD = re.compile(r"[^\w\s&/+.-]+")


def pictures(page: Page, env: Environment, kinds: Sequence[Kind] | None = None) -> dict[int, str]:
    """The card and timeline HTML for `page`, keyed by a 0-based line: the renderer places
    each before the first block at or after it (the card under the H1, the timeline before
    the day table's token).

    `kinds`: the course's page kinds (default: the default kinds), for info-block headings
    and for rows whose words name a kind of page (`[Session 1]`).
    """
    inserts: dict[int, str] = {}

    info = session_info(page, kinds)
    h1 = next((h for h in page.headings if h.level == 1), None)
    if info is not None and h1 is not None:
        label = f"{info.word or '세션'} 정보"
        html = env.get_template("partials/course-card.html").render(info=info, label=label)
        inserts[h1.line] = html

    table = day_table(page)
    if table is not None:
        timeline = day_timeline(table.rows, DEFAULT_KINDS if kinds is None else kinds)
        html = env.get_template("partials/day-timeline.html").render(**timeline)
        inserts[table.line - 1] = html

    return inserts


@dataclass(frozen=True)
class _Block:
    kind: str
    label: str
    content: str
    start: str
    end: str
    minutes: int
    left: str  # % of the day, as CSS takes it (`33.333`)
    width: str
    lane: int
    short: bool
    word: str  # the legend's name for the block's kind

    @property
    def center(self) -> float:
        return float(self.left) + float(self.width) / 2


def day_timeline(rows: Sequence[ScheduleRow], kinds: Sequence[Kind] = DEFAULT_KINDS) -> dict:
    """What `partials/day-timeline.html` draws for a day table's rows: the blocks (left and
    width in % of the day, lane), the lanes, the notes under the track, the legend."""
    spans = [_span(row) for row in rows]
    first = min(start for start, _ in spans)
    last = max(end for _, end in spans)
    day = max(last - first, 1)
    lanes = _lanes(spans)
    blocks = []
    for row, (start, end), lane in zip(rows, spans, lanes, strict=True):
        kind = row.kind if row.kind != OTHER else row_kind(row.label, kinds)
        kind = kind if kind in ROW_NAMES else OTHER
        width = round(max(100 * (end - start) / day, _MIN_WIDTH), 3)
        left = round(min(100 * (start - first) / day, 100 - width), 3)
        width = min(width, round(100 - left, 3))  # rounding never takes it past the edge
        minutes = end - start
        blocks.append(
            _Block(
                kind=kind,
                label=row.label,
                content=row.content,
                start=clock(row.start),
                end=clock(row.end),
                minutes=minutes,
                left=_percent(left),
                width=_percent(width),
                lane=lane,
                short=minutes <= _SHORT_MINUTES or width < _NARROW,
                word=ROW_NAMES.get(kind) or _word(row),
            )
        )
    return {
        "blocks": blocks,
        "lanes": max(lanes, default=0) + 1,
        "notes": _notes(blocks),
        "legend": _legend(blocks),
        "start": clock(first % _DAY),
        "end": clock(last % _DAY),
    }


def _percent(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _span(row: ScheduleRow) -> tuple[int, int]:
    """A row's (start, end) in minutes, end not before start: a row past midnight
    (`23:30-00:30`) ends the next day; one written backwards (`14:50-14:00`) is turned."""
    start, end = row.start, row.end
    if end >= start:
        return start, end
    if start - end >= _DAY // 2:
        return start, end + _DAY
    return end, start


def _lanes(spans: Sequence[tuple[int, int]]) -> list[int]:
    """A lane for each span, the first whose rows have ended by its start (in start order)."""
    lanes = [0] * len(spans)
    ends: list[int] = []
    for index in sorted(range(len(spans)), key=lambda i: (spans[i], i)):
        start, end = spans[index]
        lane = next((n for n, lane_end in enumerate(ends) if lane_end <= start), len(ends))
        if lane == len(ends):
            ends.append(end)
        else:
            ends[lane] = end
        lanes[index] = lane
    return lanes


def _word(row: ScheduleRow) -> str:
    """The legend's name for a row of no known kind: its 구분 words (`🎤 발표` → `발표`)."""
    for text in (row.label, row.content):
        word = " ".join(_NOT_A_WORD.sub(" ", text).split()).strip(" .-&/+")
        word = re.sub(r"\s*\d+$", "", word)  # `발표 2` is named as `발표`
        if word:
            return word if len(word) <= 24 else word[:23] + "…"
    return "기타"


def _notes(blocks: Sequence[_Block]) -> list[dict]:
    """A note under the track for each short block, where it has room."""
    notes: list[dict] = []
    placed: list[float] = []
    for block in sorted((b for b in blocks if b.short), key=lambda b: b.center):
        if placed and block.center - placed[-1] < _NOTE_GAP:
            continue
        placed.append(block.center)
        side = "start" if block.center < 4 else "end" if block.center > 96 else "center"
        notes.append({"block": block, "at": _percent(block.center), "side": side})
    return notes


def _legend(blocks: Sequence[_Block]) -> list[dict]:
    """The kinds present, in legend order, then each other word once, in table order."""
    present = {block.kind for block in blocks}
    keys = [{"kind": kind, "text": name} for kind, name in ROW_NAMES.items() if kind in present]
    words: list[str] = []
    for block in blocks:
        if block.kind not in ROW_NAMES and block.word not in words:
            words.append(block.word)
    return keys + [{"kind": OTHER, "text": word} for word in words]
