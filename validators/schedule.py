"""Schedule checks: the times a course states must add up.

- budgets: a section's budgeted parts fit in its budget (headings and bold pseudo-headings
  such as `**🔍 개념 1: … (12분)**` form the tree; unbudgeted sections pass their parts up);
- a session page's top-level budgets fit in the session;
- a range equals its stated duration (`14:00-14:50 (50분)`, day-table rows);
- a total equals its product (`(2.5시간 - 50분×3세션)`);
- a day table runs without gaps or overlaps;
- an allocation block (`📚 이론 강의: 2.5시간 (31.25%) - 50분×3세션`) agrees with itself and
  with the day table;
- a session page's time agrees with its row in the day table of its folder's README.md;
- a parenthesised number with an unknown unit (`(11뵔)`) names the unit meant.

Fenced code is ignored, except the allocation block.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field

from validators.durations import Duration, DurationMatch, Product, find_durations, format_minutes
from validators.findings import Finding, Severity
from validators.page import Page
from validators.timetable import (
    DayTable,
    ScheduleRow,
    clock,
    day_table,
    parse_range,
    row_kind,
    session_info,
)

OVER_BUDGET = "schedule/over-budget"
SESSION_LENGTH = "schedule/session-length"
RANGE_DURATION = "schedule/range-duration"
TOTAL_PRODUCT = "schedule/total-product"
TABLE_GAP = "schedule/table-gap"
TABLE_OVERLAP = "schedule/table-overlap"
ALLOCATION_PERCENT = "schedule/allocation-percent"
ALLOCATION_TABLE = "schedule/allocation-table"
SESSION_TABLE = "schedule/session-table"
UNKNOWN_UNIT = "schedule/unknown-unit"

_EPS = 1e-6
_PSEUDO_LEVEL = 7  # bold pseudo-headings sit below every real heading
_SESSION_FILE = re.compile(r"session[_-]?(\d+)\.md", re.IGNORECASE)
_SESSION_TITLE = re.compile(r"(?:session|세션)\s*(\d+)", re.IGNORECASE)
_DAY_FILES = ("README.md", "readme.md", "index.md")
_BUDGET_SEPARATOR = re.compile(r"[-–—:|·]\s*$")
_ADJACENT = re.compile(r"^[\s*_:,]*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_ALLOCATION_LINE = re.compile(r"^\s*(?P<label>[^:：]*?[^\W\d_][^:：]*?)\s*[:：]\s*(?P<rest>\S.*)$")
_PERCENT = re.compile(r"\((\d+(?:\.(\d+))?)\s*%\)")
_ALLOCATION_LANGS = ("", "text", "txt", "plain", "plaintext")
_SESSION_NOUNS = ("세션", "교시", "강", "회", "session", "sessions", "lesson", "lessons")
_KIND_NAMES = {"theory": "이론", "practice": "실습", "care": "케어"}


def check_schedule(
    pages: Sequence[Page], session_minutes: int = 50, paths: Collection[str] | None = None
) -> list[Finding]:
    """Every schedule finding for a course; `session_minutes` is the course's session length.

    With `paths`, only those pages are checked (the others still give their day tables).
    """
    days: dict[str, tuple[Page, DayTable]] = {}
    for page in pages:
        table = day_table(page)
        if table is not None and posixpath.basename(page.path) in _DAY_FILES:
            days.setdefault(posixpath.dirname(page.path), (page, table))
    findings: set[Finding] = set()
    for page in pages:
        if paths is not None and page.path not in paths:
            continue
        findings.update(_check_lines(page))
        findings.update(_check_budgets(page, session_minutes))
        table = day_table(page)
        if table is not None:
            findings.update(_check_table(page, table))
        findings.update(_check_allocations(page, table))
        day = days.get(posixpath.dirname(page.path))
        if day is not None and day[0] is not page:
            findings.update(_check_session_row(page, *day))
    return sorted(findings)


# --- findings ------------------------------------------------------------------------------


def _finding(
    page: Page, line: int, rule: str, message: str, hint: str, severity: Severity = Severity.ERROR
) -> Finding:
    return Finding(page.path, line, rule, severity, message, hint)


def _show(minutes: float) -> str:
    """`180` → `3시간 (180분)`, `50` → `50분`: as authors state budgets."""
    if minutes >= 60 and minutes % 30 == 0:
        hours = minutes / 60
        return f"{int(hours) if hours == int(hours) else hours}시간 ({format_minutes(minutes)})"
    return format_minutes(minutes)


def _parts(values: Sequence[float]) -> str:
    return "+".join(format_minutes(v).removesuffix("분") for v in values)


def _clean(text: str) -> str:
    """A section's name: no leading emoji or marks, no trailing separators."""
    text = text.replace("**", "").strip()
    start = 0
    while start < len(text) and unicodedata.category(text[start])[0] not in "LN":
        start += 1
    return text[start:].rstrip(" -–—:：|·").strip()


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


