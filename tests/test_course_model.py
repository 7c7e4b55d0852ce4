"""The course model: kinds, folders, time slots, day order, short titles, pages left out."""

from __future__ import annotations

import re

import pytest

from validators.course_model import build_model, folder_title, short_title, title_units
from validators.kinds import DEFAULT_KINDS, Kind
from validators.page import parse_page

DAY_TABLE = """# Week 1 Day 1: 첫날

| 시간 | 구분 | 내용 |
|---|---|---|
| **09:00-09:50** | 📚 이론 1 | [세션 1](./session_1.md) |
| **10:00-10:50** | 📚 이론 2 | [세션 2](./session_2.md) |
| **11:00-11:50** | 📚 이론 3 | [세션 3](./session_3.md) |
| **12:00-13:00** | 🛠️ 실습 1 | [랩 1](./lab_1.md) |
| **13:00-14:00** | 🍽️ 점심 | 점심시간 |
| **14:00-15:00** | 🛠️ 실습 1 | [랩 1 계속](./lab_1.md) |
| **15:00-15:50** | 📚 이론 4 | [세션 4](session_4.md#시작) |
"""


def model_of(files: dict[str, str], others: tuple[str, ...] = (), **kwargs):
    pages = [parse_page(path, text) for path, text in files.items()]
    return build_model(pages, list(files) + list(others), **kwargs)


def test_kinds_weeks_days_and_numbers_from_any_folder_spelling() -> None:
    model = model_of(
        {
            "week_01/day1/session_2.md": "# Week 1 Day 1 Session 2: 둘째\n",
            "week3/day_02/lab_1.md": "# Week 3 Day 2 Lab 1: 랩\n",
            "november/week_02/day3/challenge_2.md": "# November Week 2 Day 3 Challenge 2: 도전\n",
            "2주차/1일차/handson_1.md": "# 핸즈온\n",
            "guide/VPC_CREATION_GUIDE.md": "# VPC 가이드\n",
            "week_01/day1/README.md": "# Week 1 Day 1: 첫날\n",
            "week_01/README.md": "# Week 1: 시작\n",
            "week_01/day1/lab_scripts/README.md": "# 스크립트\n",
        }
    )
    facts = {
        path: (info.kind, info.block, info.week, info.day, info.number)
        for path, info in model.pages.items()
    }
    assert facts == {
        "week_01/day1/session_2.md": ("session", "", 1, 1, 2),
        "week3/day_02/lab_1.md": ("lab", "", 3, 2, 1),
        "november/week_02/day3/challenge_2.md": ("challenge", "november", 2, 3, 2),
        "2주차/1일차/handson_1.md": ("handson", "", 2, 1, 1),
        "guide/VPC_CREATION_GUIDE.md": ("guide", "guide", None, None, None),
        "week_01/day1/README.md": ("day", "", 1, 1, None),
        "week_01/README.md": ("week", "", 1, None, None),
        "week_01/day1/lab_scripts/README.md": ("index", "", 1, 1, None),
    }


def test_slots_from_the_info_block_or_the_rows_that_link_to_the_page() -> None:
    model = model_of(
        {
            "w1/day1/README.md": DAY_TABLE,
            "w1/day1/session_1.md": "# S1\n\n## 🕘 세션 정보\n**시간**: 09:00-09:50 (50분)\n",
            "w1/day1/lab_1.md": "# L1\n\n## 🕘 Lab 정보\n- **시간**: 12:00-13:00 + 14:00-15:00\n",
            "w1/day1/session_4.md": "# S4\n",
        }
    )
    lab = model.pages["w1/day1/lab_1.md"]
    assert lab.info_slot is not None and lab.info_slot.spans == ((720, 780), (840, 900))
    assert lab.info_slot.line == 4
    assert lab.row_slot is not None and lab.row_slot.spans == ((720, 780), (840, 900))
    assert (lab.row_slot.path, lab.row_slot.line) == ("w1/day1/README.md", 8)
    session = model.pages["w1/day1/session_4.md"]
    assert session.info_slot is None and session.slot.spans == ((900, 950),)
    assert [row.line for row in model.rows_of("w1/day1/lab_1.md")] == [8, 10]


