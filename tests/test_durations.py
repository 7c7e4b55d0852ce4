"""Unit tests of the duration parser: what authors write, and what is not a duration."""

from __future__ import annotations

import pytest

from validators.checks.schedule.durations import (
    Product,
    find_durations,
    format_minutes,
    parse_duration,
    rounding,
    suggest_unit,
)


@pytest.mark.parametrize(
    ("text", "minutes", "amount", "product", "span"),
    [
        ("(50분)", 50, 50, None, None),
        ("- 45분", 45, 45, None, None),
        ("(2.5시간 - 50분×3세션)", 150, 150, Product(50, 3, "세션"), None),
        ("(7분×4팀)", 28, None, Product(7, 4, "팀"), None),
        ("50분 x 3", 150, None, Product(50, 3, ""), None),
        ("1.5시간", 90, 90, None, None),
        ("(3시간)", 180, 180, None, None),
        ("90 min", 90, 90, None, None),
        ("45 minutes", 45, 45, None, None),
        ("2h", 120, 120, None, None),
        ("2 hours", 120, 120, None, None),
        ("1h30m", 90, 90, None, None),
        ("1h 30m", 90, 90, None, None),
        ("1시간 30분", 90, 90, None, None),
        ("1시간30분", 90, 90, None, None),
        ("1시간 반", 90, 90, None, None),
        ("(1시간 10분)", 70, 70, None, None),
        ("30초", 0.5, 0.5, None, None),
        ("09:00-09:50", 50, None, None, (540, 590)),
        ("**09:00-09:50**".strip("*"), 50, None, None, (540, 590)),
        ("13:00 ~ 16:00", 180, None, None, (780, 960)),
        ("(09:00-17:00, 7시간)", 420, 420, None, (540, 1020)),
    ],
)
def test_parse_duration(text, minutes, amount, product, span) -> None:
    duration = parse_duration(text)
    assert duration is not None
    assert duration.minutes == pytest.approx(minutes)
    assert duration.amount == (None if amount is None else pytest.approx(amount))
    assert duration.product == product
    assert duration.span == span


@pytest.mark.parametrize(
    "text",
    [
        "(집중 지원)",
        "(6개 페어)",
        "(31.25%)",
        "(Read-Only)",
        "(A = Added)",
        "(3-4명씩)",
        "(72MB)",
        "(v2.0.1)",
        "(페어당 30초)",
        "(11뵔)",
        "10분 휴식",
        "Ubuntu 20.04",
        "8080:80",
        "k8s",
        "1분기 실적",
        "3분의 1",
        "",
    ],
)
def test_not_one_duration(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "### 🟢 초급자 케어 (집중 지원)",
        "**페어 구성**: 2명씩 페어링 (6개 페어)",
        "📚 비율 (31.25%)",
        "### 🔒 **이미지 레이어 (Read-Only)**",
        "# A /tmp/newfile.txt  (A = Added)",
        "- 팀 구성 (3-4명씩)",
        "| `ubuntu:20.04` | 72MB | (72MB) |",
        "(3번 이상 반복)",
        "(2명)",
        "(5단계)",
        "(v2)",
        "docker run -p 8080:80 nginx:1.21-alpine",
        "RUN addgroup -g 1001 -S nodejs",
        "1분기 매출은 3분의 1",
        "k8s 클러스터 3node",
        "(2세트)",
        "(3시즌)",
    ],
)
def test_no_durations_found(text: str) -> None:
    assert find_durations(text) == []


def test_find_durations_columns_in_an_allocation_line() -> None:
    line = "📚 이론 강의: 2.5시간 (31.25%) - 50분×3세션"
    found = find_durations(line)
    assert [(m.text, m.start, m.end, m.parenthesised) for m in found] == [
        ("2.5시간", 9, 14, False),
        ("50분×3세션", 26, 33, False),
    ]
    assert line[found[1].start : found[1].end] == "50분×3세션"
    assert found[1].column == 27
    assert found[0].duration.minutes == 150
    assert found[1].duration.product == Product(50, 3, "세션")


def test_find_durations_takes_a_parenthesis_whole() -> None:
    found = find_durations("## 📚 이론 강의 (2.5시간 - 50분×3세션)")
    assert len(found) == 1
    match = found[0]
    assert (match.text, match.start, match.parenthesised) == ("(2.5시간 - 50분×3세션)", 11, True)
    assert match.duration.amount == 150 and match.duration.product.minutes == 150


