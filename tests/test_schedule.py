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
from validators.checks.schedule.checker import check_schedule

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
    """Beyond the theory rows a session is placed by its time: inside a row of another kind
    it is in the wrong row, unless it says it is practice and the row is a practice row;
    outside every row it matches none."""
    readme = parse_page(
        "week1/day1/README.md",
        TABLE + "| 13:00-16:00 | 🛠️ 챌린지 | 실습 (3시간) |\n",
    )
    info = "# Session {n}\n\n## 🕘 세션 정보\n\n**시간**: {t} (50분)\n"
    inside = parse_page("week1/day1/session_3.md", info.format(n=3, t="14:00-14:50"))
    outside = parse_page("week1/day1/session_4.md", info.format(n=4, t="16:10-17:00"))
    practice = parse_page(
        "week1/day1/session_5.md", info.format(n="5: Compose 실습", t="15:00-15:50")
    )
    findings = check_schedule([readme, inside, outside, practice])
    assert [(f.path, f.line, f.rule) for f in findings] == [
        ("week1/day1/README.md", 6, "schedule/table-gap"),
        ("week1/day1/session_3.md", 5, "schedule/wrong-row"),
        ("week1/day1/session_4.md", 5, "schedule/session-table"),
    ]


# --- the course model: labs, challenges and demos against their rows -----------------------


def course(files: dict[str, str], **kwargs) -> list[Finding]:
    """The schedule findings of a small course given as {path: Markdown}."""
    return check_schedule([parse_page(path, text) for path, text in files.items()], **kwargs)


def found(findings: list[Finding]) -> list[tuple[str, int, str, str]]:
    return [(f.path, f.line, f.rule, f.message) for f in findings]


DAY3 = """# Week 1 Day 3: 이미지

| 시간 | 구분 | 내용 |
|------|------|------|
| 09:00-09:50 | 📚 이론 1 | [이미지 구조](./session_1.md) |
| 09:50-10:00 | ☕ 휴식 | 10분 휴식 |
| 10:00-10:50 | 📚 이론 2 | Dockerfile (50분) |
| 10:50-12:00 | 🛠️ 실습 1 | [빌드 실습](./lab_1.md) |
| 12:00-13:00 | 🍽️ 점심 | 점심시간 (60분) |
| 13:00-14:00 | 🛠️ 실습 1 | [빌드 실습 계속](./lab_1.md) |
| 14:00-15:00 | 🛠️ 챌린지 | [장애 대응](./challenge_1.md) |
"""


def page(kind: str, heading: str, time: str, title: str = "") -> str:
    """A page of Week 1 Day 3 with an info block (`heading`) stating `time`."""
    return f"# Week 1 Day 3 {title or kind}: 제목\n\n## {heading}\n{time}\n**목표**: 익히기\n"


def test_every_info_block_spelling_is_compared_with_its_rows() -> None:
    files = {
        "week1/day3/README.md": DAY3,
        "week1/day3/session_1.md": page(
            "Session 1", "🕘 세션 정보", "**시간**: 09:00-09:50 (50분)"
        ),
        # a lab in two rows with lunch between, in a list-form `Lab 정보` block
        "week1/day3/lab_1.md": page(
            "Lab 1", "Lab 정보", "- **시간**: 10:50-12:00 + 13:00-14:00 (130분)"
        ),
        "week1/day3/challenge_1.md": page(
            "Challenge 1", "🕘 Challenge 정보", "**시간**: 14:00-15:00 (60분)"
        ),
    }
    assert course(files) == []
    files["week1/day3/lab_1.md"] = page("Lab 1", "실습 정보", "- **시간**: 12:00-14:00 (120분)")
    files["week1/day3/challenge_1.md"] = page(
        "Challenge 1", "Challenge 정보", "**시간**: 14:10-15:00 (50분)"
    )
    assert found(course(files)) == [
        (
            "week1/day3/challenge_1.md",
            4,
            "schedule/session-table",
            "Challenge time 14:10-15:00 does not match the day table's '챌린지' row "
            "14:00-15:00 (week1/day3/README.md:11)",
        ),
        (
            "week1/day3/lab_1.md",
            4,
            "schedule/session-table",
            "Lab time 12:00-14:00 does not match the day-table rows that link to it, "
            "10:50-12:00 + 13:00-14:00 (week1/day3/README.md:8)",
        ),
    ]