def test_a_day_runs_in_the_order_of_its_table() -> None:
    files = {
        "week_01/day1/README.md": DAY_TABLE,
        "week_01/day1/session_4.md": "# Week 1 Day 1 Session 4: 넷\n",
        "week_01/day1/session_1.md": "# Week 1 Day 1 Session 1: 하나\n",
        "week_01/day1/lab_1.md": "# Week 1 Day 1 Lab 1: 랩\n",
        "week_01/day1/session_3.md": "# Week 1 Day 1 Session 3: 셋\n",
        "week_01/day1/challenge_1.md": "# 챌린지\n",
        "week_01/day1/hints.md": "# 힌트\n",
        "week_01/day1/session_2.md": "# Week 1 Day 1 Session 2: 둘\n",
        "week_01/day1/lab_1_backup_20251031_012405.md": "# 백업\n",
        "week_01/day_01_intro.md": "# 소개\n",
    }
    model = model_of(files)
    assert model.days["week_01/day1"].pages == [
        "week_01/day1/README.md",
        "week_01/day1/session_1.md",
        "week_01/day1/session_2.md",
        "week_01/day1/session_3.md",
        "week_01/day1/lab_1.md",
        "week_01/day1/session_4.md",
        "week_01/day1/challenge_1.md",
        "week_01/day1/hints.md",
        "week_01/day_01_intro.md",  # a stray page of Day 1, beside the day folders
    ]
    assert model.excluded == {
        "week_01/day1/lab_1_backup_20251031_012405.md": "*_backup_*.md",
    }


def test_a_page_without_a_time_keeps_its_place_among_its_kind() -> None:
    timed = "# S\n\n## 🕘 세션 정보\n**시간**: {}\n"
    model = model_of(
        {
            "week1/day2/session_2.md": timed.format("10:00-10:50"),
            "week1/day2/session_5.md": timed.format("14:00-14:50"),
            "week1/day2/session_4.md": "# S4\n",
            "week1/day2/lab_1.md": timed.format("13:00-13:50"),
            "week1/day2/session_6.md": "# S6\n",
            "week1/day2/walkthrough.md": "# 풀이\n",
        }
    )
    assert sorted(model.pages, key=model.sort_key) == [
        "week1/day2/session_2.md",
        "week1/day2/lab_1.md",
        "week1/day2/session_4.md",  # before Session 5, the next timed session
        "week1/day2/session_5.md",
        "week1/day2/session_6.md",  # after Session 5
        "week1/day2/walkthrough.md",
    ]


def test_pages_left_out_by_exclude_globs_and_by_mkdocs() -> None:
    model = model_of(
        {
            "week_01/day2/README.md": "# Day 2\n",
            "week_01/day2/lab_1.md": "# Lab\n",
            "week_01/day2/SUMMARY.md": "# 요약\n",
            "week_01/day2/VERIFICATION_REPORT.md": "# 검증\n",
            "week_01/day2/challenge_2_backup.md": "# 백업\n",
            "docs2/README.md": "# 둘\n",
            "docs2/index.md": "# 하나\n",
            ".drafts/note.md": "# 초안\n",
            "week_01/.note.md": "# 메모\n",
        },
        others=("week_01/day2/index.html",),
    )
    assert model.dropped == {
        "week_01/day2/README.md": "week_01/day2/index.html",
        "docs2/README.md": "docs2/index.md",
        ".drafts/note.md": ".drafts/note.md",
        "week_01/.note.md": "week_01/.note.md",
    }
    assert sorted(model.excluded) == [
        "week_01/day2/SUMMARY.md",
        "week_01/day2/VERIFICATION_REPORT.md",
        "week_01/day2/challenge_2_backup.md",
    ]
    assert model.included() == {"week_01/day2/lab_1.md", "docs2/index.md"}
    from validators.run import left_out_findings

    assert [(f.path, f.rule) for f in left_out_findings(model)] == [
        ("docs2/README.md", "course/dropped-page"),
        ("week_01/.note.md", "course/hidden-page"),  # not `.drafts/`: a tool's folder
        ("week_01/day2/README.md", "course/dropped-page"),
    ]
    assert model.left_out("ko")[-1] == (
        "week_01/day2/challenge_2_backup.md",
        "제외 패턴 '*_backup.md'에 맞습니다 (extra.course.exclude)",
    )