def _check_lines(page: Page) -> Iterator[Finding]:
    for number, text in _prose_lines(page):
        matches = find_durations(text)
        for match in matches:
            if match.duration is None:
                yield _unknown_unit(page, number, match)
                continue
            yield from _check_duration(page, number, match.text, match.duration)
        for first, second in zip(matches, matches[1:], strict=False):
            stated = second.duration
            if (
                first.duration is not None
                and first.duration.span is not None
                and second.parenthesised
                and stated is not None
                and stated.span is None
                and _ADJACENT.match(text[first.end : second.start])
            ):
                yield from _range_vs(page, number, first.duration.span, stated.minutes)


def _unknown_unit(page: Page, line: int, match: DurationMatch) -> Finding:
    return _finding(
        page,
        line,
        UNKNOWN_UNIT,
        f"Duration '{match.text}' has an unknown unit '{match.unit}'",
        f"Write '{match.corrected}' if {match.suggestion} was meant",
    )


def _check_duration(page: Page, line: int, text: str, duration: Duration) -> Iterator[Finding]:
    """A duration stating several things at once (total, product, range) must agree."""
    product = duration.product
    if duration.amount is not None and product is not None:
        if _product_contradicts(duration.amount, product.minutes, product.noun):
            yield _total_product(page, line, f"Duration '{text}'", duration.amount, product)
    if duration.span is not None and (duration.amount is not None or product is not None):
        stated = duration.amount if duration.amount is not None else product.minutes
        yield from _range_vs(page, line, duration.span, stated)


def _product_contradicts(total: float, product: float, noun: str) -> bool:
    """A product larger than its total is wrong; a smaller one may be a part (`7분×4팀`),
    unless it counts sessions, which make up the whole total."""
    if product > total + _EPS:
        return True
    return noun.lower() in _SESSION_NOUNS and abs(product - total) > _EPS


def _total_product(page: Page, line: int, subject: str, total: float, product: Product) -> Finding:
    times = f"{format_minutes(product.each)}×{product.count}{product.noun}"
    return _finding(
        page,
        line,
        TOTAL_PRODUCT,
        f"{subject} totals {_show(total)} but {times} makes {format_minutes(product.minutes)}",
        "Make the total and its product agree",
    )


def _range_vs(page: Page, line: int, span: tuple[int, int], stated: float) -> Iterator[Finding]:
    length = span[1] - span[0]
    if abs(length - stated) > _EPS:
        text = f"{clock(span[0])}-{clock(span[1])}"
        yield _finding(
            page,
            line,
            RANGE_DURATION,
            f"Range {text} spans {format_minutes(length)} but the stated duration is "
            f"{format_minutes(stated)}",
            "Make the range and the duration agree",
        )


# --- the budget tree -----------------------------------------------------------------------


@dataclass
class _Node:
    level: int
    line: int
    name: str
    match: DurationMatch | None = None
    children: list[_Node] = field(default_factory=list)

    @property
    def budget(self) -> float | None:
        duration = self.match.duration if self.match else None
        return duration.minutes if duration else None

    @property
    def opaque(self) -> bool:
        """A budget in an unknown unit: neither counted nor looked into."""
        return self.match is not None and self.match.duration is None


