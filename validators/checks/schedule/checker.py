"""Schedule checks: the times a course states must add up.

- budgets: a section's budgeted parts fit in its budget (headings and bold pseudo-headings
  such as `**🔍 개념 1: … (12분)**` form the tree; unbudgeted sections pass their parts up);
  a budget may carry a note or a total word (`(15분 - 현장 적용성 강화)`, `(총 2시간)`,
  `(2시간) - 환경 설정 중심`);
- a timed page's (session, lab, challenge, …) top-level budgets fit in its time;
- a range equals its stated duration (`14:00-14:50 (50분)`, day-table rows); ranges joined by
  `+` are summed (`12:00-13:00 + 14:00-15:00 (120분)`);
- a total equals its product (`(2.5시간 - 50분×3세션)`); a product smaller than its total
  that does not count sessions is a part of it (`(30분 - 7분×4팀)`, a row's `(5분×11명)`);
- a day table runs without gaps or overlaps;
- an allocation block (`📚 이론 강의: 2.5시간 (31.25%) - 50분×3세션`) agrees with itself and
  with the day table;
- a timed page's time agrees with the day-table rows that link to it (without one, a
  session agrees with the Nth theory row, any other page with some row of its kind, or a
  run of them and the breaks between), and does not lie in a row of another known kind
  (`schedule/wrong-row`: a session in the lunch or a practice row, unless its title or
  `**방식**` says it is practice and the row is a practice row; a row that links to the
  page, or whose kind the words do not tell, is never the wrong row);
- a day overview's entry for a page (`### Session 1: … (20분)`, `### [Lab 1](./lab_1.md)`
  with a `**시간**:` line under it) agrees with that page's time (`schedule/overview-mismatch`);
- an H1's week, day and number agree with the page's folders and file name
  (`schedule/title-mismatch`);
- a section pasted twice is reported once (`schedule/duplicate-section`) and counted once;
- a parenthesised number with an unknown unit (`(11뵔)`) names the unit meant.

What is not a part of its section (its time is not added to the section's):

- a preview of what comes next: a section named for a later slot and its preparation or
  preview (`다음 세션 준비`, `오후 Lab 준비`, `Next session preview`), and, on a timed page,
  a section whose budget is a clock range outside the page's own time (`(14:00-14:50)` in a
  09:00-09:50 session);
- a cost: a section whose name ends with a money word (`예상 비용 (1시간)`: the cost of an
  hour, not an hour of class; `비용`, `요금`, `가격`, `과금`, cost, price, pricing, billing).
  Its durations are not budgets at all, so nothing under it is checked either;
- parallel tracks: sibling sections for different levels (`초급자 (40분)`, `중급자 (40분)`,
  `고급자 (40분)`; `초보자 …` beside `숙련자 …`; at least two different levels) or named
  tracks (`트랙 A`, `Track B`; at least two) run at the same time: the group counts as its
  longest member;
- the second copy of a duplicated section.

Allocation blocks: an hour figure next to exact minutes (`2.3시간 (140분)`) is read as the
minutes when it rounds to them. Percentages are shares of one base: the items' total, or a
longer day of whole hours (or the day table's span) that more of the percentages agree on,
two at least (`31.25%` of an 8-hour day for 2.5시간, though the items add up to less).

Fenced code is ignored, except the allocation block. Every sentence is in
`validators/messages.py`.
"""

from __future__ import annotations

import math
import posixpath
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field

from validators.checks.schedule.durations import (
    Duration,
    DurationMatch,
    Product,
    find_durations,
    format_minutes,
    rounding,
)
from validators.checks.schedule.timetable import (
    ROW_NAMES,
    DayTable,
    ScheduleRow,
    clock,
    day_table,
    info_field,
    parse_ranges,
    row_kind,
)
from validators.course_model import CourseModel, PageInfo, Slot, build_model
from validators.findings import Finding, Severity
from validators.kinds import Kind, kind_of_word, words_of
from validators.page import Page, plain_text

OVER_BUDGET = "schedule/over-budget"
SESSION_LENGTH = "schedule/session-length"
RANGE_DURATION = "schedule/range-duration"
TOTAL_PRODUCT = "schedule/total-product"
TABLE_GAP = "schedule/table-gap"
TABLE_OVERLAP = "schedule/table-overlap"
ALLOCATION_PERCENT = "schedule/allocation-percent"
ALLOCATION_TABLE = "schedule/allocation-table"
SESSION_TABLE = "schedule/session-table"
WRONG_ROW = "schedule/wrong-row"
OVERVIEW_MISMATCH = "schedule/overview-mismatch"
TITLE_MISMATCH = "schedule/title-mismatch"
DUPLICATE_SECTION = "schedule/duplicate-section"
UNKNOWN_UNIT = "schedule/unknown-unit"