def test_a_lab_in_two_rows_states_the_sum_of_its_ranges() -> None:
    lab = page("Lab 1", "🕘 실습 정보", "**시간**: 12:00-13:00 + 14:00-15:00 (120분)")
    assert course({"week1/day3/lab_1.md": lab}) == []
    wrong = lab.replace("(120분)", "(100분)")
    assert found(course({"week1/day3/lab_1.md": wrong})) == [
        (
            "week1/day3/lab_1.md",
            4,
            "schedule/range-duration",
            "Ranges 12:00-13:00 + 14:00-15:00 span 120분 but the stated duration is 100분",
        )
    ]


def test_a_page_in_a_row_of_another_kind_is_in_the_wrong_row() -> None:
    files = {
        "week1/day3/README.md": DAY3,
        "week1/day3/session_2.md": page(
            "Session 2", "🕘 세션 정보", "**시간**: 12:00-12:50 (50분)"
        ),
        "week1/day3/demo_1.md": page("Demo 1", "Demo 정보", "**시간**: 13:00-13:30 (30분)"),
        "week1/day3/lab_2.md": page("Lab 2", "Lab 정보", "**시간**: 12:00-13:00 (60분)"),
    }
    findings = course(files)
    assert found(findings) == [
        (
            "week1/day3/demo_1.md",
            4,
            "schedule/wrong-row",
            "Demo time 13:00-13:30 lies in the day table's '실습 1' row 13:00-14:00, a practice "
            "row, not a theory row (week1/day3/README.md:10)",
        ),
        (
            "week1/day3/lab_2.md",
            4,
            "schedule/wrong-row",
            "Lab time 12:00-13:00 lies in the day table's '점심' row 12:00-13:00, a lunch row, "
            "not a practice row (week1/day3/README.md:9)",
        ),
        (
            "week1/day3/session_2.md",
            4,
            "schedule/wrong-row",
            "Session time 12:00-12:50 lies in the day table's '점심' row 12:00-13:00, a lunch "
            "row, not a theory row (week1/day3/README.md:9)",
        ),
    ]
    korean = findings[2].localized("ko")
    assert korean.message == (
        "세션 시간(12:00-12:50)이 일정표의 '점심' 행(12:00-13:00) 안에 있습니다. 이 행은 "
        "이론 행이 아니라 점심 행입니다 (week1/day3/README.md:9)"
    )
    assert korean.hint == (
        "세션 페이지의 시간을 week1/day3/README.md의 이론 행으로 옮기거나 그 행을 고치세요"
    )


def test_a_row_linking_several_pages_holds_each_of_them() -> None:
    readme = DAY3.replace(
        "[장애 대응](./challenge_1.md)", "[Lab 2](./lab_2.md), [Lab 3](./lab_3.md)"
    )
    files = {
        "week1/day3/README.md": readme,
        "week1/day3/lab_2.md": page("Lab 2", "Lab 정보", "**시간**: 14:00-14:25 (25분)"),
        "week1/day3/lab_3.md": page("Lab 3", "Lab 정보", "**시간**: 14:30-15:00 (30분)"),
    }
    assert course(files) == []


# --- a day overview against the pages it describes -----------------------------------------

OVERVIEW = """# Week 1 Day 1: 시작

| 시간 | 구분 | 내용 |
|------|------|------|
| 09:00-09:20 | 📚 이론 1 | [오리엔테이션](./session_1.md) |
| 09:20-10:10 | 📚 이론 2 | [개념](./session_2.md) |
| 10:10-11:00 | 🛠️ 실습 1 | [실습](./lab_1.md) |

### Session 1: 오리엔테이션 (20분)

### [Session 2](./session_2.md) (09:20-10:10)

### [Lab 1: 첫 컨테이너](./lab_1.md)
**시간**: 10:10-11:00 (50분)

### Session 3 준비 (10분)
"""


def overview_course(readme: str) -> dict[str, str]:
    info = "# Week 1 Day 1 {kind}: 제목\n\n## 🕘 {word} 정보\n**시간**: {time}\n"
    return {
        "week1/day1/README.md": readme,
        "week1/day1/session_1.md": info.format(
            kind="Session 1", word="세션", time="09:00-09:20 (20분)"
        ),
        "week1/day1/session_2.md": info.format(
            kind="Session 2", word="세션", time="09:20-10:10 (50분)"
        ),
        "week1/day1/lab_1.md": info.format(kind="Lab 1", word="실습", time="10:10-11:00 (50분)"),
    }


