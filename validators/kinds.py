"""Page kinds: what a course calls its pages, by file name and by title word.

A kind is a setting (`extra.course.kinds`); the defaults fit a Korean DevOps course whose
days hold `session_N.md`, `lab_N.md`, `challenge_N.md`, `handson_N.md` and the like.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of page.

    `files`: file-name globs (case-insensitive); `words`: the words titles and info blocks
    use for it (`Lab`, `실습`); `label`: the word short titles use when the title has none;
    `row`: the day-table row kind it is scheduled in (`theory`, `practice`, …, or "").
    `timed`: its time is compared with the day table.
    """

    name: str
    files: tuple[str, ...]
    words: tuple[str, ...] = ()
    label: str = ""
    row: str = ""
    timed: bool = False

    def matches(self, filename: str) -> bool:
        lowered = filename.lower()
        return any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in self.files)


DEFAULT_KINDS: tuple[Kind, ...] = (
    Kind(
        "session",
        ("session_*.md", "session-*.md", "session[0-9]*.md"),
        ("Session", "세션"),
        "Session",
        "theory",
        True,
    ),
    Kind("lab", ("lab_*.md", "lab-*.md", "lab[0-9]*.md"), ("Lab", "실습"), "Lab", "practice", True),
    Kind(
        "challenge",
        ("challenge_*.md", "challenge-*.md", "challenge[0-9]*.md"),
        ("Challenge", "챌린지"),
        "Challenge",
        "practice",
        True,
    ),
    Kind(
        "handson",
        ("handson_*.md", "hands_on_*.md", "hands-on*.md", "handson[0-9]*.md"),
        ("Hands-on", "Handson", "핸즈온"),
        "Hands-on",
        "practice",
        True,
    ),
    Kind(
        "demo",
        ("demo_*.md", "demo-*.md", "demo[0-9]*.md"),
        ("Demo", "데모"),
        "Demo",
        "theory",
        True,
    ),
    Kind("hints", ("hints*.md", "hint_*.md", "hint.md"), ("Hints", "Hint", "힌트"), "Hints"),
    Kind(
        "walkthrough",
        ("walkthrough*.md", "solution*.md"),
        ("Walkthrough", "풀이", "해설"),
        "Walkthrough",
    ),
    Kind("guide", ("*guide*.md", "*가이드*.md"), ("Guide", "가이드"), "Guide"),
)

# Backups and status notes: copies and reports about the lessons, not lessons.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    "*_backup.md",
    "*_backup_*.md",
    "*-backup.md",
    "*-backup-*.md",
    "*.backup.md",
    "*.bak.md",
    "*_bak.md",
    "SUMMARY.md",
    "*_SUMMARY.md",
    "*REPORT.md",
    "STATUS.md",
    "*_STATUS.md",
    "PROGRESS.md",
    "*_PROGRESS.md",
    "*_COMPLETE.md",
    "*_COMPLETION.md",
    "CHANGELOG.md",
    "TODO.md",
)

_SEPARATORS = re.compile(r"[\s_-]+")


def kind_of(filename: str, kinds: Sequence[Kind]) -> Kind | None:
    """The first kind whose file globs match `filename` (a base name)."""
    return next((kind for kind in kinds if kind.matches(filename)), None)


def kind_of_word(word: str, kinds: Sequence[Kind]) -> Kind | None:
    """The kind a title or info-block word names (`lab`, `실습`, `Hands-on`)."""
    wanted = _SEPARATORS.sub("", word).lower()
    for kind in kinds:
        if any(_SEPARATORS.sub("", w).lower() == wanted for w in kind.words):
            return kind
    return None


def words_of(kinds: Sequence[Kind]) -> tuple[str, ...]:
    """Every title word of `kinds`, longest first (for regex alternations)."""
    return tuple(sorted({w for kind in kinds for w in kind.words}, key=len, reverse=True))


def excluded(path: str, patterns: Sequence[str]) -> str | None:
    """The exclude glob `path` (relative to docs_dir) matches, if any: by base name, or the
    whole path when the glob has a `/` (case-sensitive, as file names are)."""
    name = posixpath.basename(path)
    for pattern in patterns:
        target = path if "/" in pattern else name
        if fnmatch.fnmatchcase(target, pattern):
            return pattern
    return None