_EPS = 1e-6
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_DAY_MINUTES = 24 * 60
_PSEUDO_LEVEL = 7  # bold pseudo-headings sit below every real heading
_BUDGET_SEPARATOR = re.compile(r"[-–—:|·]\s*$")
_TRAILING_NOTE = re.compile(r"^\s*[-–—:|·]\s*(?P<note>\S.*?)\s*$")
_ADJACENT = re.compile(r"^[\s*_:,]*$")
_JOINED = re.compile(r"^[\s*_]*(?:\+|,|&|및)[\s*_]*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_ALLOCATION_LINE = re.compile(r"^\s*(?P<label>[^:：]*?[^\W\d_][^:：]*?)\s*[:：]\s*(?P<rest>\S.*)$")
_PERCENT = re.compile(r"\((\d+(?:\.(\d+))?)\s*%\)")
_ALLOCATION_LANGS = ("", "text", "txt", "plain", "plaintext")
_SESSION_NOUNS = ("세션", "교시", "강", "회", "session", "sessions", "lesson", "lessons")
_KNOWN_ROWS = frozenset(ROW_NAMES)
_OVERVIEW_LOOKAHEAD = 8  # lines under an overview heading searched for its `**시간**:` line
# Sections that are not parts of their parent (see the module docstring).
_NEXT = r"(?:다음|오후|내일|이후|\bnext\b(?!\.)|\bupcoming\b|\bafternoon\b|\btomorrow\b)"
_PREVIEW = re.compile(
    rf"{_NEXT}.*(?:준비|예고|미리\s*보기|preview|prep)|미리\s*보기|예고|\bpreview\b", re.IGNORECASE
)
_COST = re.compile(
    r"(?:비용|요금|가격|과금|\bcosts?|\bprices?|\bpricing|\bbilling)"
    r"(?:\s*(?:예상|계산|안내|정보|산정|estimate|estimation))?$",
    re.IGNORECASE,
)
_LEVELS = (
    (1, ("초급", "초보", "입문", "beginner", "novice")),
    (2, ("중급", "intermediate")),
    (3, ("고급", "숙련", "상급", "advanced", "expert")),
)
_TRACK = re.compile(r"트랙|\btrack\b", re.IGNORECASE)
_COPY_FILLER = frozenset(("", "---", "***", "___"))
_COPY_MIN_LINES = 3


def check_schedule(
    pages: Sequence[Page],
    session_minutes: int = 50,
    paths: Collection[str] | None = None,
    model: CourseModel | None = None,
) -> list[Finding]:
    """Every schedule finding for a course; `session_minutes` is the course's session length.

    With `paths`, only those pages are checked (the others still give their day tables and
    times). `model` is the course model (built from `pages` with the default kinds if None).
    """
    if model is None:
        model = build_model(pages)
    findings: set[Finding] = set()
    for page in pages:
        if paths is not None and page.path not in paths:
            continue
        info = model.pages.get(page.path) or build_model([page], kinds=model.kinds).pages[page.path]
        subject = _subject(info, model)
        copies = _copies(page)
        findings.update(_copy_findings(page, copies))
        findings.update(_check_lines(page))
        findings.update(_check_budgets(page, session_minutes, subject, copies))
        table = day_table(page)
        if table is not None:
            findings.update(_check_table(page, table))
        findings.update(_check_allocations(page, table))
        findings.update(_check_title(page, info, model))
        if subject is not None:
            findings.update(_check_slot(page, subject, model))
        findings.update(_check_overview(page, info, model))
    return sorted(findings)


# --- findings ------------------------------------------------------------------------------


def _finding(
    page: Page,
    line: int,
    rule: str,
    key: str | None = None,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
    **args: str | int | float,
) -> Finding:
    return Finding.of(page.path, line, rule, severity, key, hint or f"{key or rule}.hint", **args)


def _show(minutes: float) -> str:
    """`180` → `3시간 (180분)`, `50` → `50분`: as authors state budgets."""
    if minutes >= 60 and minutes % 30 == 0:
        hours = minutes / 60
        return f"{int(hours) if hours == int(hours) else hours}시간 ({format_minutes(minutes)})"
    return format_minutes(minutes)


def _parts(values: Sequence[float]) -> str:
    return "+".join(format_minutes(v).removesuffix("분") for v in values)


def _ranges(spans: Sequence[tuple[int, int]]) -> str:
    return " + ".join(f"{clock(start)}-{clock(end)}" for start, end in spans)


def _clean(text: str) -> str:
    """A section's name: no leading emoji or marks, no trailing separators."""
    text = text.replace("**", "").strip()
    start = 0
    while start < len(text) and unicodedata.category(text[start])[0] not in "LN":
        start += 1
    return text[start:].rstrip(" -–—:：|·").strip()


# --- what a page is: its kind, number and time ---------------------------------------------


@dataclass(frozen=True)
class _Subject:
    """A page with a time of its own: a timed kind's page, or any page with an info block.

    `kind` is None for a page whose info block names no timed kind (read as a session).
    """

    path: str
    kind: Kind | None
    number: int | None
    slot: Slot | None
    time_line: int
    is_session: bool
    minutes: float | None = None  # the length its info block states without a range
    practice: bool = False  # its title or 방식 says it is practice (`Compose 실습`)

    @property
    def label(self) -> str:
        return self.kind.label if self.kind and self.kind.label else "Session"

    @property
    def korean(self) -> str:
        """Its Korean word (`세션`, `실습`), or its label when the kind has none."""
        words = self.kind.words if self.kind else ("세션",)
        return next((w for w in words if _HANGUL.search(w)), self.label)

    def words(self) -> dict[str, str]:
        """The args that name it in messages: `Session`/`session` in English, the kind's
        Korean word (`세션`, `실습`) in Korean."""
        return {
            "kind": self.label,
            "noun": self.label.lower(),
            "kind_ko": self.korean,
            "noun_ko": self.korean,
        }


def _subject(info: PageInfo, model: CourseModel) -> _Subject | None:
    if info.kind in ("day", "week", "index"):
        return None
    kind = model.kind(info.kind)
    if kind is not None and not kind.timed:
        kind = None
    if kind is None and info.info is None:
        return None
    if kind is None and info.info is not None and info.info.word:
        named = kind_of_word(info.info.word, model.kinds)
        kind = named if named is not None and named.timed else None
    number = info.number if kind is not None and info.kind == kind.name else None
    if number is None and kind is not None:
        number = info.title_units.get(kind.name)
    stated = [
        m.duration.minutes
        for m in find_durations(info.info.time if info.info else "")
        if m.duration is not None and m.duration.span is None
    ]
    return _Subject(
        path=info.path,
        kind=kind,
        number=number,
        slot=info.info_slot,
        time_line=info.info.time_line if info.info else 0,
        is_session=kind is None or kind.name == "session",
        minutes=stated[0] if stated else None,
        practice=row_kind(f"{info.title or ''} {info.info.method if info.info else ''}")
        == "practice",
    )


# --- single lines: unknown units, totals vs products, ranges vs durations ------------------


def _prose_lines(page: Page) -> Iterator[tuple[int, str]]:
    """(1-based line, text with code spans blanked) for every line outside code blocks."""
    code: set[int] = set()
    for token in page.tokens:
        if token.type in ("fence", "code_block") and token.map:
            code.update(range(token.map[0], token.map[1]))
    for index, line in enumerate(page.lines):
        if index not in code:
            yield index + 1, _CODE_SPAN.sub(lambda m: " " * len(m[0]), line)


def _pure_span(duration: Duration | None) -> bool:
    return (
        duration is not None
        and duration.span is not None
        and duration.amount is None
        and duration.product is None
    )


def _check_lines(page: Page) -> Iterator[Finding]:
    for number, text in _prose_lines(page):
        matches = find_durations(text)
        for match in matches:
            if match.duration is None:
                yield _unknown_unit(page, number, match)
                continue
            yield from _check_duration(page, number, match.text, match.duration)
        yield from _check_stated_ranges(page, number, text, matches)


def _check_stated_ranges(
    page: Page, line: int, text: str, matches: list[DurationMatch]
) -> Iterator[Finding]:
    """`14:00-14:50 (50분)`, `12:00-13:00 + 14:00-15:00 (120분)`: ranges, then their length."""
    index = 0
    while index < len(matches):
        if not _pure_span(matches[index].duration):
            index += 1
            continue
        chain = [matches[index]]
        index += 1
        while (
            index < len(matches)
            and _pure_span(matches[index].duration)
            and _JOINED.match(text[chain[-1].end : matches[index].start])
        ):
            chain.append(matches[index])
            index += 1
        if index >= len(matches):
            break
        stated = matches[index]
        if (
            stated.parenthesised
            and stated.duration is not None
            and stated.duration.span is None
            and _ADJACENT.match(text[chain[-1].end : stated.start])
        ):
            spans = [m.duration.span for m in chain if m.duration and m.duration.span]
            yield from _range_vs(page, line, spans, stated.duration.minutes)
            index += 1


def _unknown_unit(page: Page, line: int, match: DurationMatch) -> Finding:
    return _finding(
        page,
        line,
        UNKNOWN_UNIT,
        text=match.text,
        unit=match.unit,
        corrected=match.corrected,
        suggestion=match.suggestion,
    )


def _check_duration(page: Page, line: int, text: str, duration: Duration) -> Iterator[Finding]:
    """A duration stating several things at once (total, product, range) must agree."""
    product = duration.product
    if duration.amount is not None and product is not None:
        if _product_contradicts(duration.amount, product.minutes, product.noun):
            yield _total_product(page, line, duration.amount, product, text=text)
    if duration.span is not None and (duration.amount is not None or product is not None):
        stated = duration.amount if duration.amount is not None else product.minutes
        yield from _range_vs(page, line, [duration.span], stated)


def _product_contradicts(total: float, product: float, noun: str) -> bool:
    """A product larger than its total is wrong; a smaller one may be a part (`7분×4팀`),
    unless it counts sessions, which make up the whole total."""
    if product > total + _EPS:
        return True
    return noun.lower() in _SESSION_NOUNS and abs(product - total) > _EPS


def _total_product(
    page: Page, line: int, total: float, product: Product, text: str = "", name: str = ""
) -> Finding:
    return _finding(
        page,
        line,
        TOTAL_PRODUCT,
        f"{TOTAL_PRODUCT}.allocation" if name else None,
        f"{TOTAL_PRODUCT}.hint",
        **({"name": name} if name else {"text": text}),
        total=_show(total),
        times=f"{format_minutes(product.each)}×{product.count}{product.noun}",
        product=format_minutes(product.minutes),
    )


def _range_vs(
    page: Page, line: int, spans: Sequence[tuple[int, int]], stated: float
) -> Iterator[Finding]:
    length = sum(end - start for start, end in spans)
    if abs(length - stated) <= _EPS:
        return
    args = {"length": format_minutes(length), "stated": format_minutes(stated)}
    if len(spans) == 1:
        yield _finding(page, line, RANGE_DURATION, range=_ranges(spans), **args)
    else:
        yield _finding(
            page,
            line,
            RANGE_DURATION,
            f"{RANGE_DURATION}.sum",
            f"{RANGE_DURATION}.hint",
            ranges=_ranges(spans),
            **args,
        )


# --- sections pasted twice -----------------------------------------------------------------


@dataclass(frozen=True)
class _Copy:
    """A section that repeats an earlier sibling word for word. Lines are 1-based; `end` is
    the line after the copy, `original_end` the line after the original's last text line."""

    name: str
    start: int
    end: int
    original: int
    original_end: int


def _copies(page: Page) -> list[_Copy]:
    """Sections that repeat an earlier section with the same parent, heading and content
    (at least a few lines, with a budget in them), outermost first."""
    headings = page.headings
    ends = []
    parents: list[int | None] = []
    for index, heading in enumerate(headings):
        after = (h.line for h in headings[index + 1 :] if h.level <= heading.level)
        ends.append(next(after, len(page.lines) + 1))
        parent = None
        for back in range(index - 1, -1, -1):
            if headings[back].level < heading.level:
                parent = back
                break
        parents.append(parent)
    seen: dict[tuple, tuple[int, int]] = {}
    copies: list[_Copy] = []
    for index, heading in enumerate(headings):
        if any(copy.start <= heading.line < copy.end for copy in copies):
            continue
        body = [line.rstrip() for line in page.lines[heading.line - 1 : ends[index] - 1]]
        while body and body[-1].strip() in _COPY_FILLER:
            body.pop()
        if sum(1 for line in body if line.strip()) < _COPY_MIN_LINES:
            continue
        key = (heading.level, parents[index], tuple(body))
        if key in seen:
            if not any(_has_budget(line) for line in body):
                continue  # only a pasted budget makes the time count twice
            original, original_end = seen[key]
            copies.append(
                _Copy(_budget(heading.text)[0], heading.line, ends[index], original, original_end)
            )
        else:
            seen[key] = (heading.line, heading.line + len(body))
    return copies


def _has_budget(line: str) -> bool:
    text = line.strip()
    if text.startswith("#"):
        return _budget(text.lstrip("#"))[1] is not None
    return _pseudo_heading(text) is not None


def _copy_findings(page: Page, copies: list[_Copy]) -> Iterator[Finding]:
    """One finding for each run of copies that follow each other."""
    runs: list[list[_Copy]] = []
    for copy in copies:
        if runs and _follows(page, runs[-1][-1], copy):
            runs[-1].append(copy)
        else:
            runs.append([copy])
    for run in runs:
        first, last = run[0], run[-1]
        if len(run) == 1:
            yield _finding(
                page, first.start, DUPLICATE_SECTION, name=first.name, original=first.original
            )
        else:
            yield _finding(
                page,
                first.start,
                DUPLICATE_SECTION,
                f"{DUPLICATE_SECTION}.run",
                f"{DUPLICATE_SECTION}.hint",
                name=first.name,
                last=last.name,
                start=first.original,
                end=last.original_end - 1,
            )


def _follows(page: Page, before: _Copy, copy: _Copy) -> bool:
    between = page.lines[before.end - 1 : copy.start - 1]
    return all(line.strip() in _COPY_FILLER for line in between)


# --- the budget tree -----------------------------------------------------------------------


@dataclass(eq=False)
class _Node:
    level: int
    line: int
    name: str
    match: DurationMatch | None = None
    children: list[_Node] = field(default_factory=list)
    part: bool = True  # counted as a part of its parent
    dropped: bool = False  # in a cost section or a copy: left out of the tree

    @property
    def budget(self) -> float | None:
        duration = self.match.duration if self.match else None
        return duration.minutes if duration else None

    @property
    def opaque(self) -> bool:
        """A budget in an unknown unit: neither counted nor looked into."""
        return self.match is not None and self.match.duration is None


def _budget(text: str) -> tuple[str, DurationMatch | None]:
    """A heading's name and its budget (`(50분)`, `- 45분`, `(2시간) - 환경 설정 중심`)."""
    text = text.strip().rstrip(":：").rstrip()
    matches = find_durations(text)
    if matches:
        last = matches[-1]
        if last.end == len(text):
            if last.parenthesised or _BUDGET_SEPARATOR.search(text[: last.start]):
                return _clean(text[: last.start]), last
        elif last.parenthesised:
            note = _TRAILING_NOTE.match(text[last.end :])
            if note and any(ch.isalpha() for ch in note["note"]):
                return _clean(text[: last.start]), last
    return _clean(text), None


def _pseudo_heading(line: str) -> tuple[str, DurationMatch] | None:
    """`**🔍 개념 1: … (12분)**` or `**🤝 페어 토론** (5분):` — a bold line with a budget."""
    text = line.strip()
    close = text.find("**", 2)
    if not text.startswith("**") or close < 0:
        return None
    bold, after = text[2:close], text[close + 2 :].strip().rstrip(":：").strip()
    if not after:
        name, match = _budget(bold)
        return (name, match) if match else None
    matches = find_durations(after)
    if len(matches) == 1 and matches[0].parenthesised and matches[0].text == after:
        return _clean(bold), matches[0]
    return None


def _tree(page: Page, slot: Slot | None, copies: Sequence[_Copy]) -> _Node:
    nodes = []
    for heading in page.headings:
        name, match = _budget(heading.text)
        nodes.append(_Node(heading.level, heading.line, name, match))
    for token in page.tokens:
        if token.type == "paragraph_open" and token.level == 0 and token.map:
            for index in range(token.map[0], token.map[1]):
                found = _pseudo_heading(page.lines[index])
                if found:
                    nodes.append(_Node(_PSEUDO_LEVEL, index + 1, *found))
    root = _Node(0, 1, page.title or page.path)
    stack = [root]
    for node in sorted(nodes, key=lambda n: n.line):
        while stack[-1].level >= node.level:
            stack.pop()
        node.dropped = (
            stack[-1].dropped
            or _COST.search(node.name) is not None
            or any(c.start <= node.line < c.end for c in copies)
        )
        if not node.dropped:
            node.part = not _preview(node, slot)
            stack[-1].children.append(node)
        stack.append(node)
    return root


def _preview(node: _Node, slot: Slot | None) -> bool:
    """A section about a later slot: `다음 세션 준비`, or a clock range outside the page's."""
    if _PREVIEW.search(node.name):
        return True
    duration = node.match.duration if node.match else None
    if slot is None or not _pure_span(duration):
        return False
    start, end = duration.span
    return not any(s <= start and end <= e for s, e in slot.spans)


def _level(name: str) -> int | None:
    lowered = name.lower()
    for rank, words in _LEVELS:
        if any(word in lowered for word in words):
            return rank
    return None


def _counted(node: _Node) -> list[_Node]:
    """The budgeted parts of `node` that count: its budgeted children and those of its
    unbudgeted ones, parallel tracks counting as their longest."""
    shares: list[tuple[_Node, list[_Node]]] = []
    for child in node.children:
        if not child.part or child.opaque:
            continue
        shares.append((child, [child] if child.budget is not None else _counted(child)))
    levels = {child: _level(child.name) for child, _ in shares}
    tracks = [child for child, _ in shares if _TRACK.search(child.name)]
    groups: list[set[_Node]] = []
    if len({rank for rank in levels.values() if rank is not None}) >= 2:
        groups.append({child for child, rank in levels.items() if rank is not None})
    if len(tracks) >= 2:
        groups.append(set(tracks))
    result: list[_Node] = []
    done: set[_Node] = set()
    for child, parts in shares:
        group = next((g for g in groups if child in g), None)
        if group is None:
            result.extend(parts)
            continue
        if child in done:
            continue
        done.update(group)
        members = [(c, p) for c, p in shares if c in group]
        result.extend(max(members, key=lambda m: sum(n.budget for n in m[1]))[1])
    return result


def _walk(node: _Node) -> Iterator[_Node]:
    for child in node.children:
        yield child
        yield from _walk(child)


def _check_budgets(
    page: Page, session_minutes: int, subject: _Subject | None, copies: Sequence[_Copy]
) -> Iterator[Finding]:
    root = _tree(page, subject.slot if subject else None, copies)
    for node in _walk(root):
        budget = node.budget
        if budget is None:
            continue
        parts = [part.budget for part in _counted(node)]
        if sum(parts) > budget + _EPS:
            yield _finding(
                page,
                node.line,
                OVER_BUDGET,
                name=node.name,
                budget=_show(budget),
                total=format_minutes(sum(parts)),
                parts=_parts(parts),
            )
    if subject is not None:
        yield from _check_length(page, root, subject, session_minutes)


def _check_length(
    page: Page, root: _Node, subject: _Subject, session_minutes: int
) -> Iterator[Finding]:
    if subject.slot is not None:
        length = subject.slot.minutes
    elif subject.minutes is not None:
        length = subject.minutes
    elif subject.is_session:
        length = session_minutes
    else:
        return
    parts = _counted(root)
    total = sum(part.budget for part in parts)
    if total <= length + _EPS:
        return
    running = 0.0
    for part in parts:
        running += part.budget
        if running > length + _EPS:
            break
    yield _finding(
        page,
        part.line,
        SESSION_LENGTH,
        name=root.name,
        length=_show(length),
        total=format_minutes(total),
        parts=_parts([p.budget for p in parts]),
        excess=format_minutes(total - length),
        kind=subject.label,
        kind_ko=subject.korean,
    )


# --- the day table -------------------------------------------------------------------------


def _row_name(row: ScheduleRow) -> str:
    return _clean(row.label) or f"{clock(row.start)}-{clock(row.end)}"


def _row_duration(row: ScheduleRow) -> float | None:
    """The one duration a row states in its content (`… (50분)`, `10분 휴식`), if any. A
    product smaller than the row (`(5분×11명)`) is a part of it, not its length."""
    for cell in (row.content, row.label):
        stated = [
            m
            for m in find_durations(cell)
            if m.duration and m.duration.span is None and not _part_of(m.duration, row.minutes)
        ]
        parenthesised = [m for m in stated if m.parenthesised]
        if len(parenthesised) == 1 or len(stated) == 1:
            return (parenthesised or stated)[0].duration.minutes
        if stated:
            return None  # several durations (`실습 (2시간) + 발표 (30분)`): no single claim
    return None


def _part_of(duration: Duration, minutes: float) -> bool:
    product = duration.product
    return (
        duration.amount is None
        and product is not None
        and product.minutes < minutes - _EPS
        and not _product_contradicts(minutes, product.minutes, product.noun)
    )


def _check_table(page: Page, table: DayTable) -> Iterator[Finding]:
    previous: ScheduleRow | None = None
    for row in table.rows:
        if row.end <= row.start:
            yield _finding(
                page,
                row.line,
                RANGE_DURATION,
                f"{RANGE_DURATION}.reversed",
                f"{RANGE_DURATION}.reversed.hint",
                range=f"{clock(row.start)}-{clock(row.end)}",
            )
            previous = None  # a typo: comparing its neighbours with it would only add noise
            continue
        stated = _row_duration(row)
        if stated is not None:
            yield from _range_vs(page, row.line, [(row.start, row.end)], stated)
        if previous is not None:
            yield from _check_sequence(page, previous, row)
        previous = row


def _check_sequence(page: Page, previous: ScheduleRow, row: ScheduleRow) -> Iterator[Finding]:
    args = {
        "name": _row_name(row),
        "previous": _row_name(previous),
        "start": clock(row.start),
        "end": clock(previous.end),
    }
    if row.start < previous.end:
        yield _finding(page, row.line, TABLE_OVERLAP, **args)
    elif row.start > previous.end:
        yield _finding(
            page,
            row.line,
            TABLE_GAP,
            severity=Severity.WARNING,
            gap=format_minutes(row.start - previous.end),
            **args,
        )


# --- the allocation block ------------------------------------------------------------------


@dataclass(frozen=True)
class _Allocation:
    line: int
    label: str
    minutes: float
    percent: str | None
    decimals: int
    matches: list[DurationMatch]


def _allocations(page: Page) -> Iterator[list[_Allocation]]:
    """Each allocation block: a plain fence of `label: amount (pct%) - …` lines."""
    for fence in page.fences:
        if fence.lang not in _ALLOCATION_LANGS:
            continue
        block = []
        for offset, text in enumerate(fence.content.splitlines()):
            found = _ALLOCATION_LINE.match(text)
            if not found:
                continue
            rest = found["rest"]
            matches = find_durations(rest)
            first = matches[0].duration if matches and matches[0].start == 0 else None
            if first is None or first.span is not None:
                continue
            minutes = first.minutes
            exact = _exact_minutes(rest, matches)
            if exact is not None:
                minutes, matches = exact, [matches[0], *matches[2:]]
            percent = _PERCENT.search(rest)
            block.append(
                _Allocation(
                    line=fence.content_line + offset,
                    label=found["label"],
                    minutes=minutes,
                    percent=percent[1] if percent else None,
                    decimals=len(percent[2] or "") if percent else 0,
                    matches=matches,
                )
            )
        if len(block) >= 2:
            yield block


def _exact_minutes(rest: str, matches: list[DurationMatch]) -> float | None:
    """`2.3시간 (140분)`: the exact minutes beside a rounded hour figure they round to."""
    if len(matches) < 2:
        return None
    first, second = matches[0], matches[1]
    exact = second.duration
    if (
        not second.parenthesised
        or exact is None
        or exact.amount is None
        or exact.product is not None
        or exact.span is not None
        or rest[first.end : second.start].strip()
    ):
        return None
    tolerance = rounding(first.text)
    if abs(first.duration.minutes - exact.amount) <= tolerance + _EPS:
        return exact.amount
    return None


def _check_allocations(page: Page, table: DayTable | None) -> Iterator[Finding]:
    for block in _allocations(page):
        total = sum(item.minutes for item in block)
        base = _percent_base(block, total, table)
        for item in block:
            name = _clean(item.label)
            for match in item.matches[1:]:
                product = match.duration.product if match.duration else None
                if product and _product_contradicts(item.minutes, product.minutes, product.noun):
                    yield _total_product(page, item.line, item.minutes, product, name=name)
            if item.percent is not None and total > 0:
                yield from _check_percent(page, item, name, total, base)
            if table is not None:
                yield from _check_against_table(page, item, name, table)


def _agrees(item: _Allocation, base: float) -> bool:
    share = 100 * item.minutes / base
    return abs(float(item.percent) - share) <= 0.5 * 10**-item.decimals + _EPS


def _percent_base(block: list[_Allocation], total: float, table: DayTable | None) -> float:
    """What the percentages are shares of: the items' total, or a day of whole hours (or
    the day table's span, with or without its lunch) no shorter than the total and no longer
    than the day table, if more of them (two at least) agree on it."""
    stated = [item for item in block if item.percent is not None and float(item.percent) > 0]
    if not stated or total <= 0:
        return total
    longest = _DAY_MINUTES
    if table is not None and table.rows:
        longest = max(row.end for row in table.rows) - min(row.start for row in table.rows)
    candidates = [hours * 60 for hours in range(math.ceil(total / 60), longest // 60 + 1)]
    if table is not None and table.rows:
        lunch = sum(row.minutes for row in table.rows if row.kind == "lunch")
        candidates += [longest, longest - lunch]
    best, votes = total, sum(1 for item in stated if _agrees(item, total))
    for candidate in candidates:
        if candidate < total - _EPS or candidate > longest + _EPS:
            continue
        count = sum(1 for other in stated if _agrees(other, candidate))
        if count >= 2 and count > votes:
            best, votes = candidate, count
    return best


def _check_percent(
    page: Page, item: _Allocation, name: str, total: float, base: float
) -> Iterator[Finding]:
    if _agrees(item, base):
        return
    exact = f"{100 * item.minutes / base:.2f}".rstrip("0").rstrip(".")
    args = {"name": name, "percent": item.percent, "minutes": _show(item.minutes), "exact": exact}
    if abs(base - total) <= _EPS:
        yield _finding(page, item.line, ALLOCATION_PERCENT, total=_show(total), **args)
    else:
        yield _finding(
            page,
            item.line,
            ALLOCATION_PERCENT,
            f"{ALLOCATION_PERCENT}.day",
            f"{ALLOCATION_PERCENT}.hint",
            base=_show(round(base, 2)),
            **args,
        )


def _check_against_table(
    page: Page, item: _Allocation, name: str, table: DayTable
) -> Iterator[Finding]:
    kind = row_kind(item.label)
    if kind not in ("theory", "practice", "care"):
        return
    rows = [row for row in table.rows if row.kind == kind]
    if not rows and any(row.kind == "other" for row in table.rows):
        return  # the table may name this kind in words we do not know
    minutes = sum(row.minutes for row in rows)
    if abs(minutes - item.minutes) > _EPS:
        yield _finding(
            page,
            item.line,
            ALLOCATION_TABLE,
            name=name,
            minutes=_show(item.minutes),
            kind=ROW_NAMES[kind],
            rows=format_minutes(minutes),
        )


# --- a page's time against its day table ---------------------------------------------------


def _within(span: tuple[int, int], row: ScheduleRow) -> bool:
    return row.start <= span[0] and span[1] <= row.end


def _fits(span: tuple[int, int], table: DayTable, wanted: str, path: str) -> bool:
    """`span` lies in one row of its kind (or of a kind we do not know, or one linking to
    the page), or runs from a row's start to a row's end over only such rows and breaks."""

    def fine(row: ScheduleRow) -> bool:
        return row.kind == wanted or row.kind not in _KNOWN_ROWS or path in row.links

    if any(_within(span, row) and fine(row) for row in table.rows):
        return True
    starts = {row.start for row in table.rows}
    ends = {row.end for row in table.rows}
    if span[0] not in starts or span[1] not in ends:
        return False
    overlapping = [row for row in table.rows if row.start < span[1] and span[0] < row.end]
    return any(fine(row) for row in overlapping) and all(
        fine(row) or row.kind == "break" for row in overlapping
    )


def _in_rows(span: tuple[int, int], own: list[ScheduleRow], table: DayTable, wanted: str) -> bool:
    """`span` runs from the start of one of the page's rows to the end of one (over rows of
    its kind and breaks), or lies in a row it shares with other pages (`[Lab 1], [Lab 2]`)."""
    starts, ends = {row.start for row in own}, {row.end for row in own}
    if span[0] in starts and span[1] in ends:
        overlapping = [row for row in table.rows if row.start < span[1] and span[0] < row.end]
        if all(row in own or row.kind in (wanted, "break") for row in overlapping):
            return True
    return any(_within(span, row) and len(set(row.links)) > 1 for row in own)


def _check_slot(page: Page, subject: _Subject, model: CourseModel) -> Iterator[Finding]:
    kind, slot = subject.kind, subject.slot
    wanted = kind.row if kind is not None else "theory"
    day = model.day_of(page.path)
    if slot is None or not wanted or day is None or day.table is None:
        return
    if day.overview in (None, page.path):
        return
    table, overview = day.table, day.overview
    words = subject.words()
    stated = _ranges(slot.spans)
    wrong = _wrong_row(page, subject, slot, table, wanted, overview)
    if wrong is not None:
        yield wrong
        return
    if _practice_in_practice(subject, slot, table, wanted):
        return
    # Its rows: those linking to it of its kind (or of a kind we do not know); else those
    # linking to it at its time. A row of another kind that only mentions it is no slot.
    linked = [row for row in table.rows if page.path in row.links]
    own = [row for row in linked if row.kind == wanted or row.kind not in _KNOWN_ROWS] or [
        row for row in linked if any(row.start < e and s < row.end for s, e in slot.spans)
    ]
    if own:
        spans = tuple((row.start, row.end) for row in own)
        if spans == slot.spans or all(_in_rows(span, own, table, wanted) for span in slot.spans):
            return
        if len(own) == 1:
            yield _mismatch(page, subject, stated, own[0], overview)
        else:
            yield _finding(
                page,
                subject.time_line,
                SESSION_TABLE,
                f"{SESSION_TABLE}.rows",
                f"{SESSION_TABLE}.hint",
                stated=stated,
                ranges=_ranges(spans),
                where=f"{overview}:{own[0].line}",
                day=overview,
                **words,
            )
        return
    rows = [row for row in table.rows if row.kind == wanted]
    inside = all(_fits(span, table, wanted, page.path) for span in slot.spans)
    number = subject.number
    if subject.is_session and number is not None and 0 < number <= len(rows):
        row = rows[number - 1]
        if slot.spans == ((row.start, row.end),):
            return
        if all(
            any(_within(span, r) and r.kind not in _KNOWN_ROWS for r in table.rows)
            for span in slot.spans
        ):
            return  # in a row of a kind we do not know: nothing to compare
        yield _mismatch(page, subject, stated, row, overview)
    elif not inside:
        yield _finding(
            page,
            subject.time_line,
            SESSION_TABLE,
            f"{SESSION_TABLE}.none",
            f"{SESSION_TABLE}.none.hint",
            stated=stated,
            where=f"{overview}:{table.line}",
            day=overview,
            **words,
        )


def _mismatch(
    page: Page, subject: _Subject, stated: str, row: ScheduleRow, overview: str
) -> Finding:
    return _finding(
        page,
        subject.time_line,
        SESSION_TABLE,
        stated=stated,
        row=_row_name(row),
        range=f"{clock(row.start)}-{clock(row.end)}",
        where=f"{overview}:{row.line}",
        day=overview,
        **subject.words(),
    )


def _practice_in_practice(subject: _Subject, slot: Slot, table: DayTable, wanted: str) -> bool:
    """A session that says it is practice (`Session 4: Compose 실습`, `**방식**: 페어 실습`)
    may run inside a practice row, as a lab would."""
    return (
        subject.practice
        and wanted != "practice"
        and all(
            any(_within(span, row) and row.kind == "practice" for row in table.rows)
            for span in slot.spans
        )
    )


def _wrong_row(
    page: Page, subject: _Subject, slot: Slot, table: DayTable, wanted: str, overview: str
) -> Finding | None:
    """The first span of the page's time that lies in a row of a known other kind, and in
    no row of its own kind nor one that links to the page."""
    for span in slot.spans:
        rows = [row for row in table.rows if _within(span, row)]
        if any(r.kind == wanted or r.kind not in _KNOWN_ROWS or page.path in r.links for r in rows):
            continue
        if _practice_in_practice(subject, slot, table, wanted):
            return None
        if rows:
            row = rows[0]
            return _finding(
                page,
                subject.time_line,
                WRONG_ROW,
                stated=_ranges(slot.spans),
                row=_row_name(row),
                range=f"{clock(row.start)}-{clock(row.end)}",
                row_kind=row.kind,
                wanted=wanted,
                row_kind_ko=ROW_NAMES[row.kind],
                wanted_ko=ROW_NAMES.get(wanted, wanted),
                where=f"{overview}:{row.line}",
                day=overview,
                **subject.words(),
            )
    return None


# --- a day overview against the pages it describes ------------------------------------------


def _check_overview(page: Page, info: PageInfo, model: CourseModel) -> Iterator[Finding]:
    day = model.days.get(info.day_dir) if info.day_dir is not None else None
    if day is None or day.overview != page.path:
        return
    folder = posixpath.dirname(page.path)
    number_of = _kind_number_pattern(model.kinds)
    tokens = page.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.map is None or token.tag == "h1":
            continue
        inline = tokens[index + 1]
        text = plain_text(inline)
        target = _described(inline, text, folder, day.folder, model, number_of)
        if target is None or target == page.path:
            continue
        slot = model.pages[target].info_slot
        stated = _overview_time(page, text, token.map[0] + 1)
        if slot is None or stated is None:
            continue
        line, spans, minutes = stated
        if spans:
            if tuple(spans) == slot.spans:
                continue
            said, actual = _ranges(spans), _ranges(slot.spans)
        elif minutes is not None:
            if abs(minutes - slot.minutes) <= _EPS:
                continue
            said = format_minutes(minutes)
            actual = f"{_ranges(slot.spans)} ({format_minutes(slot.minutes)})"
        else:
            continue
        yield _finding(
            page,
            line,
            OVERVIEW_MISMATCH,
            name=_budget(text)[0],
            stated=said,
            target=target,
            actual=actual,
            where=f"{target}:{slot.line}",
        )


def _kind_number_pattern(kinds: Sequence[Kind]) -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word in words_of(kinds))
    return re.compile(rf"^({words})\s*(\d+)\s*(?:[:：.)(]|[-–—](?!\s*\d)|$)", re.IGNORECASE)


def _described(
    inline, text: str, folder: str, day_dir: str, model: CourseModel, pattern: re.Pattern[str]
) -> str | None:
    """The page an overview heading (`### Session 4: …`, `### 🛠️ Lab 1: [Docker](./lab_1.md)`)
    describes: the page it links to, else the page of the day its kind word and number name.
    Headings that do not start with a kind word and a number describe no page."""
    found = pattern.match(_clean(text))
    if not found:
        return None
    for child in inline.children or []:
        if child.type != "link_open":
            continue
        href = str(child.attrs.get("href", "")).split("#", 1)[0]
        if not href or "://" in href or href.startswith(("/", "mailto:")):
            continue
        target = posixpath.normpath(posixpath.join(folder, href))
        if target in model.pages:
            return target
    kind = kind_of_word(found[1], model.kinds)
    if kind is None:
        return None
    number = int(found[2])
    return next(
        (
            path
            for path, other in sorted(model.pages.items())
            if other.day_dir == day_dir and other.kind == kind.name and other.number == number
        ),
        None,
    )


def _overview_time(
    page: Page, text: str, line: int
) -> tuple[int, list[tuple[int, int]], float | None] | None:
    """(line, ranges, minutes) an overview heading states for its page: its `**시간**:` line
    (just under it), else its own budget."""
    for index in range(line, min(line + _OVERVIEW_LOOKAHEAD, len(page.lines))):
        candidate = page.lines[index]
        if candidate.lstrip().startswith("#"):
            break
        field_ = info_field(candidate)
        if field_ and field_[0] == "시간":
            value = field_[1]
            amounts = [
                m.duration.minutes
                for m in find_durations(value)
                if m.duration is not None and m.duration.span is None
            ]
            return index + 1, parse_ranges(value), amounts[0] if amounts else None
    _, match = _budget(text)
    if match is None or match.duration is None:
        return None
    duration = match.duration
    spans = [duration.span] if _pure_span(duration) else []
    return line, spans, duration.minutes


# --- titles against folders ----------------------------------------------------------------


def _check_title(page: Page, info: PageInfo, model: CourseModel) -> Iterator[Finding]:
    units = info.title_units
    if not units:
        return
    kind = model.kind(info.kind)
    checks = [("week", "Week", info.week), ("day", "Day", info.day)]
    if kind is not None:
        checks.append((kind.name, kind.label or kind.name.title(), info.number))
    stated, actual = [], []
    for unit, label, value in checks:
        said = units.get(unit)
        if said is not None and value is not None and said != value:
            stated.append(f"{label} {said}")
            actual.append(f"{label} {value}")
    if stated:
        line = next((h.line for h in page.headings if h.level == 1), 1)
        yield _finding(page, line, TITLE_MISMATCH, stated=" ".join(stated), actual=" ".join(actual))