def test_an_overview_that_agrees_with_its_pages_is_fine() -> None:
    assert course(overview_course(OVERVIEW)) == []


def test_an_overview_entry_is_compared_with_the_page_it_describes() -> None:
    readme = (
        OVERVIEW.replace("오리엔테이션 (20분)", "오리엔테이션 (30분)")
        .replace("(09:20-10:10)", "(09:20-10:00)")
        .replace("**시간**: 10:10-11:00 (50분)", "- **시간**: 10:00-11:00 (60분)")
    )
    findings = course(overview_course(readme))
    assert found(findings) == [
        (
            "week1/day1/README.md",
            9,
            "schedule/overview-mismatch",
            "Overview entry 'Session 1: 오리엔테이션' states 30분 but week1/day1/session_1.md "
            "states 09:00-09:20 (20분) (week1/day1/session_1.md:4)",
        ),
        (
            "week1/day1/README.md",
            11,
            "schedule/overview-mismatch",
            "Overview entry 'Session 2' states 09:20-10:00 but week1/day1/session_2.md states "
            "09:20-10:10 (week1/day1/session_2.md:4)",
        ),
        (
            "week1/day1/README.md",
            14,
            "schedule/overview-mismatch",
            "Overview entry 'Lab 1: 첫 컨테이너' states 10:00-11:00 but week1/day1/lab_1.md "
            "states 10:10-11:00 (week1/day1/lab_1.md:4)",
        ),
    ]
    assert (
        findings[0].hint
        == "Make the overview match week1/day1/session_1.md's 시간, or fix that page"
    )
    assert findings[0].localized("ko").message == (
        "개요의 'Session 1: 오리엔테이션' 항목은 30분이지만 week1/day1/session_1.md의 시간은 "
        "09:00-09:20 (20분)입니다 (week1/day1/session_1.md:4)"
    )


def test_only_day_overviews_describe_pages() -> None:
    """The same headings on a session page or a week overview are its own sections."""
    files = overview_course(OVERVIEW.replace("(20분)", "(30분)"))
    files["week1/README.md"] = files.pop("week1/day1/README.md").replace("Day 1: ", "")
    assert [f.rule for f in course(files)] == []


# --- budgets and what is not a part --------------------------------------------------------


def test_budgets_with_a_note_or_a_total_word() -> None:
    text = """# Notes

## 🌟 실무 연계 (15분 - 현장 적용성 강화)

### 사례 1 (10분)

### 사례 2 (10분)

## 🛠️ 기본 실습 (총 2시간)

### Phase 1 (60분)

### Phase 2 (70분)

## 🛠️ 오후 실습 (1시간) - 환경 설정 중심

### 준비 (30분)

### 실행 (40분)
"""
    assert [(f.line, f.message) for f in check_text(text, "week1/day1/notes.md")] == [
        (3, "Section '실무 연계' budgets 15분 but its parts add up to 20분 (10+10)"),
        (9, "Section '기본 실습' budgets 2시간 (120분) but its parts add up to 130분 (60+70)"),
        (15, "Section '오후 실습' budgets 1시간 (60분) but its parts add up to 70분 (30+40)"),
    ]


SESSION = """# Week 1 Day 1 Session 1: 개념

## 🕘 세션 정보
**시간**: 09:00-09:50 (50분)

## 📖 핵심 개념 (40분)

## 💭 정리 (10분)
"""


def test_previews_and_costs_are_not_parts() -> None:
    text = SESSION + (
        "\n### 🎯 다음 세션 준비 (50분)\n\n## 🔮 오후 Lab 준비\n\n"
        "**Lab 1: 첫 컨테이너** (14:00-14:50)\n\n## 🗓️ 이후 일정\n\n"
        "### 오후 실습 (14:00-16:00)\n\n## 💰 예상 비용 (1시간)\n\n"
        "**EC2 t3.micro** (1시간): $0.01\n\n### 💵 NAT Gateway 요금 (2시간)\n"
    )
    assert check_text(text) == []
    # a cost word that names an activity is a part like any other
    findings = check_text(text + "\n## 🛠️ 비용 최적화 실습 (5분)\n")
    assert [(f.line, f.rule, f.message) for f in findings] == [
        (
            26,
            "schedule/session-length",
            "Session 'Week 1 Day 1 Session 1: 개념' is 50분 long but its sections add up to "
            "55분 (40+10+5)",
        )
    ]


