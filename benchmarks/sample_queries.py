"""Queries for the course sample (/work/shared/course-sample/), with my ground truth.

Each query has the kind of the issue's table and the rule that makes a page relevant: every
regular expression of the list must match the page's Markdown (an answer is a page that
talks about the thing, in whatever form: a verb query's answers are the pages that use its
stem; a transliteration's, the pages that write the English name). Queries are what a
student types; none is copied from the lessons.
"""

from __future__ import annotations

import re
from pathlib import Path

QUERIES: list[tuple[str, str, list[str]]] = [
    # nouns (the lessons attach particles: 컨테이너를, 볼륨의 …)
    ("noun", "컨테이너", ["컨테이너"]),
    ("noun", "볼륨", ["볼륨"]),
    ("noun", "네트워크", ["네트워크"]),
    ("noun", "레이어", ["레이어"]),
    ("noun", "포트", ["포트"]),
    ("noun", "레지스트리", ["레지스트리"]),
    ("noun", "모니터링", ["모니터링"]),
    ("noun", "컨테이너를", ["컨테이너"]),
    ("noun", "로그", ["로그(?!램)"]),
    # compounds typed without a space
    ("compound", "이미지레이어", [r"이미지\s*레이어"]),
    ("compound", "컨테이너오케스트레이션", [r"컨테이너\s*오케스트레이션"]),
    ("compound", "포트매핑", [r"포트\s*매핑"]),
    ("compound", "환경변수", [r"환경\s*변수"]),
    ("compound", "볼륨마운트", [r"볼륨\s*마운트"]),
    ("compound", "멀티스테이지", [r"멀티\s*스테이지"]),
    ("compound", "헬스체크", [r"헬스\s*체크"]),
    ("compound", "롤링업데이트", [r"롤링\s*업데이트"]),
    ("compound", "Docker볼륨", [r"Docker\s*볼륨"]),
    # verb and adjective forms
    ("verb", "설치했습니다", ["설치"]),
    ("verb", "생성하기", ["생성"]),
    ("verb", "삭제하는", ["삭제"]),
    ("verb", "실행합니다", ["실행"]),
    ("verb", "배포하려면", ["배포"]),
    ("verb", "연결하는", ["연결"]),
    ("verb", "빌드하기", ["빌드"]),
    ("verb", "중지하는", ["중지"]),
    ("verb", "접속하려면", ["접속"]),
    # mixed Korean and English
    ("mixed", "Docker 네트워크", ["Docker", "네트워크"]),
    ("mixed", "kubectl 명령어", ["kubectl", "명령어"]),
    ("mixed", "Docker 볼륨", ["Docker", "볼륨"]),
    ("mixed", "nginx 설정", ["[Nn]ginx", "설정"]),
    ("mixed", "GitHub 저장소", ["GitHub", "저장소"]),
    ("mixed", "Docker Compose 파일", ["Docker", "[Cc]ompose", "파일"]),
    ("mixed", "Redis 캐시", ["[Rr]edis", "캐시"]),
    ("mixed", "Prometheus 메트릭", ["Prometheus", "메트릭"]),
    # transliterations: the lessons write the English name
    ("transliteration", "쿠버네티스", ["Kubernetes|쿠버네티스|[Kk]8s"]),
    ("transliteration", "도커", ["Docker|도커"]),
    ("transliteration", "파드", [r"\bPods?\b|파드"]),
    ("transliteration", "깃허브", ["GitHub|깃허브"]),
    ("transliteration", "엔진엑스", ["[Nn]ginx|엔진엑스"]),
    ("transliteration", "프로메테우스", ["Prometheus|프로메테우스"]),
    ("transliteration", "그라파나", ["Grafana|그라파나"]),
    ("transliteration", "젠킨스", ["Jenkins|젠킨스"]),
    ("transliteration", "레디스", ["[Rr]edis|레디스"]),
]


def page_url(path: str) -> str:
    """A docs-relative Markdown path → its page URL (MkDocs' directory URLs)."""
    stem = path.removesuffix(".md")
    name = stem.rsplit("/", 1)[-1]
    if name in ("README", "index"):
        return stem.removesuffix(name)
    return stem + "/"


def ground_truth(docs_dir: Path, pages: set[str]) -> dict[str, set[str]]:
    """Each query's relevant pages among `pages` (the URLs the site indexes)."""
    texts = {
        page_url(p.relative_to(docs_dir).as_posix()): p.read_text(
            encoding="utf-8", errors="replace"
        )
        for p in sorted(docs_dir.rglob("*.md"))
    }
    out = {}
    for _, query, patterns in QUERIES:
        rules = [re.compile(p) for p in patterns]
        out[query] = {
            url
            for url, text in texts.items()
            if url in pages and all(r.search(text) for r in rules)
        }
    return out
