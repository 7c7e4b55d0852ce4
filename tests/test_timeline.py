"""The day timeline and the header card on small courses built here: rows placed by time
over the day, overlaps in lanes, short rows labelled, the legend of what the day holds."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hooks.pictures import day_timeline
from tests.conftest import build_course, write_course
from validators.checks.schedule.timetable import ScheduleRow, row_kind
from validators.kinds import DEFAULT_KINDS

# 09:00-17:00 (480 minutes). The challenge runs into the talk before it, the last row
# past the retro's end and so past the day's last "regular" end; the break is 5 minutes.
DAY = """\
# Week 1 Day 1: 타임라인

| 시간 | 구분 | 내용 |
|------|------|------|
| **09:00-09:50** | [Session 1](./session_1.md) | 도입 |
| **09:50-09:55** | ☕ 휴식 | 5분 휴식 |
| **09:55-10:45** | 🎤 발표 | 팀 발표 |
| **10:30-12:00** | 🛠️ Challenge | 겹치는 챌린지 |
| **12:00-13:00** | 🍽️ 점심 | 점심시간 |
| **13:00-15:30** | 회고 | 하루 돌아보기 |
| **15:00-17:00** | 🎤 발표 2 | 끝을 넘는 발표 |
"""
# A day without lunch, care or unknown rows: its legend has only what it holds.
PLAIN_DAY = """\
# Week 1 Day 2: 이론과 실습

| 시간 | 구분 | 내용 |
|------|------|------|
| **09:00-09:50** | 📚 이론 1 | 개념 |
| **09:50-10:00** | ☕ 휴식 | 10분 휴식 |
| **10:00-12:00** | 🛠️ 실습 1 | 실습 |
"""
LAB = """\
# Week 1 Day 1 Lab 1: 실습 카드

## 🕘 실습 정보
- **시간**: 10:30-12:00 (90분)
- **목표**: 컨테이너 <직접> 만들기 & 공유
- **방식**: 페어 프로그래밍