def _budget(text: str) -> tuple[str, DurationMatch | None]:
    """A heading's name and its trailing budget (`(50분)`, `- 45분`), if it has one."""
    text = text.strip().rstrip(":：").rstrip()
    matches = find_durations(text)
    if matches and matches[-1].end == len(text):
        last = matches[-1]
        if last.parenthesised or _BUDGET_SEPARATOR.search(text[: last.start]):
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


def _tree(page: Page) -> _Node:
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
        stack[-1].children.append(node)
        stack.append(node)
    return root


def _frontier(node: _Node) -> Iterator[_Node]:
    """The budgeted parts of `node`: its budgeted children, and those of unbudgeted ones."""
    for child in node.children:
        if child.budget is not None:
            yield child
        elif not child.opaque:
            yield from _frontier(child)


def _walk(node: _Node) -> Iterator[_Node]:
    for child in node.children:
        yield child
        yield from _walk(child)


def _check_budgets(page: Page, session_minutes: int) -> Iterator[Finding]:
    root = _tree(page)
    for node in _walk(root):
        budget = node.budget
        if budget is None:
            continue
        parts = [part.budget for part in _frontier(node)]
        if sum(parts) > budget + _EPS:
            yield _finding(
                page,
                node.line,
                OVER_BUDGET,
                f"Section '{node.name}' budgets {_show(budget)} but its parts add up to "
                f"{format_minutes(sum(parts))} ({_parts(parts)})",
                f"Make the parts add up to at most {_show(budget)}, or raise the section's budget",
            )
    if _is_session(page):
        yield from _check_session_length(page, root, session_minutes)


def _is_session(page: Page) -> bool:
    name = posixpath.basename(page.path)
    if _SESSION_FILE.fullmatch(name):
        return True
    return name not in _DAY_FILES and session_info(page) is not None


def _session_span(page: Page) -> tuple[int, int] | None:
    info = session_info(page)
    span = parse_range(info.time) if info else None
    return span if span and span[1] > span[0] else None


def _check_session_length(page: Page, root: _Node, session_minutes: int) -> Iterator[Finding]:
    span = _session_span(page)
    length = span[1] - span[0] if span else session_minutes
    parts = list(_frontier(root))
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
        f"Session '{root.name}' is {_show(length)} long but its sections add up to "
        f"{format_minutes(total)} ({_parts([p.budget for p in parts])})",
        f"Cut {format_minutes(total - length)} from the sections (from this one on they run "
        f"past {_show(length)}), or split the session",
    )


# --- the day table -------------------------------------------------------------------------


def _row_name(row: ScheduleRow) -> str:
    return _clean(row.label) or f"{clock(row.start)}-{clock(row.end)}"


def _row_duration(row: ScheduleRow) -> float | None:
    """The one duration a row states in its content (`… (50분)`, `10분 휴식`), if any."""
    for cell in (row.content, row.label):
        stated = [m for m in find_durations(cell) if m.duration and m.duration.span is None]
        parenthesised = [m for m in stated if m.parenthesised]
        if len(parenthesised) == 1 or len(stated) == 1:
            return (parenthesised or stated)[0].duration.minutes
        if stated:
            return None  # several durations (`실습 (2시간) + 발표 (30분)`): no single claim
    return None


def _check_table(page: Page, table: DayTable) -> Iterator[Finding]:
    previous: ScheduleRow | None = None
    for row in table.rows:
        if row.end <= row.start:
            yield _finding(
                page,
                row.line,
                RANGE_DURATION,
                f"Range {clock(row.start)}-{clock(row.end)} ends before it starts",
                "Write the start time first",
            )
            previous = None  # a typo: comparing its neighbours with it would only add noise
            continue
        stated = _row_duration(row)
        if stated is not None:
            yield from _range_vs(page, row.line, (row.start, row.end), stated)
        if previous is not None:
            yield from _check_sequence(page, previous, row)
        previous = row