def test_parallel_tracks_count_as_their_longest() -> None:
    text = """# Week 1 Day 1 Session 2: 수준별 실습

## 🕘 세션 정보
**시간**: 10:00-10:50 (50분)

## 🛠️ 수준별 실습 (40분)

### 🟢 초급자 (40분)

### 🟡 중급자 (40분)

### 🔴 고급자 (30분)

## 🅰️ 트랙 A: 쿠버네티스 (10분)

## 🅱️ 트랙 B: 테라폼 (10분)
"""
    assert check_text(text, "week1/day1/session_2.md") == []
    # one level twice is not a group of tracks: `고급 대시보드` then `고급 알림` take turns
    sequential = "## 실습 (20분)\n\n### 고급 대시보드 (10분)\n\n### 고급 알림 (15분)\n"
    assert [f.message for f in check_text(sequential)] == [
        "Section '실습' budgets 20분 but its parts add up to 25분 (10+15)"
    ]
    beginner_and_expert = "## 실습 (20분)\n\n### 초보자 실습 (15분)\n\n### 숙련자 미션 (20분)\n"
    assert check_text(beginner_and_expert) == []


# --- allocation blocks, ranges joined by `+`, products in rows -------------------------------

ALLOCATION_DAY = """# Week 2 Day 3: 보안

```
📚 이론 강의: 2.5시간 (31.25%) - 50분×3세션
🛠️ 실습 챌린지: 2.3시간 (140분) (29.17%) - 통합 실습
👥 학생 케어: 1시간 (12.5%) - 핵심 지원
```

| 시간 | 구분 | 내용 |
|------|------|------|
| 09:00-09:50 | 📚 이론 1 | 보안 (50분) |
| 09:50-10:00 | ☕ 휴식 | 10분 휴식 |
| 10:00-10:50 | 📚 이론 2 | 최적화 (50분) |
| 10:50-11:00 | ☕ 휴식 | 10분 휴식 |
| 11:00-11:50 | 📚 이론 3 | 관측성 (50분) |
| 11:50-13:00 | 🍽️ 점심 | 점심시간 (70분) |
| 13:00-15:20 | 🛠️ 챌린지 | 통합 실습 (140분) |
| 15:20-16:20 | 👥 케어 | 개별 상담 (5분×11명) |
| 16:20-18:00 | ☕ 휴식 | 자율 학습 |
"""


def test_allocations_round_hours_and_count_percentages_of_the_day() -> None:
    """2.3시간 is the row's 140분 rounded; the percentages are shares of an 8-hour day
    (the items add up to 5.8 hours); a product smaller than its row is a part of it."""
    assert check_text(ALLOCATION_DAY, "week2/day3/README.md") == []
    findings = check_text(ALLOCATION_DAY.replace("(12.5%)", "(15%)"), "week2/day3/README.md")
    assert [(f.line, f.rule, f.message, f.hint) for f in findings] == [
        (
            6,
            "schedule/allocation-percent",
            "Allocation '학생 케어' states 15% but 1시간 (60분) is 12.5% of the 8시간 (480분) "
            "day the other percentages count from",
            "Write 12.5%",
        )
    ]
    assert findings[0].localized("ko").message == (
        "배분 항목('학생 케어')은 15%라고 적혀 있지만 1시간 (60분)은 다른 비율들이 기준으로 삼는 "
        "하루 8시간 (480분)의 12.5%입니다"
    )


def test_a_rounded_hour_that_does_not_round_the_minutes_is_read_as_stated() -> None:
    text = ALLOCATION_DAY.replace("2.3시간 (140분)", "2.5시간 (140분)").replace("(29.17%)", "")
    findings = check_text(text, "week2/day3/README.md")
    assert [(f.line, f.rule, f.message) for f in findings] == [
        (
            5,
            "schedule/allocation-table",
            "Allocation '실습 챌린지' states 2.5시간 (150분) but the day table's 실습 rows add up "
            "to 140분",
        )
    ]