def test_find_durations_bare_and_ranges() -> None:
    found = find_durations("**시간**: 14:00-14:50 (50분)  ")
    assert [(m.text, m.start) for m in found] == [("14:00-14:50", 8), ("(50분)", 20)]
    assert found[0].duration.span == (840, 890)
    found = find_durations("| **09:50-10:00** | ☕ 휴식 | 10분 휴식 | |")
    assert [m.text for m in found] == ["09:50-10:00", "10분"]
    found = find_durations("### 🟢 초급자 케어 (집중 지원) - 45분")
    assert [(m.text, m.parenthesised) for m in found] == [("45분", False)]
    found = find_durations("**발표 내용** (페어당 30초):")
    assert [(m.text, m.parenthesised, m.duration.minutes) for m in found] == [("30초", False, 0.5)]


def test_unknown_unit_in_the_seed_heading() -> None:
    line = "### 🔍 개념 3: Docker 네트워킹과 스토리지 (11뵔)"
    (match,) = find_durations(line)
    assert match.duration is None
    assert (match.text, match.unit, match.suggestion) == ("(11뵔)", "뵔", "분")
    assert match.corrected == "(11분)"
    assert line[match.start :] == "(11뵔)"
    assert match.parenthesised


@pytest.mark.parametrize(
    ("unit", "suggestion"),
    [
        ("뵔", "분"),  # the seed's garbled 분
        ("뷴", "분"),
        ("qns", "분"),  # 분 typed with the IME in English mode
        ("ch", "초"),
        ("tlrks", "시간"),
        ("시갼", "시간"),
        ("mni", "min"),
        ("minn", "min"),
        ("huor", "hour"),
        ("번", None),  # 3번 = three times
        ("배", None),
        ("차", None),
        ("개", None),
        ("명", None),
        ("세트", None),
        ("사람", None),
        ("MB", None),
        ("sets", None),
        ("분", None),  # a known unit is not unknown
        ("min", None),
        ("xyz", None),
    ],
)
def test_suggest_unit(unit: str, suggestion: str | None) -> None:
    assert suggest_unit(unit) == suggestion


@pytest.mark.parametrize(
    ("text", "unit", "suggestion"),
    [("(11뵔)", "뵔", "분"), ("(15qns)", "qns", "분"), ("(10 mni)", "mni", "min")],
)
def test_unknown_units_found(text: str, unit: str, suggestion: str) -> None:
    (match,) = find_durations(text)
    assert (match.duration, match.unit, match.suggestion) == (None, unit, suggestion)


@pytest.mark.parametrize(
    ("minutes", "text"), [(50, "50분"), (150, "150분"), (0.5, "30초"), (12.5, "12.5분")]
)
def test_format_minutes(minutes: float, text: str) -> None:
    assert format_minutes(minutes) == text


@pytest.mark.parametrize(
    ("text", "amount", "product", "span"),
    [
        ("(15분 - 현장 적용성 강화)", 15, None, None),
        ("(5분 - 동기부여 및 맥락 제공)", 5, None, None),
        ("(총 2시간)", 120, None, None),
        ("(총 50분×3세션)", None, Product(50, 3, "세션"), None),
        ("(50분, 휴식 포함)", 50, None, None),
        ("(2시간 - 50분×2세션 - 오후 실습)", 120, Product(50, 2, "세션"), None),
        ("(14:00-14:50 - 다음 세션)", None, None, (840, 890)),
    ],
)
def test_a_parenthesis_with_a_note_or_a_total_word(text, amount, product, span) -> None:
    (match,) = find_durations(text)
    assert match.parenthesised and match.text == text
    assert (match.duration.amount, match.duration.product, match.duration.span) == (
        amount,
        product,
        span,
    )


@pytest.mark.parametrize("text", ["(1시간 기준)", "(30분: 발표 3분)", "(3-4명씩)", "(약 7개)"])
def test_a_note_that_states_a_time_or_no_time_at_all_is_not_a_budget(text: str) -> None:
    assert not [m for m in find_durations(text) if m.parenthesised]


@pytest.mark.parametrize(
    ("text", "tolerance"), [("2.3시간", 3), ("2.25시간", 0.3), ("2시간", 0), ("90분", 0)]
)
def test_rounding_of_an_hour_figure(text: str, tolerance: float) -> None:
    assert rounding(text) == pytest.approx(tolerance)
