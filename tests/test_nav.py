"""The nav of a real-course-shaped site: course order, timetable order, short titles, and
no backups or status notes (built with MkDocs, read from the rendered HTML)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import build_course, write_course
from tests.test_site import nav_titles
from validators import Severity

DAY = """# Week 1 Day 1: 컨테이너 첫날

| 시간 | 구분 | 내용 |
|---|---|---|
| **09:00-09:50** | 📚 이론 1 | [세션 1](./session_1.md) |
| **10:00-10:50** | 📚 이론 2 | [세션 2](./session_2.md) |
| **11:00-11:50** | 📚 이론 3 | [세션 3](./session_3.md) |
| **12:00-12:50** | 🛠️ 실습 1 | [랩 1](./lab_1.md) |
| **12:50-14:00** | 🍽️ 점심 | 점심시간 |
| **14:00-14:50** | 📚 이론 4 | [세션 4](./session_4.md) |
| **15:00-16:00** | 🛠️ 챌린지 | [챌린지 1](./challenge_1.md) |
"""

COURSE = {
    "index.md": "# 과정 안내\n",
    "guide/README.md": "# 가이드 모음\n",
    "guide/setup.md": "# 개발 환경 준비\n",
    "december/week_01/day1/session_1.md": "# December Week 1 Day 1 Session 1: 12월 세션\n",
    "november/week_01/day2/session_1.md": "# November Week 1 Day 2 Session 1: 11월 세션\n",
    "week_10/day1/session_1.md": "# Week 10 Day 1 Session 1: 마지막 주\n",
    "week_02/day1/README.md": "# Week 2 Day 1: 둘째 주\n",
    "week_01/README.md": "# Week 1: 도커 기초\n",
    "week_01/day_01_orientation.md": "# 오리엔테이션 안내\n",
    "week_01/day1/README.md": DAY,
    "week_01/day1/session_4.md": "# Week 1 Day 1 Session 4: 오후 세션\n",
    "week_01/day1/session_3.md": "# Week 1 Day 1 Session 3: 셋째\n",
    "week_01/day1/session_2.md": "# Week 1 Day 1 Session 2: 둘째\n",
    "week_01/day1/session_1.md": "# Week 1 Day 1 Session 1: 첫째\n",
    "week_01/day1/lab_1.md": (
        "# Week 1 Day 1 Lab 1: 이미지 빌드\n\n## 🕘 실습 정보\n- **시간**: 12:00-12:50 (50분)\n"
    ),
    "week_01/day1/challenge_1.md": "# Week 1 Day 1 Challenge 1: 장애 대응\n",
    "week_01/day1/handson_1.md": "# Week 1 Day 1 Hands-on 1: 직접 해보기\n",
    "week_01/day1/hints.md": "# 챌린지 힌트\n",
    "week_01/day1/challenge_1_backup.md": "# Week 1 Day 1 Challenge 1: 옛 버전\n",
    "week_01/day1/lab_1_backup_20251031_012405.md": "# Week 1 Day 1 Lab 1: 옛 버전\n",
    "week_01/day1/SUMMARY.md": "# 작업 요약\n",
    "week_01/day1/VERIFICATION_REPORT.md": "# 검증 보고서\n",
    "week_01/day1/lab_scripts/README.md": "# 실습 스크립트\n",
}


def test_nav_in_course_and_timetable_order_with_short_titles(tmp_path: Path) -> None:
    config = write_course(tmp_path, COURSE)
    build_course(config, tmp_path / "site")
    titles = nav_titles((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    assert titles == [
        "과정 안내",
        "Week 1 · 도커 기초",
        "Day 1 · 컨테이너 첫날",
        "Session 1 · 첫째",
        "Session 2 · 둘째",
        "Session 3 · 셋째",
        "Lab 1 · 이미지 빌드",  # 12:00, between Session 3 (11:00) and Session 4 (14:00)
        "Session 4 · 오후 세션",
        "Challenge 1 · 장애 대응",
        "Hands-on 1 · 직접 해보기",
        "챌린지 힌트",
        "오리엔테이션 안내",  # week_01/day_01_….md joins Day 1
        "실습 스크립트",
        "Week 2",
        "Day 1 · 둘째 주",
        "Week 10",
        "Day 1",
        "Session 1 · 마지막 주",
        "November",
        "Week 1",
        "Day 2",
        "Session 1 · 11월 세션",
        "December",
        "Week 1",
        "Day 1",
        "Session 1 · 12월 세션",
        "가이드 모음",
        "개발 환경 준비",
        "코스 점검 결과",
    ]
    # Left out of the nav, still built and reachable by a link.
    site = tmp_path / "site"
    assert (site / "week_01/day1/challenge_1_backup/index.html").is_file()
    lab = (site / "week_01/day1/lab_1/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./session_3/" class="md-footer__link md-footer__link--prev"', lab)
    assert re.search(r'href="\.\./session_4/" class="md-footer__link md-footer__link--next"', lab)
    health = (site / "course-health/index.html").read_text(encoding="utf-8")
    for left_out in ("challenge_1_backup.md", "SUMMARY.md", "VERIFICATION_REPORT.md"):
        assert left_out in health
    # ... and out of the search, which finds the lessons
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "week_01/day1/lab_1/" in locations
    assert not {loc for loc in locations if "backup" in loc or "SUMMARY" in loc or "REPORT" in loc}


def test_a_readme_beside_an_index_html_is_reported(tmp_path: Path) -> None:
    files = {
        "index.md": "# 홈\n\n[둘째 날](week_02/day2/README.md)\n",
        "week_02/day2/README.md": "# Week 2 Day 2: 스토리지\n",
        "week_02/day2/session_1.md": "# Week 2 Day 2 Session 1: 볼륨\n",
        "week_02/day2/index.html": "<html><body>lab app</body></html>\n",
    }
    config = write_course(tmp_path, files)
    from validators import Options, check_course, load_course, read_pages

    course = load_course(config)
    pages, _ = read_pages(course.docs_dir)
    findings = check_course(course, pages, Options(only=["schedule", "links"]))
    dropped = [f for f in findings if f.rule == "course/dropped-page"]
    assert [(f.path, f.line, f.message, f.hint) for f in dropped] == [
        (
            "week_02/day2/README.md",
            1,
            "Page is left out of the site: MkDocs serves 'week_02/day2/index.html' at its URL "
            "instead, so the nav and every link to it reach that file",
            "Move or rename 'index.html' (e.g. into a subfolder), or rename this page",
        )
    ]
    korean = dropped[0].localized("ko")
    assert korean.message.startswith("이 페이지는 사이트에서 빠집니다")
    assert dropped[0].severity is Severity.ERROR


def test_a_readme_beside_an_index_md_is_a_warning(tmp_path: Path) -> None:
    from validators import Options, check_course, load_course, read_pages

    files = {"index.md": "# 사이트 홈\n", "README.md": "# GitHub에서 보는 안내\n"}
    course = load_course(write_course(tmp_path, files))
    pages, _ = read_pages(course.docs_dir)
    findings = check_course(course, pages, Options(only=["links"]))
    assert [(f.path, f.rule, f.severity, f.message, f.hint) for f in findings] == [
        (
            "README.md",
            "course/dropped-page",
            Severity.WARNING,
            "Page is left out of the site: MkDocs builds 'index.md' at its URL instead",
            "If this README is only for GitHub, nothing to do; otherwise merge it into 'index.md'",
        )
    ]


def test_left_out_pages_are_not_checked_but_unreadable_pages_are_reported(tmp_path: Path) -> None:
    from validators import Options, check_course, load_course, read_pages

    files = {
        "index.md": "# 홈\n\n[옛 실습](week_01/day1/lab_1_backup.md)\n",
        "week_01/day1/lab_1_backup.md": "# 옛 실습\n\n[없는 페이지](./nowhere.md)\n\n```bash\n",
        "week_01/day1/SUMMARY.md": "# 요약\n\n## 개념 (10분)\n### 하나 (20분)\n",
    }
    config = write_course(tmp_path, files)
    (tmp_path / "docs" / "week_01" / "day1" / "session_1.md").write_bytes(b"# \xff\n")
    course = load_course(config)
    pages, read_findings = read_pages(course.docs_dir)
    findings = check_course(course, pages, Options(only=["schedule", "links"]))
    # The link to the backup resolves; nothing inside the backup or the summary is checked.
    assert findings == []
    from tests.test_cli import run

    result = run("-f", str(config), "--only", "schedule,links", "--offline", cwd=tmp_path)
    assert result.stdout.splitlines()[:-1] == [
        "week_01/day1/session_1.md:1: error [page/encoding] 페이지가 올바른 UTF-8이 아닙니다: "
        "오프셋 2에 바이트 0xff이(가) 있습니다 (파일을 UTF-8로 저장하세요)",
    ]
    assert sorted(f.rule for f in read_findings) == ["page/encoding", "page/unterminated-fence"]
