"""Golden tests of the schedule validator on the seed pages and the fixture courses.

Each course under `fixtures/schedule/` has `expected.txt` next to its pages: one finding a
line, as `path:line: severity [rule] message`. Set UPDATE_GOLDEN=1 to rewrite them after a
deliberate change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from validators import Finding, Severity, parse_page
from validators.schedule import check_schedule

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "schedule"
COURSES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())


def load(course: Path) -> list:
    return [
        parse_page(path.relative_to(course).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(course.rglob("*.md"))
    ]


def golden_line(finding: Finding) -> str:
    where = f"{finding.path}:{finding.line}"
    return f"{where}: {finding.severity.value} [{finding.rule}] {finding.message}"


def check_text(text: str, path: str = "week1/day1/session_1.md", **kwargs) -> list[Finding]:
    return check_schedule([parse_page(path, text)], **kwargs)


# --- the seeds -----------------------------------------------------------------------------

SEED_FINDINGS = [
    (
        "week1/day2/session_2.md",
        227,
        "schedule/unknown-unit",
        "Duration '(11뵔)' has an unknown unit '뵔'",
        "Write '(11분)' if 분 was meant",
    ),
    (
        "week1/day2/session_4.md",
        155,
        "schedule/session-length",
        "Session 'Session 4: Docker 이미지와 컨테이너' is 50분 long but its sections add up to "
        "73분 (5+18+20+10+12+8)",
        "Cut 23분 from the sections (from this one on they run past 50분), or split the session",
    ),
    (
        "week1/day3/README.md",
        19,
        "schedule/allocation-table",
        "Allocation '학생 케어' states 2.5시간 (150분) but the day table's 케어 rows add up to "
        "105분",
        "Make the allocation match the day table (and recompute the percentages), or fix the table",
    ),
    (
        "week1/day3/README.md",
        371,
        "schedule/over-budget",
        "Section '실습 챌린지' budgets 3시간 (180분) but its parts add up to 240분 "
        "(15+90+90+15+30)",
        "Make the parts add up to at most 3시간 (180분), or raise the section's budget",
    ),
]


def test_seed_pages() -> None:
    findings = check_schedule(load(ROOT / "docs"))
    actual = [(f.path, f.line, f.rule, f.message, f.hint) for f in findings]
    assert actual == SEED_FINDINGS
    assert all(f.severity is Severity.ERROR for f in findings)


def test_seed_session_without_its_day_is_checked_alone() -> None:
    """Day 2 has no README: its sessions are only checked against themselves."""
    day2 = [page for page in load(ROOT / "docs") if page.path.startswith("week1/day2/")]
    rules = {(f.path, f.rule) for f in check_schedule(day2)}
    assert rules == {
        ("week1/day2/session_2.md", "schedule/unknown-unit"),
        ("week1/day2/session_4.md", "schedule/session-length"),
    }


def test_seed_session_matches_its_row_in_the_day_table() -> None:
    pages = load(ROOT / "docs")
    readme = next(page for page in pages if page.path == "week1/day3/README.md")
    session = next(page for page in pages if page.path == "week1/day3/session_1.md")
    moved = parse_page(session.path, session.text.replace("09:00-09:50", "10:00-10:50"))
    findings = [f for f in check_schedule([readme, moved]) if f.path == session.path]
    assert [(f.line, f.rule, f.message) for f in findings] == [
        (
            15,
            "schedule/session-table",
            "Session time 10:00-10:50 does not match the day table's '이론 1' row 09:00-09:50 "
            "(week1/day3/README.md:25)",
        )
    ]


# --- the fixture courses -------------------------------------------------------------------


@pytest.mark.parametrize("course", COURSES)
def test_golden(course: str) -> None:
    directory = FIXTURES / course
    findings = check_schedule(load(directory))
    actual = "".join(golden_line(f) + "\n" for f in findings)
    expected_file = directory / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")
    assert all(f.hint for f in findings)


def test_the_clean_course_has_something_to_check() -> None:
    """Guard against a vacuous golden: the clean course is full of budgets that add up."""
    text = (FIXTURES / "clean" / "week2" / "day1" / "README.md").read_text(encoding="utf-8")
    broken = text.replace("### 🎤 결과 발표 (15분)", "### 🎤 결과 발표 (45분)")
    findings = check_text(broken, "week2/day1/README.md")
    assert [(f.line, f.rule) for f in findings] == [(70, "schedule/over-budget")]


def test_course_session_length_applies_when_a_page_states_no_time() -> None:
    page = FIXTURES / "unseen" / "week3" / "day3" / "session_3.md"
    text = page.read_text(encoding="utf-8")
    assert check_text(text, "week3/day3/session_3.md") == []
    findings = check_text(text, "week3/day3/session_3.md", session_minutes=40)
    assert [(f.line, f.rule, f.message) for f in findings] == [
        (
            4,
            "schedule/session-length",
            "Session 'Week 3 Day 3 Session 3: 헬름 값 파일' is 40분 long but its sections add up "
            "to 45분 (20+25)",
        )
    ]


# --- single behaviours ---------------------------------------------------------------------


def test_unbudgeted_sections_pass_their_parts_up() -> None:
    text = "## 실습 (10분)\n\n### 단계\n\n#### 준비 (6분)\n\n#### 실행 (6분)\n"
    findings = check_text(text)
    assert [(f.line, f.message) for f in findings] == [
        (1, "Section '실습' budgets 10분 but its parts add up to 12분 (6+6)")
    ]


def test_parts_that_leave_time_to_spare_are_fine() -> None:
    text = "## 실습 (30분)\n\n### 준비 (5분)\n\n### 실행 (20분)\n\n### 참고 자료\n"
    assert check_text(text) == []


def test_an_unknown_budget_is_neither_counted_nor_looked_into() -> None:
    text = "## 개념 (10분)\n\n### 상세 (11뵔)\n\n#### a (8분)\n\n#### b (8분)\n"
    findings = check_text(text)
    assert [(f.line, f.rule) for f in findings] == [(3, "schedule/unknown-unit")]


def test_list_items_are_not_budgets() -> None:
    text = "## 토론 (10분)\n\n- **주제 A** (8분)\n- **주제 B** (8분)\n"
    assert check_text(text) == []


def test_bold_lines_need_a_pure_trailing_budget() -> None:
    text = (
        "## 발표 (3분)\n\n**발표 내용** (페어당 30초):\n\n"
        "**주의**: 실습은 약 10분 (20분) 걸립니다\n\n**정리** (2분):\n"
    )
    assert check_text(text) == []
    findings = check_text(text.replace("(2분)", "(4분)"))
    assert [f.message for f in findings] == [
        "Section '발표' budgets 3분 but its parts add up to 4분 (4)"
    ]


def test_code_is_ignored() -> None:
    text = "## 실습 (10분)\n\n```bash\n**a (20분)**\n# (11뵔)\necho 09:00-09:50 (40분)\n```\n"
    text += "\n인라인 `(11뵔)` 과 `09:00-09:50 (40분)`\n"
    assert check_text(text) == []


@pytest.mark.parametrize(
    ("budget", "finding"),
    [
        ("(30분 - 7분×4팀)", None),  # the teams' talks are a part of the 30 minutes
        ("(2.5시간 - 50분×3세션)", None),
        ("(30분 - 8분×4팀)", "Duration '(30분 - 8분×4팀)' totals 30분 but 8분×4팀 makes 32분"),
        (
            "(2시간 - 50분×3세션)",
            "Duration '(2시간 - 50분×3세션)' totals 2시간 (120분) but 50분×3세션 makes 150분",
        ),
    ],
)
def test_total_and_product(budget: str, finding: str | None) -> None:
    findings = check_text(f"## 발표 {budget}\n")
    assert [f.message for f in findings if f.rule == "schedule/total-product"] == (
        [finding] if finding else []
    )


def test_range_and_stated_duration() -> None:
    text = "## 🕘 세션 정보\n\n**시간**: 14:00-14:50 (40분)  \n"
    (finding,) = check_text(text, "week1/day1/notes.md")
    assert (finding.line, finding.rule, finding.severity) == (
        3,
        "schedule/range-duration",
        Severity.ERROR,
    )
    assert finding.message == "Range 14:00-14:50 spans 50분 but the stated duration is 40분"
    assert check_text(text.replace("(40분)", "(50분)"), "week1/day1/notes.md") == []


TABLE = """| 시간 | 구분 | 내용 |
|------|------|------|
| 09:00-09:50 | 📚 이론 1 | 개념 (50분) |
| 09:50-10:00 | ☕ 휴식 | 10분 휴식 |
| 10:00-10:50 | 📚 이론 2 | 심화 (50분) |
"""


def test_a_table_that_adds_up_is_fine() -> None:
    assert check_text(TABLE, "week1/day1/README.md") == []


def test_table_gap_is_a_warning_and_overlap_an_error() -> None:
    gap = TABLE.replace(
        "10:00-10:50 | 📚 이론 2 | 심화 (50분)", "10:10-11:00 | 📚 이론 2 | 심화 (50분)"
    )
    (finding,) = check_text(gap, "week1/day1/README.md")
    assert (finding.line, finding.rule, finding.severity) == (
        5,
        "schedule/table-gap",
        Severity.WARNING,
    )
    overlap = TABLE.replace("09:50-10:00 | ☕ 휴식", "09:40-10:00 | ☕ 휴식")
    findings = check_text(overlap, "week1/day1/README.md")
    assert [(f.line, f.rule, f.severity, f.message) for f in findings] == [
        (
            4,
            "schedule/range-duration",
            Severity.ERROR,
            "Range 09:40-10:00 spans 20분 but the stated duration is 10분",
        ),
        (
            4,
            "schedule/table-overlap",
            Severity.ERROR,
            "Row '휴식' starts at 09:40 but the previous row '이론 1' ends at 09:50",
        ),
    ]


def test_a_reversed_row_and_a_doubly_stated_row_are_reported_once() -> None:
    text = TABLE.replace(
        "| 10:00-10:50 | 📚 이론 2 | 심화 (50분) |", "| 10:50-10:00 | 📚 이론 2 | 심화 |"
    )
    findings = check_text(text, "week1/day1/README.md")
    assert [(f.line, f.message) for f in findings] == [
        (5, "Range 10:50-10:00 ends before it starts")
    ]
    text = TABLE.replace(
        "| 09:00-09:50 | 📚 이론 1 | 개념 (50분) |",
        "| 09:00-09:50 (40분) | 📚 이론 1 | 개념 (40분) |",
    )
    findings = check_text(text, "week1/day1/README.md")
    assert [(f.line, f.message) for f in findings] == [
        (3, "Range 09:00-09:50 spans 50분 but the stated duration is 40분")
    ]


def test_a_row_stating_several_durations_makes_no_single_claim() -> None:
    text = TABLE + "| 10:50-13:20 | 🛠️ 실습 | 배포 (2시간) + 발표 (30분) |\n"
    assert check_text(text, "week1/day1/README.md") == []


def test_allocation_percentages_allow_the_shown_precision() -> None:
    block = "```\n📚 이론: 100분 (33%) - 50분×2세션\n🛠️ 실습: 200분 (66.7%)\n```\n"
    assert check_text(block, "week1/day1/README.md") == []
    findings = check_text(block.replace("66.7%", "66.6%"), "week1/day1/README.md")
    assert [(f.line, f.rule, f.message) for f in findings] == [
        (
            3,
            "schedule/allocation-percent",
            "Allocation '실습' states 66.6% but 200분 is 66.67% of the 5시간 (300분) total",
        )
    ]


def test_a_single_line_fence_is_not_an_allocation_block() -> None:
    assert check_text("```\n이론: 100분 (10%)\n```\n", "week1/day1/README.md") == []


def test_session_number_beyond_the_theory_rows_is_matched_by_time() -> None:
    readme = parse_page(
        "week1/day1/README.md",
        TABLE + "| 13:00-16:00 | 🛠️ 챌린지 | 실습 (3시간) |\n",
    )
    info = "# Session {n}\n\n## 🕘 세션 정보\n\n**시간**: {t} (50분)\n"
    inside = parse_page("week1/day1/session_3.md", info.format(n=3, t="14:00-14:50"))
    outside = parse_page("week1/day1/session_4.md", info.format(n=4, t="16:10-17:00"))
    findings = check_schedule([readme, inside, outside])
    assert [(f.path, f.line, f.rule) for f in findings] == [
        ("week1/day1/README.md", 6, "schedule/table-gap"),
        ("week1/day1/session_4.md", 5, "schedule/session-table"),
    ]
