"""Dockerfile blocks: BuildKit's own parser (PyPI `dockerfile`) for syntax, hadolint for
mistakes.

hadolint's errors and warnings become warnings, its infos infos; its style notes are left
out, and so is DL1000 (its own parser's complaint: BuildKit's is the one `docker build`
uses). A block shown as bad practice on purpose (`❌`, `나쁜 예`, `Bad`, `안티패턴`,
`잘못된 예` above the fence or in its first comment) still has its syntax checked, but its
hadolint findings are only infos.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import dockerfile

from validators.checks.blocks import _cache
from validators.findings import Finding, Severity

if TYPE_CHECKING:
    from validators.checks.blocks import CodeBlock

LANGS = ("dockerfile", "docker")

_INSTRUCTIONS = frozenset(dockerfile.all_cmds())
_BAD_EXAMPLE = re.compile(r"❌|나쁜\s*예|잘못된\s*예|안티\s*패턴|\bbad\b|anti-?pattern", re.I)
_LEVELS = {"error": Severity.WARNING, "warning": Severity.WARNING, "info": Severity.INFO}
# Version pinning of OS and language packages: hadolint warns, lessons rarely pin (and
# should not have to); an info is enough.
_PINNING = frozenset("DL3008 DL3013 DL3016 DL3018 DL3028 DL3033 DL3037 DL3041".split())
_HADOLINT_TIMEOUT = 20  # seconds

Raw = tuple[int, str, Severity, str | None, str | None, tuple[tuple[str, object], ...]]


def check(block: CodeBlock) -> Iterable[Finding]:
    bad_example = is_bad_example(block)
    for offset, rule, severity, key, hint, args in _check_text(block.text):
        if bad_example and rule == "blocks/dockerfile/hadolint":
            severity, key = Severity.INFO, "blocks/dockerfile/hadolint.bad"
        yield block.finding(offset, rule, severity, key, hint, **dict(args))


def is_bad_example(block: CodeBlock) -> bool:
    """Whether `block` shows bad practice on purpose (its lead or first comment says so)."""
    comments = []
    for line in block.text.splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith("#"):
            break
        comments.append(line)
    return bool(_BAD_EXAMPLE.search(block.lead + "\n" + "\n".join(comments)))


def _depends() -> tuple[str, ...]:
    return (
        _cache.source(__name__),
        _cache.package("dockerfile"),
        f"hadolint={_cache.tool(_hadolint_binary())}",
    )


@_cache.memo
@lru_cache(maxsize=512)
def _check_text(text: str) -> tuple[Raw, ...]:
    space = _cache.namespace("dockerfile", *_depends())
    stored = _cache.current().get(space, text)
    if stored is not _cache.MISS:
        return stored
    syntax = _syntax(text)
    raws = syntax or _hadolint_findings(_hadolint([text])[0])
    _cache.current().put(space, text, raws)
    return raws


def prepare(blocks: Iterable[CodeBlock]) -> None:
    """Check every Dockerfile text of `blocks` not in the store yet: hadolint once over
    all the texts BuildKit parses."""
    space = _cache.namespace("dockerfile", *_depends())
    store = _cache.current()
    texts = [text for text in dict.fromkeys(b.text for b in blocks)]
    texts = [text for text in texts if store.get(space, text) is _cache.MISS]
    syntax = {text: _syntax(text) for text in texts}
    lint = [text for text in texts if not syntax[text]]
    for text, results in zip(lint, _hadolint(lint), strict=True):
        syntax[text] = _hadolint_findings(results)
    for text in texts:
        store.put(space, text, syntax[text])


def _raw(offset: int, rule: str, severity: Severity, key=None, hint=None, **args) -> Raw:
    return (offset, rule, severity, key, hint, tuple(sorted(args.items())))


def _syntax(text: str) -> tuple[Raw, ...]:
    try:
        commands = dockerfile.parse_string(text)
    except dockerfile.GoParseError as error:
        problem = str(error)
        return (
            _raw(
                _failing_line(text, problem),
                "blocks/dockerfile/syntax",
                Severity.ERROR,
                hint="blocks/dockerfile/syntax.hint",
                problem=problem,
            ),
        )
    return tuple(
        _raw(
            command.start_line - 1,
            "blocks/dockerfile/syntax",
            Severity.ERROR,
            "blocks/dockerfile/syntax.unknown",
            "blocks/dockerfile/syntax.hint",
            instruction=command.original.split(None, 1)[0],
        )
        for command in commands
        if command.cmd.lower() not in _INSTRUCTIONS
    )


def _failing_line(text: str, problem: str) -> int:
    """The 0-based line where BuildKit's parser first fails with `problem` (it gives none):
    the end of the shortest prefix that fails so."""
    lines = text.split("\n")
    for end in range(1, len(lines) + 1):
        try:
            dockerfile.parse_string("\n".join(lines[:end]))
        except dockerfile.GoParseError as error:
            if str(error) == problem:
                return end - 1
    return 0


@cache
def _hadolint_binary() -> str | None:
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.exists() else shutil.which("hadolint")


def _hadolint(texts: list[str]) -> list[list[dict]]:
    """hadolint's results on each of `texts` (as files of a temp folder, one run)."""
    binary = _hadolint_binary()
    if binary is None or not texts:
        return [[] for _ in texts]
    with tempfile.TemporaryDirectory(prefix="blocks-hadolint-") as folder:
        names = [os.path.join(folder, f"Dockerfile.{n}") for n in range(len(texts))]
        for name, text in zip(names, texts, strict=True):
            Path(name).write_text(text, encoding="utf-8")
        found = _hadolint_run(binary, names)
        if found is None and len(names) > 1:  # one file broke the run: one by one
            found = {}
            for name in names:
                found.update(_hadolint_run(binary, [name]) or {})
    return [(found or {}).get(name, []) for name in names]


def _hadolint_run(binary: str, files: list[str]) -> dict[str, list[dict]] | None:
    try:
        run = subprocess.run(
            [binary, "--no-fail", "--no-color", "--format", "json", *files],
            capture_output=True,
            text=True,
            timeout=_HADOLINT_TIMEOUT + len(files) / 10,
        )
        results = json.loads(run.stdout or "[]")
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return None
    found: dict[str, list[dict]] = {name: [] for name in files}
    for result in results:
        found.setdefault(str(result.get("file", "")), []).append(result)
    return found


def _hadolint_findings(results: list[dict]) -> tuple[Raw, ...]:
    findings = []
    for result in results:
        code, level = str(result.get("code", "")), result.get("level")
        if code == "DL1000" or level not in _LEVELS:
            continue
        findings.append(
            _raw(
                max(int(result.get("line", 1)) - 1, 0),
                "blocks/dockerfile/hadolint",
                Severity.INFO if code in _PINNING else _LEVELS[level],
                hint="blocks/dockerfile/hadolint.hint"
                if code.startswith("DL")
                else "blocks/dockerfile/hadolint.hint.shellcheck",
                code=code,
                detail=str(result.get("message", "")).split("\n")[0],
            )
        )
    return tuple(findings)