def test_course_blocks_in_course_order() -> None:
    model = model_of({"index.md": "# 홈\n"})
    folders = ["guide", "december", "week_10", "november", "special_lecture", "week_2", "week_01"]
    assert sorted(folders, key=model.folder_key) == [
        "week_01",
        "week_2",
        "week_10",
        "november",
        "december",
        "guide",
        "special_lecture",
    ]
    assert [folder_title(f) for f in ("week_01", "day2", "special_lecture", "November")] == [
        "Week 1",
        "Day 2",
        "Special lecture",
        "November",
    ]


@pytest.mark.parametrize(
    ("h1", "short"),
    [
        ("Week 1 Day 2 Session 5: Docker 실습", "Session 5 · Docker 실습"),
        ("Week 1 Day 3 Lab 1: Dockerfile & 이미지 빌드", "Lab 1 · Dockerfile & 이미지 빌드"),
        ("November Week 1 Day 2 Session 1: 쿠버네티스", "Session 1 · 쿠버네티스"),
        ("Week 4 Day 1 Challenge 2 - 장애 복구", "Challenge 2 · 장애 복구"),
        ("Week 3 Day 3 Hands-on 1: 헬름", "Hands-on 1 · 헬름"),
        ("Week 1 Day 3: Docker 이미지 & 네트워킹", "Day 3 · Docker 이미지 & 네트워킹"),
        ("Week 2: Docker 심화", "Week 2 · Docker 심화"),
        ("1주차 2일차 실습 3: 볼륨", "실습 3 · 볼륨"),
        ("Week 5 Day 1 Lab 1", "Lab 1"),
        ("📅 Week 1 Day 3: 이미지", "Day 3 · 이미지"),
        ("Week 2, Day 4, Lab 1 - 배포", "Lab 1 · 배포"),
        ("도커 소개", "도커 소개"),
        ("Session 정보 정리", "Session 정보 정리"),
    ],
)
def test_short_titles_for_every_kind(h1: str, short: str) -> None:
    assert short_title(h1) == short


def test_title_units_and_kinds_a_course_names_itself() -> None:
    assert title_units("November Week 3 Day 2 Session 3: 세 번째") == {
        "week": 3,
        "day": 2,
        "session": 3,
    }
    workshop = Kind("workshop", ("ws_*.md",), ("Workshop", "워크숍"), "Workshop", "practice", True)
    kinds = (*DEFAULT_KINDS, workshop)
    assert short_title("Week 2 Day 1 워크숍 2: 팀 작업", kinds) == "워크숍 2 · 팀 작업"
    model = model_of({"w2/day1/ws_2.md": "# Week 2 Day 1 Workshop 2: 팀\n"}, kinds=kinds)
    info = model.pages["w2/day1/ws_2.md"]
    assert (info.kind, info.number, info.title_units) == (
        "workshop",
        2,
        {"week": 2, "day": 1, "workshop": 2},
    )


