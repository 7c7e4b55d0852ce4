"""Generated Korean lesson pages with a known answer for each search query.

`course(pages)` writes lessons the way the bootcamp writes them (an H1, an info block, a
schedule of headings with minutes, bullet lists, code blocks), built from word lists
below, never from real lesson text. Some concepts are planted on chosen pages, each time in
another form (a noun with its particle, a verb in another ending, a compound with a
space, an English name where students type the Korean one); `queries()` are the searches a
student types, each with the pages that answer it. Everything else is filler that shares
none of the planted words. Used by tests/test_search_quality.py and benchmarks/bench_search.py.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field


def has_final(word: str) -> bool:
    """Does the last syllable end in a consonant (받침)? Latin words: by their sound."""
    last = word[-1]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    return last.lower() in "bcdgklmnprt"


def particle(word: str, kind: str) -> str:
    pairs = {"topic": ("은", "는"), "subject": ("이", "가"), "object": ("을", "를"),
             "and": ("과", "와"), "with": ("으로", "로")}  # fmt: skip
    if kind in pairs:
        final, open_ = pairs[kind]
        return word + (final if has_final(word) else open_)
    return word + kind  # 의, 에, 에서, 도, 만, 까지


# Planted concepts: (query kind, what the query is, forms written in the answer pages)
NOUNS = [
    "컨테이너",
    "볼륨",
    "레지스트리",
    "로드밸런서",
    "네임스페이스",
    "인증서",
    "스토리지",
    "모니터링",
]
NOUN_PARTICLES = ["topic", "subject", "object", "의", "에서", "with", "도", "까지"]
COMPOUNDS = [("이미지", "레이어"), ("무중단", "배포"), ("롤링", "업데이트"), ("헬스", "체크"),
             ("부하", "분산"), ("접근", "제어"), ("자동", "확장"), ("서비스", "메시")]  # fmt: skip
VERBS = ["설치", "생성", "삭제", "실행", "설정", "연결", "조회", "복사"]
VERB_TEXT = [
    "{}합니다",
    "{}했습니다",
    "{}하는",
    "{}하려면",
    "{}한 뒤",
    "{}해 보세요",
    "{}된",
    "{}하기",
]
VERB_QUERY = [
    "{}했습니다",
    "{}하기",
    "{}하는",
    "{}합니다",
    "{}하려면",
    "{}해보세요",
    "{}된",
    "{}한",
]
MIXED = [("Docker", "네트워크"), ("kubectl", "명령어"), ("Nginx", "프록시"), ("Git", "브랜치"),
         ("YAML", "문법"), ("Redis", "캐시"), ("Terraform", "모듈"), ("AWS", "요금")]  # fmt: skip
TRANSLIT = [("쿠버네티스", "Kubernetes"), ("도커", "Docker"), ("파드", "Pod"), ("헬름", "Helm"),
            ("테라폼", "Terraform"), ("젠킨스", "Jenkins"), ("그라파나", "Grafana"),
            ("프로메테우스", "Prometheus")]  # fmt: skip

# Filler: words that share no syllable pair with the planted ones.
FILLER_NOUNS = ["학습", "목표", "토론", "사례", "질문", "정리", "과제", "발표", "피드백", "경험",
                "동료", "문서", "요약", "복습", "준비", "주제", "흐름", "원리", "장점", "단점",
                "협업", "습관", "기록", "평가", "시간", "기준", "방법", "결과", "역할", "관점"]  # fmt: skip  # noqa: E501
FILLER_VERBS = ["이해합니다", "정리합니다", "공유합니다", "비교합니다", "살펴봅니다", "떠올립니다",
                "기록합니다", "발표합니다", "질문합니다", "토론합니다"]  # fmt: skip
HEADINGS = ["🎯 학습 목표", "📖 핵심 개념", "💭 함께 생각해보기", "📝 정리", "🤝 페어 토론",
            "🔍 개념 살펴보기", "✅ 체크포인트", "📚 참고 자료"]  # fmt: skip
KINDS = ("noun", "compound", "verb", "mixed", "transliteration")


@dataclass
class Query:
    kind: str
    text: str
    relevant: set[str] = field(default_factory=set)


@dataclass
class Lesson:
    path: str  # docs-relative Markdown path
    title: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # heading, lines
    code: list[str] = field(default_factory=list)

    def url(self) -> str:
        base = self.path.removesuffix(".md")
        return base.removesuffix("README") if base.endswith("README") else base + "/"

    def markdown(self) -> str:
        out = [f"# {self.title}", "", "## 🕘 세션 정보", "**시간**: 09:00-09:50 (50분)",
               "**목표**: 오늘의 학습 목표 정리", "**방식**: 이론 설명 + 페어 토론", ""]  # fmt: skip  # noqa: E501
        for i, (heading, lines) in enumerate(self.sections):
            out += [f"## {heading}", ""] + [f"- {line}" for line in lines] + [""]
            if i == 1 and self.code:
                out += ["```bash", *self.code, "```", ""]
        return "\n".join(out)


def _filler(rng: random.Random) -> str:
    a, b = rng.sample(FILLER_NOUNS, 2)
    return f"{particle(a, rng.choice(['topic', 'object', '의']))} {b} 중심으로 {rng.choice(FILLER_VERBS)}"  # noqa: E501


def course(
    pages: int = 40, seed: int = 14, lines: int = 4, sections: int = 4
) -> tuple[list[Lesson], list[Query]]:
    """`pages` lessons (at least 40) of `sections` sections (at most 8) of `lines` filler
    lines, and the queries with their answers."""
    rng = random.Random(seed)
    lessons: list[Lesson] = []
    for n in range(pages):
        week, day, session = n // 20 + 1, n // 4 % 5 + 1, n % 4 + 1
        path = f"week{week}/day{day}/session_{session}.md"
        topic = " · ".join(rng.sample(FILLER_NOUNS, 2))
        lesson = Lesson(path, f"Week {week} Day {day} Session {session}: {topic}")
        for heading in rng.sample(HEADINGS, sections):
            lesson.sections.append((heading, [_filler(rng) for _ in range(lines)]))
        lessons.append(lesson)

    queries: list[Query] = []

    def plant(count: int) -> list[Lesson]:
        return rng.sample(lessons, count)

    def put(lesson: Lesson, sentence: str, where: str) -> None:
        if where == "title":
            lesson.title += f" ({sentence})"
        elif where == "heading":
            lesson.sections.append((sentence, [_filler(rng)]))
        else:
            rng.choice(lesson.sections)[1].append(sentence)

    places = ["text", "text", "heading", "title"]
    for i, noun in enumerate(NOUNS):
        q = Query("noun", noun)
        for j, lesson in enumerate(plant(3 + i % 4)):
            p = NOUN_PARTICLES[(i + j) % len(NOUN_PARTICLES)]
            put(
                lesson,
                f"{particle(noun, p)} 다루는 방법을 {rng.choice(FILLER_VERBS)}",
                places[j % 4],
            )
            q.relevant.add(lesson.url())
        queries.append(q)
    for i, (a, b) in enumerate(COMPOUNDS):
        q = Query("compound", a + b)
        for j, lesson in enumerate(plant(3 + i % 3)):
            words = f"{a} {b}" if j % 2 == 0 else f"{a}{b}"
            put(
                lesson,
                f"{particle(words, NOUN_PARTICLES[j % 8])} 예로 들어 {rng.choice(FILLER_VERBS)}",
                "text",
            )
            q.relevant.add(lesson.url())
        for lesson in plant(2):  # one half alone is not an answer
            put(lesson, f"{particle(a, 'topic')} 따로 {rng.choice(FILLER_VERBS)}", "text")
        queries.append(q)
    for i, verb in enumerate(VERBS):
        q = Query("verb", VERB_QUERY[i].format(verb))
        for j, lesson in enumerate(plant(3 + i % 3)):
            form = VERB_TEXT[(i + j + 1) % len(VERB_TEXT)].format(verb)
            put(lesson, f"{particle(rng.choice(FILLER_NOUNS), 'object')} {form}", places[j % 3])
            q.relevant.add(lesson.url())
        queries.append(q)
    for i, (english, korean) in enumerate(MIXED):
        q = Query("mixed", f"{english} {korean}")
        for j, lesson in enumerate(plant(3 + i % 3)):
            put(
                lesson,
                f"{english}의 {particle(korean, NOUN_PARTICLES[j % 8])} 확인하며 {rng.choice(FILLER_VERBS)}",  # noqa: E501
                places[j % 3],
            )
            q.relevant.add(lesson.url())
        for lesson in plant(3):  # the English word alone, many times: ranks nothing
            put(lesson, f"{english} {english}file {english}s 소개", "title")
            q.relevant.discard(lesson.url()) if korean not in lesson.markdown() else None
        queries.append(q)
    for i, (korean, english) in enumerate(TRANSLIT):
        q = Query("transliteration", korean)
        for j, lesson in enumerate(plant(3 + i % 3)):
            put(
                lesson,
                f"{particle(english, NOUN_PARTICLES[j % 8])} 중심으로 {rng.choice(FILLER_VERBS)}",
                places[j % 3],
            )
            if j == 0:
                lesson.code.append(f"{english.lower()} --version")
            q.relevant.add(lesson.url())
        queries.append(q)
    # the answers as the final pages read (a filler page may have got a planted word too)
    for q in queries:
        if q.kind == "mixed":
            english, korean = q.text.split(" ")
            q.relevant = {
                lesson.url() for lesson in lessons
                if korean in lesson.markdown() and f"{english}의" in lesson.markdown()
            }  # fmt: skip
        if q.kind == "transliteration":
            english = dict(TRANSLIT)[q.text]
            word = re.compile(rf"(?<![A-Za-z]){english}(?![A-Za-z])|{q.text}")
            q.relevant = {lesson.url() for lesson in lessons if word.search(lesson.markdown())}
    return lessons, queries


def write(docs, lessons: list[Lesson]) -> None:
    """The lessons as Markdown files under `docs` (a Path), with a home page."""
    (docs / "index.md").parent.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# 과정 안내\n\n주제별 학습 자료입니다.\n", encoding="utf-8")
    for lesson in lessons:
        path = docs / lesson.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(lesson.markdown(), encoding="utf-8")