## 단계 1 (30분)
"""
FILES = {
    "index.md": "# 홈\n",
    "week1/day1/README.md": DAY,
    "week1/day1/session_1.md": "# Week 1 Day 1 Session 1: 도입\n",
    "week1/day1/lab_1.md": LAB,
    "week1/day1/challenge_1.md": (
        "# Week 1 Day 1 Challenge 1: 도전\n\n## 🕘 Challenge 정보\n**시간**: 10:30-12:00 (90분)\n"
    ),
    "week1/day1/demo_1.md": (
        "# Week 1 Day 1 Demo 1: 시연\n\n## 🕘 Demo 정보\n**시간**: 09:00-09:50\n"
    ),
    "week1/day2/README.md": PLAIN_DAY,
}


class _Elements(HTMLParser):
    """Every element with a class: (tag, attributes, text inside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {name: value or "" for name, value in attrs}
        text: list[str] = []
        if tag not in ("br", "img", "input", "meta", "link"):
            self._open.append(text)
        if "class" in attributes:
            self.found.append((tag, attributes, text))

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for text in self._open:
            text.append(data)


def elements(html_text: str, css_class: str) -> list[tuple[dict[str, str], str]]:
    parser = _Elements()
    parser.feed(html_text)
    return [
        (attrs, "".join(text))
        for _, attrs, text in parser.found
        if css_class in attrs["class"].split()
    ]


def style(attrs: dict[str, str]) -> dict[str, str]:
    pairs = (item.split(":", 1) for item in attrs.get("style", "").split(";") if ":" in item)
    return {key.strip(): value.strip() for key, value in pairs}


def blocks_of(page: str) -> list[dict]:
    found = []
    for attrs, text in elements(page, "day-timeline__block"):
        css = style(attrs)
        kind = attrs["class"].split()[-1].removeprefix("day-timeline__block--")
        found.append(
            {
                "kind": kind,
                "short": "day-timeline__block--short" in attrs["class"].split(),
                "left": float(css["left"].removesuffix("%")),
                "width": float(css["width"].removesuffix("%")),
                "lane": int(css["--lane"]),
                "title": attrs["title"],
                "text": text,
            }
        )
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("timeline")
    build_course(write_course(root, FILES), root / "site")
    return root / "site"


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_blocks_are_placed_by_time_inside_the_track(site: Path) -> None:
    blocks = blocks_of(read(site, "week1/day1"))
    assert len(blocks) == 7
    for block in blocks:
        assert 0 <= block["left"] and 0 < block["width"]
        assert block["left"] + block["width"] <= 100 + 1e-9
    # Over the day's 480 minutes: the lunch starts at 180 and lasts 60.
    lunch = next(b for b in blocks if b["kind"] == "lunch")
    assert lunch["left"] == pytest.approx(100 * 180 / 480, abs=0.001)
    assert lunch["width"] == pytest.approx(100 * 60 / 480, abs=0.001)
    # The row that runs past every other ends the track: it is not pushed off the edge.
    last = blocks[-1]
    assert last["left"] + last["width"] == pytest.approx(100, abs=0.001)
    assert last["left"] == pytest.approx(100 * 360 / 480, abs=0.001)
    figure = elements(read(site, "week1/day1"), "day-timeline")[0][0]
    assert figure["aria-label"] == "하루 일정 타임라인 09:00–17:00"


def test_overlapping_rows_are_drawn_in_separate_lanes(site: Path) -> None:
    page = read(site, "week1/day1")
    blocks = blocks_of(page)
    lanes = [block["lane"] for block in blocks]
    assert lanes == [0, 0, 0, 1, 0, 0, 1]  # the challenge and the last talk overlap
    for lane in set(lanes):
        spans = sorted((b["left"], b["left"] + b["width"]) for b in blocks if b["lane"] == lane)
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start + 0.0015, f"blocks overlap in lane {lane}"  # 3 decimals
    track = elements(page, "day-timeline__track")[0][0]
    assert style(track)["--lanes"] == "2"


def test_unknown_rows_take_a_kind_from_their_words(site: Path) -> None:
    kinds = [block["kind"] for block in blocks_of(read(site, "week1/day1"))]
    assert kinds == ["theory", "break", "other", "practice", "lunch", "care", "other"]


def test_a_short_row_has_a_tooltip_a_spoken_label_and_a_note(site: Path) -> None:
    page = read(site, "week1/day1")
    pause = blocks_of(page)[1]
    assert pause["short"] and pause["kind"] == "break"
    assert pause["title"] == "09:50–09:55 ☕ 휴식 · 5분 휴식 (5분)"
    assert pause["text"] == "09:50–09:55 ☕ 휴식 · 5분 휴식 (5분)"  # the screen-reader text
    sr = elements(page, "day-timeline__sr")
    assert [text for _, text in sr] == [pause["text"]]
    notes = elements(page, "day-timeline__note")
    assert [text for _, text in notes] == ["5분"]
    at = float(style(notes[0][0])["left"].removesuffix("%"))
    assert at == pytest.approx(pause["left"] + pause["width"] / 2, abs=0.001)
    long_rows = [block for block in blocks_of(page) if not block["short"]]
    assert all(re.match(r"\d\d:\d\d\S+.*\d+분$", block["text"]) for block in long_rows)


def test_the_legend_lists_the_kinds_present_and_other_rows_by_their_word(site: Path) -> None:
    keys = [
        (a["class"].split()[-1], text)
        for a, text in elements(read(site, "week1/day1"), "day-timeline__key")
    ]
    assert keys == [
        ("day-timeline__key--theory", "이론"),
        ("day-timeline__key--practice", "실습"),
        ("day-timeline__key--care", "케어"),
        ("day-timeline__key--break", "휴식"),
        ("day-timeline__key--lunch", "점심"),
        ("day-timeline__key--other", "발표"),  # `🎤 발표` and `🎤 발표 2`: one key
    ]
    plain = [text for _, text in elements(read(site, "week1/day2"), "day-timeline__key")]
    assert plain == ["이론", "실습", "휴식"]


@pytest.mark.parametrize(
    ("page", "label", "time"),
    [
        ("week1/day1/lab_1", "실습 정보", "10:30-12:00 (90분)"),
        ("week1/day1/challenge_1", "Challenge 정보", "10:30-12:00 (90분)"),
        ("week1/day1/demo_1", "Demo 정보", "09:00-09:50"),
    ],
)
def test_every_info_block_gets_the_card_named_by_its_heading(
    site: Path, page: str, label: str, time: str
) -> None:
    html_text = read(site, page)
    cards = elements(html_text, "course-card")
    assert len(cards) == 1
    attrs, text = cards[0]
    assert attrs["aria-label"] == label and attrs["role"] == "note"
    assert time in text
    assert html_text.index('class="course-card"') > html_text.index("<h1")


def test_the_card_shows_its_values_as_text(site: Path) -> None:
    html_text = read(site, "week1/day1/lab_1")
    card = html_text[html_text.index('<div class="course-card"') :]
    card = card[: card.index("</div>\n</div>")]
    assert "컨테이너 &lt;직접&gt; 만들기 &amp; 공유" in card
    assert "페어 프로그래밍" in card


def _row(start: str, end: str, label: str = "📚 이론", line: int = 1) -> ScheduleRow:
    def minutes(clock: str) -> int:
        hours, mins = clock.split(":")
        return int(hours) * 60 + int(mins)

    return ScheduleRow(line, minutes(start), minutes(end), row_kind(label), label, "")


@pytest.mark.parametrize(
    "rows",
    [
        [_row("09:00", "10:00"), _row("14:50", "14:00")],  # written backwards
        [_row("22:00", "23:30"), _row("23:30", "00:30")],  # past midnight
        [_row("09:00", "09:00"), _row("09:00", "10:00")],  # zero minutes, at the start
        [_row("09:00", "10:00"), _row("10:00", "10:00")],  # zero minutes, at the end
        [_row("11:00", "12:00"), _row("09:00", "10:00"), _row("09:30", "11:30")],  # out of order
        [_row("09:00", "09:00")],  # a day of one empty row
    ],
)
def test_odd_tables_stay_inside_the_track(rows: list[ScheduleRow]) -> None:
    timeline = day_timeline(rows)
    for block in timeline["blocks"]:
        left, width = float(block.left), float(block.width)
        assert 0 <= left and 0 < width and left + width <= 100 + 1e-9
    lanes: dict[int, list[tuple[float, float]]] = {}
    for block in timeline["blocks"]:
        lanes.setdefault(block.lane, []).append((float(block.left), float(block.width)))
    assert timeline["lanes"] == len(lanes)


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("☕ 휴식", "break"),
        ("🍽️ 점심", "lunch"),
        ("👥 케어", "care"),
        ("회고", "care"),
        ("👥 1:1 상담", "care"),
        ("개별 멘토링", "care"),
        ("🛠️ 실습 2", "practice"),
        ("Challenge", "practice"),
        ("챌린지", "practice"),
        ("Hands-on", "practice"),
        ("📚 이론 1", "theory"),
        ("실습 세션", "practice"),  # the kind word wins over the page word
        ("🎤 발표", "other"),
        ("[Session 1]", "other"),  # for the checks a page word names no kind
    ],
)
def test_row_kind_keeps_the_words_the_checks_know(label: str, kind: str) -> None:
    assert row_kind(label) == kind


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Session 1", "theory"),
        ("세션 2", "theory"),
        ("Demo", "theory"),
        ("Lab 2", "practice"),
        ("Demolition", "other"),  # `Demo` inside a longer word names nothing
        ("🎤 발표", "other"),
    ],
)
def test_row_kind_with_page_kinds_guesses_from_page_words(label: str, kind: str) -> None:
    assert row_kind(label, DEFAULT_KINDS) == kind
