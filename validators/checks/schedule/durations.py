"""Durations as course authors write them, in Korean and English.

`(50분)`, `- 45분`, `1시간 30분`, `1.5시간`, `1시간 반`, `90 min`, `2h`, `1h30m`, products such as
`(7분×4팀)`, clock ranges such as `09:00-09:50`, and combinations inside one pair of
parentheses: `(2.5시간 - 50분×3세션)` states a total (150분) and a product (50분×3). A
parenthesis may also lead with a total word (`(총 2시간)`) or end with a note after a
separator (`(15분 - 현장 적용성 강화)`, `(50분, 휴식 포함)`), as long as the note states no
time itself.

A parenthesised number whose unit is neither a time unit nor a known counter (`(11뵔)`) is
reported as an unknown unit, with the time unit the author most likely meant.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from validators.checks.schedule.timetable import TIME_RANGE

_NUM = r"\d+(?:\.\d+)?"
_DIGIT = re.compile(r"\d")
_NUMBER_START = re.compile(r"(?<!\d)\d")
# Where a number may start: not inside another number, word or clock time.
_START = r"(?<![\d.:A-Za-z_])"
# One amount component per unit rank: hours, minutes, seconds.
_HOURS = re.compile(rf"{_START}({_NUM})\s*(?:시간|hours?|hrs?|h(?![A-Za-z]))(?![A-Za-z])(\s*반)?")
_MINUTES = re.compile(
    rf"{_START}({_NUM})\s*(?:분(?!기|의\s*\d)|minutes?(?![A-Za-z])|mins?(?![A-Za-z]))"
)
# `m` and `s` only count after a larger unit (`1h30m`, `2m30s`): alone they are ambiguous.
_MINUTES_AFTER = re.compile(rf"({_NUM})\s*(?:분(?!기|의\s*\d)|minutes?|mins?|m)(?![A-Za-z])")
_SECONDS = re.compile(rf"{_START}({_NUM})\s*(?:초(?!기|과)|seconds?|secs?)(?![A-Za-z])")
_SECONDS_AFTER = re.compile(rf"({_NUM})\s*(?:초(?!기|과)|seconds?|secs?|s)(?![A-Za-z])")
_TIMES = re.compile(r"\s*[×xX*✕]\s*(\d+)(?:\s*([가-힣A-Za-z]+))?")
_SEPARATOR = re.compile(r"\s*(?:[-–—,/=~:]|→)?\s*")
_PAREN = re.compile(r"\(([^()]*)\)")
_LEAD = re.compile(r"^\s*(?:[-–—:：]\s*)?")
_NUMBER_UNIT = re.compile(rf"^\s*({_NUM})\s*([^\W\d_]{{1,8}})\s*$")
_TOTAL_WORD = re.compile(r"^\s*(?:총합|총|전체|합계|total)\s*[:：]?\s*(?=\d)", re.IGNORECASE)
_NOTE_SEPARATOR = re.compile(r"\s*(?:[-–—:：,]|→)\s*")
_DECIMAL_HOURS = re.compile(r"(\d+)\.(\d+)\s*(?:시간|hours?|hrs?|h)(?![A-Za-z])", re.IGNORECASE)


@dataclass(frozen=True)
class Product:
    """`50분×3세션`: `each` minutes, `count` times; `noun` is what is counted."""

    each: float
    count: int
    noun: str = ""

    @property
    def minutes(self) -> float:
        return self.each * self.count


@dataclass(frozen=True)
class Duration:
    """A stated length of time: an amount, a product, a clock range, or several of them."""

    text: str
    amount: float | None = None  # an explicit length, in minutes
    product: Product | None = None
    span: tuple[int, int] | None = None  # a clock range, in minutes from midnight

    @property
    def minutes(self) -> float:
        """The length it budgets: the stated amount, else the product, else the range."""
        if self.amount is not None:
            return self.amount
        if self.product is not None:
            return self.product.minutes
        assert self.span is not None
        return self.span[1] - self.span[0]

    @property
    def span_minutes(self) -> int | None:
        return None if self.span is None else self.span[1] - self.span[0]


@dataclass(frozen=True)
class DurationMatch:
    """A duration found in a line; `start`/`end` are 0-based offsets into that line.

    `duration` is None for an unknown unit: then `unit` is what was written and
    `suggestion` the time unit most likely meant.
    """

    start: int
    end: int
    text: str
    duration: Duration | None
    parenthesised: bool
    unit: str = ""
    suggestion: str = ""

    @property
    def column(self) -> int:
        """1-based column of the match."""
        return self.start + 1

    @property
    def corrected(self) -> str:
        """The text with the suggested unit, e.g. `(11분)` for `(11뵔)`."""
        return self.text.replace(self.unit, self.suggestion) if self.unit else self.text


def parse_duration(text: str) -> Duration | None:
    """`text` as one duration (`(50분)`, `- 45분`, `09:00-09:50`, …), or None."""
    body = text[_LEAD.match(text).end() :].strip()
    paren = _PAREN.fullmatch(body)
    return _sequence(paren[1] if paren else body, body)


def find_durations(text: str) -> list[DurationMatch]:
    """Every duration in `text`, parenthesised ones as a whole, in order of position."""
    return list(_durations(text))


@lru_cache(maxsize=65536)
def _durations(text: str) -> tuple[DurationMatch, ...]:
    """`find_durations`, remembered: the checks read the same lines more than once."""
    if not _DIGIT.search(text):
        return ()  # every duration has a number
    matches: list[DurationMatch] = []
    taken = [False] * len(text)
    for paren in _PAREN.finditer(text):
        found = _paren_match(paren)
        if found is not None:
            matches.append(found)
            taken[paren.start() : paren.end()] = [True] * (paren.end() - paren.start())
    pos = 0
    for number in _NUMBER_START.finditer(text):  # every pattern starts a number there
        at = number.start()
        if at < pos or taken[at]:
            continue
        item = _item(text, at)
        if item is None or any(taken[at : item[1]]):
            continue
        duration, end = item
        matches.append(DurationMatch(at, end, text[at:end], duration, False))
        pos = end
    return tuple(sorted(matches, key=lambda match: match.start))


def format_minutes(minutes: float) -> str:
    """`150` → `150분`, `0.5` → `30초`."""
    if minutes != int(minutes) and minutes < 1:
        return f"{round(minutes * 60)}초"
    return f"{_number(minutes)}분"


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def rounding(text: str) -> float:
    """How far, in minutes, the amount in `text` may lie from an exact one it rounds:
    `2.3시간` is 138분 give or take 3분 (half its last digit); whole numbers round nothing."""
    found = _DECIMAL_HOURS.search(text)
    return 30 * 10 ** -len(found[2]) if found else 0.0


def _paren_match(paren: re.Match[str]) -> DurationMatch | None:
    duration = _sequence(paren[1], paren[0]) or _annotated(paren[1], paren[0])
    if duration is not None:
        return DurationMatch(paren.start(), paren.end(), paren[0], duration, True)
    unknown = _NUMBER_UNIT.match(paren[1])
    if unknown is None:
        return None
    suggestion = suggest_unit(unknown[2])
    if suggestion is None:
        return None
    return DurationMatch(paren.start(), paren.end(), paren[0], None, True, unknown[2], suggestion)


def _sequence(body: str, text: str) -> Duration | None:
    """`body` wholly made of one amount, product and/or range, with separators between."""
    amount: float | None = None
    product: Product | None = None
    span: tuple[int, int] | None = None
    pos = _SEPARATOR.match(body).end() if body[:1].isspace() else 0
    if pos >= len(body):
        return None
    while pos < len(body):
        item = _item(body, pos)
        if item is None:
            return None
        found, pos = item
        if found.span is not None:
            if span is not None:
                return None
            span = found.span
        elif found.product is not None:
            if product is not None:
                return None
            product = found.product
        else:
            if amount is not None:
                return None
            amount = found.amount
        pos = _SEPARATOR.match(body, pos).end()
    return Duration(text=text.strip(), amount=amount, product=product, span=span)


def _annotated(body: str, text: str) -> Duration | None:
    """`총 2시간`, `15분 - 현장 적용성 강화`: a duration with a total word before it or a
    note after it (a note stating no time of its own)."""
    lead = _TOTAL_WORD.match(body)
    core = body[lead.end() :] if lead else body
    if lead:
        found = _sequence(core, text)
        if found is not None:
            return found
    for separator in _NOTE_SEPARATOR.finditer(core):
        note = core[separator.end() :].strip()
        if separator.start() == 0 or not note or not any(ch.isalpha() for ch in note):
            continue
        found = _sequence(core[: separator.start()], text)
        if found is not None and not find_durations(note):
            return found
    return None


def _item(text: str, pos: int) -> tuple[Duration, int] | None:
    """A range, product or amount starting exactly at `pos`, and where it ends."""
    clock = TIME_RANGE.match(text, pos)
    if clock:
        h1, m1, h2, m2 = (int(group) for group in clock.groups())
        span = (h1 * 60 + m1, h2 * 60 + m2)
        return Duration(text=clock[0], span=span), clock.end()
    amount = _amount(text, pos)
    if amount is None:
        return None
    minutes, end = amount
    times = _TIMES.match(text, end)
    if times:
        product = Product(minutes, int(times[1]), times[2] or "")
        return Duration(text=text[pos : times.end()], product=product), times.end()
    return Duration(text=text[pos:end], amount=minutes), end


def _amount(text: str, pos: int) -> tuple[float, int] | None:
    """`1시간 30분`, `2.5시간`, `90 min`, `1h30m`: total minutes and the end offset."""
    total = 0.0
    end = pos
    found = False
    steps = ((_HOURS, _HOURS, 60.0), (_MINUTES, _MINUTES_AFTER, 1.0))
    steps += ((_SECONDS, _SECONDS_AFTER, 1 / 60),)
    for first, after, scale in steps:
        start = _space_after(text, end) if found else end
        match = (after if found else first).match(text, start)
        if match is None:
            continue
        total += float(match[1]) * scale
        if scale == 60.0 and match.lastindex == 2 and match[2]:  # `1시간 반`
            total += 30
        end = match.end()
        found = True
    return (total, end) if found else None


def _space_after(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


# --- unknown units -------------------------------------------------------------------------

# Counters and units that follow numbers and are not time: never reported.
_NOT_TIME = frozenset(
    "개 명 팀 페어 쌍 조 회 번 차 단계 가지 줄 장 권 점 배 벌 병 부 박 반 발 방 봉 본 보 층 천 "
    "책 채 척 칸 곳 건 대 위 등 세 살 년 월 일 주 주차 일차 교시 세션 시 강 과 편 문제 문항 "
    "개월 주일 시즌 시리즈 바이트 비트 코어 노드 포드 레이어 줄씩 원 달러 퍼센트 프로 "
    "mb gb kb tb b kib mib gib bytes byte px pt em rem vh vw x k m s ms ns us d w "
    "men mix max sets set steps pairs teams times nodes pods cores".split()
)
_INITIALS = "rRseEfaqQtTdwWczxvg"
_MEDIALS = "k o i O j p u P h hk ho hl y n nj np nl b m ml l".split()
_FINALS = ["", *"r R rt s sw sg e f fr fa fq ft fx fv fg a q qt t T d w c z x v g".split()]
_KOREAN_UNITS = ("분", "초", "시간")
_ENGLISH_UNITS = ("min", "mins", "minute", "minutes", "hour", "hours", "sec", "secs")


def suggest_unit(unit: str) -> str | None:
    """The time unit most likely meant by an unknown `unit`, or None if it is not a typo.

    Hangul: a unit with the same syllable count and first consonant as 분, 초 or 시간 and
    not a known counter (`뵔` → 분, but `번` is a counter). Latin: Korean typed with the
    IME in English mode (`qns` → 분), or one keystroke off an English unit (`mni` → min).
    """
    folded = unit.lower()
    if folded in _NOT_TIME or unit in _KOREAN_UNITS or folded in _ENGLISH_UNITS:
        return None
    if all(_is_hangul(ch) for ch in unit):
        return _suggest_korean(unit)
    if not unit.isascii():
        return None
    for korean in _KOREAN_UNITS:
        if unit == _keys(korean):
            return korean
    if len(unit) >= 3:
        for english in _ENGLISH_UNITS:
            if folded[0] == english[0] and _distance(folded, english) == 1:
                return english
    return None


def _suggest_korean(unit: str) -> str | None:
    best: tuple[int, str] | None = None
    for korean in _KOREAN_UNITS:
        if len(unit) != len(korean) or _initial(unit[0]) != _initial(korean[0]):
            continue
        distance = _distance(_keys(unit), _keys(korean))
        if len(korean) > 1 and distance > 2:  # `시간` needs a near miss, not any ㅅ word
            continue
        if best is None or distance < best[0]:
            best = (distance, korean)
    return best[1] if best else None


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _initial(ch: str) -> int:
    return (ord(ch) - 0xAC00) // 588


def _keys(word: str) -> str:
    """Keystrokes on the standard (두벌식) keyboard: `분` → `qns`."""
    keys = []
    for ch in unicodedata.normalize("NFC", word):
        if not _is_hangul(ch):
            keys.append(ch)
            continue
        index = ord(ch) - 0xAC00
        keys.append(_INITIALS[index // 588] + _MEDIALS[index % 588 // 28] + _FINALS[index % 28])
    return "".join(keys)


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (edits and adjacent swaps)."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]