def test_kinds_and_exclude_settings_are_read_and_checked(tmp_path) -> None:
    from validators.settings import ConfigError, load_course, parse_settings

    where = tmp_path / "mkdocs.yml"
    settings = parse_settings(
        {
            "exclude": ["drafts/**", "*_old.md"],
            "kinds": [
                {"name": "workshop", "files": "ws_*.md", "words": ["워크숍"], "row": "practice"},
                {"name": "session", "files": ["session_*.md"], "words": ["세션"], "timed": True},
            ],
        },
        where,
    )
    assert settings.exclude == ["drafts/**", "*_old.md"]
    assert settings.kinds == [
        Kind("workshop", ("ws_*.md",), ("워크숍",), "워크숍", "practice", False),
        Kind("session", ("session_*.md",), ("세션",), "세션", "", True),
    ]
    problems = {
        "kinds must be a non-empty list": {"kinds": []},
        "kinds[0] must be a mapping with a name": {"kinds": [{"files": ["a.md"]}]},
        "kinds[0]: unknown field colour": {"kinds": [{"name": "x", "files": "x", "colour": 1}]},
        "kinds[0].files must name at least one file glob": {"kinds": [{"name": "x"}]},
        "exclude must be a list of globs": {"exclude": "*.bak"},
    }
    for message, raw in problems.items():
        with pytest.raises(ConfigError, match=re.escape(message)):
            parse_settings(raw, where)
    docs = tmp_path / "docs"
    docs.mkdir()
    where.write_text("theme:\n  name: material\n  language: ko\n", encoding="utf-8")
    assert load_course(where).language == "ko"
    where.write_text("theme:\n  name: material\n  language: en\n", encoding="utf-8")
    assert load_course(where).language == "en"


@pytest.mark.parametrize(
    ("heading", "line", "spans"),
    [
        ("## 🕘 세션 정보", "**시간**: 09:00-09:50 (50분)", ((540, 590),)),
        ("## Session 정보", "- **시간**: 09:00-09:50", ((540, 590),)),
        (
            "## 🕘 실습 정보",
            "**⏰ 시간**: 12:00-13:00 + 14:00-15:00 (120분)",
            ((720, 780), (840, 900)),
        ),
        ("### Lab 정보", "**시간:** 13:00-13:50", ((780, 830),)),
        ("## 🕘 Challenge 정보 (90분)", "* **시간** : 14:00-15:30", ((840, 930),)),
        ("## 🎬 Demo 정보", "- **시간**: 16:00-16:20 (20분)", ((960, 980),)),
        ("## 🕘 실습 세션 정보", "**시간**: 10:00-10:50", ((600, 650),)),
    ],
)
def test_info_blocks_as_authors_write_them(heading: str, line: str, spans: tuple) -> None:
    page = f"# Week 1 Day 1 Lab 1: 제목\n\n{heading}\n{line}\n**목표**: 익히기\n"
    info = model_of({"week1/day1/lab_1.md": page}).pages["week1/day1/lab_1.md"]
    assert info.info_slot is not None and info.info_slot.spans == spans
    assert (info.info_slot.line, info.info.goal) == (4, "익히기")


def test_headings_that_only_mention_information_are_not_info_blocks() -> None:
    page = "# 모니터링\n\n## 🎯 모니터링 접속 정보\n**시간**: 09:00-09:50\n"
    assert model_of({"week1/day1/lab_1.md": page}).pages["week1/day1/lab_1.md"].info is None


@pytest.mark.parametrize(
    ("name", "left_out"),
    [
        ("challenge_2_backup.md", True),
        ("lab_1_backup_20251031_012405.md", True),
        ("session_3-backup.md", True),
        ("SUMMARY.md", True),
        ("VERIFICATION_REPORT.md", True),
        ("LAB_STATUS.md", True),
        ("IMPLEMENTATION_COMPLETE.md", True),
        ("session_1.md", False),
        ("backup_strategy.md", False),  # a lesson about backups
        ("report_writing.md", False),
        ("summary.md", False),  # status notes are named in capitals
    ],
)
def test_default_exclusions_are_backups_and_status_notes(name: str, left_out: bool) -> None:
    model = model_of({f"week_02/day1/{name}": "# 페이지\n"})
    assert model.is_left_out(f"week_02/day1/{name}") is left_out


def test_month_blocks_across_the_new_year() -> None:
    pages = {f"{m}/week_01/day1/session_1.md": "# S\n" for m in ("january", "november", "december")}
    model = model_of(pages)
    assert sorted(["january", "december", "november"], key=model.folder_key) == [
        "november",
        "december",
        "january",
    ]
    spring = model_of({f"{m}/week_01/day1/session_1.md": "# S\n" for m in ("april", "march")})
    assert sorted(["april", "march"], key=spring.folder_key) == ["march", "april"]