def test_a_product_in_a_row_is_a_part_unless_it_is_longer() -> None:
    table = (
        "| 시간 | 구분 | 내용 |\n|---|---|---|\n"
        "| 16:30-18:00 | 👥 1:1 상담 | 개별 라포 형성 (5분×11명) + 학습 상담 |\n"
        "| 18:00-18:30 | 👥 상담 | 라포 (5분×11명) |\n"
    )
    assert [(f.line, f.message) for f in check_text(table, "week1/day1/README.md")] == [
        (4, "Range 18:00-18:30 spans 30분 but the stated duration is 55분")
    ]


# --- titles and pasted sections ------------------------------------------------------------


def test_a_title_that_disagrees_with_its_folder_or_file() -> None:
    files = {
        "november/week_03/day2/session_3.md": "# Week 5 Day 2 Session 3: 헬름\n",
        "november/week_03/day2/lab_2.md": "# November Week 3 Day 2 Lab 1: 헬름\n",
        "november/week_03/day2/README.md": "# Week 3 Day 2: 헬름\n",
        "week1/README.md": "# Week 1: 시작\n",
        "week1/day2/session_1.md": "# Week 1 Day 3 Session 2: 잘못\n",
    }
    findings = course(files)
    assert found(findings) == [
        (
            "november/week_03/day2/lab_2.md",
            1,
            "schedule/title-mismatch",
            "Title says Lab 1 but the page's folder and file name make it Lab 2",
        ),
        (
            "november/week_03/day2/session_3.md",
            1,
            "schedule/title-mismatch",
            "Title says Week 5 but the page's folder and file name make it Week 3",
        ),
        (
            "week1/day2/session_1.md",
            1,
            "schedule/title-mismatch",
            "Title says Day 3 Session 2 but the page's folder and file name make it Day 2 "
            "Session 1",
        ),
    ]
    assert findings[1].localized("ko").message == (
        "제목은 Week 5인데 폴더와 파일 이름으로는 Week 3입니다"
    )


PASTED = """## 🎤 결과 발표 (10분)

**팀별 발표** (2분×4팀):
- 구현한 기능 시연
- 배운 점 공유
"""
CHECKPOINT = """## ✅ 체크포인트 (5분)

- [ ] 컨테이너 실행
- [ ] 로그 확인
"""
LAB2 = """# Week 1 Day 3 Lab 2: 배포

## 🕘 실습 정보
**시간**: 15:00-15:50 (50분)

## 🔧 실습 단계 (35분)

{body}
## 🧹 정리
"""


def test_a_section_pasted_twice_is_one_duplicate_not_an_overrun() -> None:
    text = LAB2.format(body=f"{PASTED}\n---\n\n{PASTED}")
    findings = check_text(text, "week1/day3/lab_2.md")
    assert [(f.line, f.rule, f.message, f.hint) for f in findings] == [
        (
            16,
            "schedule/duplicate-section",
            "Section '결과 발표' repeats the section at line 8 word for word",
            "Delete the copy: its budgets are counted once, not twice",
        )
    ]
    assert findings[0].localized("ko").message == (
        "이 섹션('결과 발표')은 8행의 섹션을 글자 그대로 되풀이합니다"
    )


def test_a_pasted_run_of_sections_is_reported_once() -> None:
    block = f"{PASTED}\n{CHECKPOINT}\n"
    text = LAB2.format(body=block + block)
    findings = check_text(text, "week1/day3/lab_2.md")
    assert [(f.line, f.rule, f.message) for f in findings] == [
        (
            19,
            "schedule/duplicate-section",
            "Sections '결과 발표' to '체크포인트' repeat lines 8-17 word for word",
        )
    ]


def test_the_same_boilerplate_under_two_sections_is_not_a_copy() -> None:
    sub = PASTED.replace("## ", "### ")
    text = f"# Day\n\n## Lab 1 (25분)\n\n{sub}\n## Lab 2 (25분)\n\n{sub}"
    assert check_text(text, "week1/day3/README.md") == []