def _check_sequence(page: Page, previous: ScheduleRow, row: ScheduleRow) -> Iterator[Finding]:
    name, before = _row_name(row), _row_name(previous)
    if row.start < previous.end:
        yield _finding(
            page,
            row.line,
            TABLE_OVERLAP,
            f"Row '{name}' starts at {clock(row.start)} but the previous row '{before}' ends "
            f"at {clock(previous.end)}",
            f"Start the row at {clock(previous.end)}, or end the previous row by "
            f"{clock(row.start)}",
        )
    elif row.start > previous.end:
        yield _finding(
            page,
            row.line,
            TABLE_GAP,
            f"Row '{name}' starts at {clock(row.start)} but the previous row '{before}' ends "
            f"at {clock(previous.end)}, leaving {format_minutes(row.start - previous.end)} "
            "unscheduled",
            f"Add a row for {clock(previous.end)}-{clock(row.start)} (a break?), or start the "
            f"row at {clock(previous.end)}",
            Severity.WARNING,
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
            percent = _PERCENT.search(rest)
            block.append(
                _Allocation(
                    line=fence.content_line + offset,
                    label=found["label"],
                    minutes=first.minutes,
                    percent=percent[1] if percent else None,
                    decimals=len(percent[2] or "") if percent else 0,
                    matches=matches,
                )
            )
        if len(block) >= 2:
            yield block


def _check_allocations(page: Page, table: DayTable | None) -> Iterator[Finding]:
    for block in _allocations(page):
        total = sum(item.minutes for item in block)
        for item in block:
            name = f"Allocation '{_clean(item.label)}'"
            for match in item.matches[1:]:
                product = match.duration.product if match.duration else None
                if product and _product_contradicts(item.minutes, product.minutes, product.noun):
                    yield _total_product(page, item.line, name, item.minutes, product)
            if item.percent is not None and total > 0:
                yield from _check_percent(page, item, name, total)
            if table is not None:
                yield from _check_against_table(page, item, name, table)


def _check_percent(page: Page, item: _Allocation, name: str, total: float) -> Iterator[Finding]:
    share = 100 * item.minutes / total
    if abs(float(item.percent) - share) > 0.5 * 10**-item.decimals + _EPS:
        exact = f"{share:.2f}".rstrip("0").rstrip(".")
        yield _finding(
            page,
            item.line,
            ALLOCATION_PERCENT,
            f"{name} states {item.percent}% but {_show(item.minutes)} is {exact}% of the "
            f"{_show(total)} total",
            f"Write {exact}%",
        )


def _check_against_table(
    page: Page, item: _Allocation, name: str, table: DayTable
) -> Iterator[Finding]:
    kind = row_kind(item.label)
    if kind not in _KIND_NAMES:
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
            f"{name} states {_show(item.minutes)} but the day table's {_KIND_NAMES[kind]} rows "
            f"add up to {format_minutes(minutes)}",
            "Make the allocation match the day table (and recompute the percentages), "
            "or fix the table",
        )


# --- a session page against its day table --------------------------------------------------


def _session_number(page: Page) -> int | None:
    found = _SESSION_FILE.fullmatch(posixpath.basename(page.path))
    if found:
        return int(found[1])
    titles = _SESSION_TITLE.findall(page.title or "")
    return int(titles[-1]) if titles else None


def _check_session_row(page: Page, day: Page, table: DayTable) -> Iterator[Finding]:
    info = session_info(page)
    span = _session_span(page)
    if info is None or span is None or not _is_session(page):
        return
    start, end = span
    stated = f"{clock(start)}-{clock(end)}"
    theory = [row for row in table.rows if row.kind == "theory"]
    number = _session_number(page)
    within = [row for row in table.rows if row.start <= start and end <= row.end]
    if number is not None and 0 < number <= len(theory):
        row = theory[number - 1]
        if (row.start, row.end) == span or any(r.kind != "theory" for r in within):
            return
        yield _finding(
            page,
            info.time_line,
            SESSION_TABLE,
            f"Session time {stated} does not match the day table's '{_row_name(row)}' row "
            f"{clock(row.start)}-{clock(row.end)} ({day.path}:{row.line})",
            f"Make the session's 시간 match its row in {day.path}, or fix that row",
        )
    elif not within:
        yield _finding(
            page,
            info.time_line,
            SESSION_TABLE,
            f"Session time {stated} matches no row of the day table ({day.path}:{table.line})",
            f"Move the session into a slot of {day.path}'s table, or add a row for it",
        )
