"""Expected output shown in comments under a command, checked as "the output contains it".

    docker diff web
    # A /tmp/newfile.txt  (A = Added)

Each comment line is one expected output line. What the author adds to explain it is left
out: a leading `결과:`/`출력:`/`Output:` label and a trailing explanation set off by two or
more spaces (`(A = Added)`, `← 설명`, `# note`). Each line must appear in some output line
(in any order, among other lines), with whitespace runs matching any whitespace (column
widths vary) and volatile tokens matching any value of their kind: container IDs and
digests, durations (`Up 3 seconds`, `2 minutes ago`), sizes, IP addresses, timestamps,
and placeholders the author writes as `<id>`, `[hash]`, `...` or `…`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

_LABEL = re.compile(r"^(?:결과|출력|출력 결과|실행 결과|output|result)\s*:\s*", re.IGNORECASE)
_EXPLANATION = re.compile(r"\s{2,}(?:\(.*\)|←.*|<-.*|#.*|→.*)$")
_DURATION_UNIT = r"(?:second|minute|hour|day|week|month|year)s?"
_NUMBER_WORD = r"(?:\d+|an?|about an?|less than an?)"
# Volatile tokens, most specific first: (pattern that finds one in the expected text,
# pattern that matches any value of the kind in the output).
_VOLATILE = (
    (r"<[^<>\s][^<>]*>|\[[^\[\]\s]+\]", r"\S+"),  # placeholders: <container-id>, [hash]
    (r"\.\.\.|…", r".*?"),
    (r"\b\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?", r"\S+"),  # timestamps
    (r"\b(?:sha256|sha512):[0-9a-f]{6,}\b", r"sha\d+:[0-9a-f]+"),
    (r"\b[0-9a-f]{12}(?:[0-9a-f]{52})?\b", r"[0-9a-f]{12,64}"),  # IDs
    (rf"(?i:\b{_NUMBER_WORD} {_DURATION_UNIT})", rf"(?i:{_NUMBER_WORD} {_DURATION_UNIT})"),
    (r"\b\d+(?:\.\d+){3}\b", r"\d+(?:\.\d+){3}"),  # IPv4 addresses (ports are not volatile)
    (r"\b\d+(?:\.\d+)?\s?[kKMGT]i?B\b", r"\d+(?:\.\d+)?\s?[kKMGT]i?B"),  # sizes
)
_VOLATILE_ANY = re.compile("|".join(f"({find})" for find, _ in _VOLATILE))
_DIFF_LINES = 30


def expected_lines(comments: Sequence[str]) -> tuple[str, ...]:
    """The output lines that comment lines show (`#` already stripped), explanations left out."""
    lines = []
    for comment in comments:
        text = _EXPLANATION.sub("", _LABEL.sub("", comment.strip())).strip()
        if text:
            lines.append(text)
    return tuple(lines)


def line_pattern(expected: str) -> re.Pattern[str]:
    """A regex that finds `expected` in an output line, tolerant of volatile tokens."""
    parts = []
    position = 0
    for match in _VOLATILE_ANY.finditer(expected):
        parts.append(_literal(expected[position : match.start()]))
        kind = next(index for index, group in enumerate(match.groups()) if group is not None)
        parts.append(_VOLATILE[kind][1])
        position = match.end()
    parts.append(_literal(expected[position:]))
    return re.compile("".join(parts))


def _literal(text: str) -> str:
    return r"\s+".join(re.escape(word) for word in re.split(r"\s+", text)) if text else ""


def missing_lines(expected: Sequence[str], output: str) -> list[str]:
    """The expected lines that no output line contains (empty when all are there)."""
    actual = _output_lines(output)
    return [
        line
        for line in expected
        if not any(line_pattern(line).search(candidate) for candidate in actual)
    ]


def output_diff(expected: Sequence[str], output: str) -> str:
    """A unified diff from the expected lines to the actual output, shortened."""
    diff = list(
        difflib.unified_diff(
            list(expected),
            _output_lines(output),
            "expected (comments)",
            "actual output",
            lineterm="",
            n=2,
        )
    )
    if len(diff) > _DIFF_LINES:
        diff = diff[:_DIFF_LINES] + [f"… ({len(diff) - _DIFF_LINES} more diff lines)"]
    return "\n".join(diff)


def _output_lines(output: str) -> list[str]:
    text = output.replace("\r\n", "\n").replace("\r", "\n")
    return [line.rstrip() for line in text.split("\n") if line.strip()]