def test_an_excluded_page_is_left_out_but_still_gives_its_table() -> None:
    files = overview_course(OVERVIEW.replace("(20분)", "(30분)"))
    paths = set(files) - {"week1/day1/README.md"}
    assert course(files, paths=paths) == []
    files["week1/day1/lab_1.md"] = files["week1/day1/lab_1.md"].replace("10:10", "10:20")
    assert [(f.path, f.rule) for f in course(files, paths=paths)] == [
        ("week1/day1/lab_1.md", "schedule/range-duration"),
        ("week1/day1/lab_1.md", "schedule/session-table"),
    ]


def test_a_row_of_another_kind_that_only_mentions_a_page_is_not_its_slot() -> None:
    readme = DAY3.replace(
        "| 10:00-10:50 | 📚 이론 2 | Dockerfile (50분) |",
        "| 10:00-10:50 | 📚 이론 2 | [Lab 2 미리보기](./lab_2.md) |",
    )
    lab = page("Lab 2", "Lab 정보", "**시간**: 14:00-15:00 (60분)")
    files = {"week1/day3/README.md": readme, "week1/day3/lab_2.md": lab}
    assert course(files) == []  # in the practice row 14:00-15:00, by its time
    files["week1/day3/lab_2.md"] = lab.replace("14:00-15:00", "15:00-16:00")
    assert [f.message for f in course(files)] == [
        "Lab time 15:00-16:00 matches no row of the day table (week1/day3/README.md:3)"
    ]


def test_a_length_without_a_range_is_the_page_length() -> None:
    lab = "# Week 1 Day 3 Lab 1: 빌드\n\n## 실습 정보\n**시간**: 90분\n\n"
    lab += "## 실습 (60분)\n\n## 정리 (20분)\n"
    assert check_text(lab, "week1/day3/lab_1.md") == []
    findings = check_text(lab.replace("(20분)", "(40분)"), "week1/day3/lab_1.md")
    assert [f.message for f in findings] == [
        "Lab 'Week 1 Day 3 Lab 1: 빌드' is 1.5시간 (90분) long but its sections add up to 100분 "
        "(60+40)"
    ]


def test_an_overview_heading_for_two_sessions_describes_neither() -> None:
    readme = OVERVIEW.replace("### Session 1: 오리엔테이션 (20분)", "### Session 1-2: 시작 (70분)")
    assert course(overview_course(readme)) == []


def test_the_findings_use_every_schedule_entry_of_the_catalog() -> None:
    """Between them, the courses above make a finding with every schedule message and hint,
    and every finding names its sentences in the catalog."""
    from validators.messages import CATALOG

    findings = check_schedule(load(ROOT / "docs"))
    for name in COURSES:
        findings += check_schedule(load(FIXTURES / name))
    findings += check_text(TABLE.replace("10:00-10:50", "10:50-10:00"), "week1/day1/README.md")
    findings += check_text(ALLOCATION_DAY.replace("(12.5%)", "(15%)"), "week2/day3/README.md")
    findings += check_text("## 발표 (30분 - 8분×4팀)\n")
    wrong = page("Lab 2", "Lab 정보", "**시간**: 12:00-13:00 (60분)")
    findings += course({"week1/day3/README.md": DAY3, "week1/day3/lab_2.md": wrong})
    lab = page("Lab 1", "Lab 정보", "**시간**: 12:00-13:00 + 14:00-15:00 (100분)")
    findings += check_text(lab, "week1/day3/lab_1.md")
    files = {
        "week1/day3/README.md": DAY3,
        "week1/day3/lab_1.md": page("Lab 1", "Lab 정보", "- **시간**: 12:00-14:00 (120분)"),
    }
    findings += course(files)
    readme = OVERVIEW.replace("오리엔테이션 (20분)", "오리엔테이션 (30분)")
    findings += course(overview_course(readme))
    findings += course({"week1/day2/session_1.md": "# Week 1 Day 3 Session 2: 잘못\n"})
    block = f"{PASTED}\n{CHECKPOINT}\n"
    findings += check_text(LAB2.format(body=f"{PASTED}\n{PASTED}"), "week1/day3/lab_2.md")
    findings += check_text(LAB2.format(body=block + block), "week1/day3/lab_2.md")
    used = {f.key for f in findings} | {f.hint_key for f in findings}
    assert all(f.key and f.hint_key for f in findings)
    assert used == {key for key in CATALOG if key.startswith("schedule/")}
