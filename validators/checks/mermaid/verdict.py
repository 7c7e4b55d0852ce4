"""Turn what the browser said about one diagram into findings at Markdown lines."""

from __future__ import annotations

import difflib
import re
from typing import Any

from validators.checks.mermaid.source import (
    error_line,
    line_map,
    preprocess,
    quoted_line,
    style_refs,
)
from validators.findings import Finding, Severity
from validators.page import Fence

SYNTAX = "mermaid/syntax"
RENDER = "mermaid/render"
TIMEOUT = "mermaid/timeout"
STRAY_NODE = "mermaid/stray-node"
GITHUB = "mermaid/github"

_SNIPPET = 60
_EXPECTED = 4  # expected tokens quoted before "…"
_JISON = re.compile(r"Expecting (.*), got '([^']*)'", re.S)
_LANGIUM = re.compile(r"(?:Parse|Lexer) error on line \d+, column \d+: (.*)", re.S)

# Hints (message ids) for errors mermaid raises while drawing (or while filling its model).
_HINTS = [
    (r"^Invalid date", "mermaid/render.hint.date"),
    (r"would create a cycle", "mermaid/render.hint.cycle"),
    (r"^circular link", "mermaid/render.hint.sankey-cycle"),
    (r"excluded by `excludes`", "mermaid/render.hint.excludes"),
    (r"[Cc]olumns must be", "mermaid/render.hint.columns"),
    (r"not yet created", "mermaid/render.hint.branch"),
]


# What older mermaid (GitHub's) accepted in architecture-beta titles: `[\w ]+`.
_ARCH_TITLE = re.compile(r"\[([^\]\n]*)\]")
_OLD_TITLE = re.compile(r"[A-Za-z0-9_ ]+")


def findings_for(
    path: str,
    fence: Fence,
    code: str,
    result: dict[str, Any],
    timeout: float,
    github_version: str = "",
) -> list[Finding]:
    """The findings for one occurrence of a diagram whose browser result is `result`."""
    if result.get("timeout"):
        return [
            Finding.of(
                path,
                fence.line,
                TIMEOUT,
                Severity.ERROR,
                hint="mermaid/timeout.hint",
                timeout=timeout,
            )
        ]
    if result.get("crash"):
        return [
            Finding.of(
                path,
                fence.line,
                RENDER,
                Severity.ERROR,
                "mermaid/render.crash",
                "mermaid/render.crash.hint",
            )
        ]
    if "error" in result:
        return [_error(path, fence, code, result["error"])]
    found = list(_stray(path, fence, code, result.get("stray")))
    if result.get("github"):
        found.append(_github(path, fence, code, result["github"], github_version))
    return found


def _github(path: str, fence: Fence, code: str, error: dict[str, Any], version: str) -> Finding:
    """A diagram the site draws and GitHub's (older) mermaid rejects: what differs."""
    message = error.get("message", "").strip()
    kind = preprocess(code).split(None, 1)
    if error.get("name") == "UnknownDiagramError" and kind:
        index = line_map(code)[0]
        return Finding.of(
            path,
            fence.line + 1 + index,
            GITHUB,
            Severity.WARNING,
            "mermaid/github.unknown-type",
            "mermaid/github.unknown-type.hint",
            version=version,
            type=kind[0],
        )
    if kind and kind[0] == "architecture-beta":
        for index, line in enumerate(code.split("\n")):
            titles = [t for t in _ARCH_TITLE.findall(line) if not _OLD_TITLE.fullmatch(t)]
            if titles:
                return Finding.of(
                    path,
                    fence.line + 1 + index,
                    GITHUB,
                    Severity.WARNING,
                    "mermaid/github.architecture-title",
                    "mermaid/github.architecture-title.hint",
                    version=version,
                    title=titles[0],
                )
    index = error_line(code, error)
    if index is None:
        index = quoted_line(code, message)
    return Finding.of(
        path,
        fence.line if index is None else fence.line + 1 + index,
        GITHUB,
        Severity.WARNING,
        None,
        "mermaid/github.hint",
        version=version,
        error=_first_line(message),
    )


def _error(path: str, fence: Fence, code: str, error: dict[str, Any]) -> Finding:
    lines = code.split("\n")
    message = error.get("message", "").strip()
    if error.get("internal"):  # the harness itself failed: say so rather than blame the diagram
        return Finding.of(
            path,
            fence.line,
            RENDER,
            Severity.ERROR,
            "mermaid/render.internal",
            "mermaid/render.internal.hint",
            error=_first_line(message),
        )
    if error.get("name") == "UnknownDiagramError":
        first = preprocess(code).split(None, 1)
        if not first:
            return Finding.of(
                path,
                fence.line,
                SYNTAX,
                Severity.ERROR,
                "mermaid/syntax.empty",
                "mermaid/syntax.empty.hint",
            )
        index = line_map(code)[0]
        return Finding.of(
            path,
            fence.line + 1 + index,
            SYNTAX,
            Severity.ERROR,
            "mermaid/syntax.unknown-type",
            "mermaid/syntax.unknown-type.hint",
            type=first[0],
        )
    index = error_line(code, error)
    if error.get("parses"):
        index = quoted_line(code, message) if index is None else index
        return Finding.of(
            path,
            fence.line if index is None else fence.line + 1 + index,
            RENDER,
            Severity.ERROR,
            None,
            _hint(message, "mermaid/render.hint"),
            error=_first_line(message),
        )
    if index is None:
        index = quoted_line(code, message)
        return Finding.of(
            path,
            fence.line if index is None else fence.line + 1 + index,
            SYNTAX,
            Severity.ERROR,
            "mermaid/syntax.rejected",
            _hint(message, "mermaid/syntax.rejected.hint"),
            error=_first_line(message),
        )
    key, hint, args = _parse_error(message, error)
    return Finding.of(
        path,
        fence.line + 1 + index,
        SYNTAX,
        Severity.ERROR,
        key,
        hint,
        snippet=_snippet(lines[index]),
        **args,
    )


def _parse_error(message: str, error: dict[str, Any]) -> tuple[str, str, dict[str, str]]:
    """The message id, hint id and values for mermaid's parser message, shortened."""
    if message.startswith("Lexical error"):
        return "mermaid/syntax.lexical", "mermaid/syntax.lexical.hint", {}
    jison = _JISON.search(message)
    if jison:
        expected = re.findall(r"'([^']*)'", jison[1])
        listed = ", ".join(f"'{token}'" for token in expected[:_EXPECTED])
        if len(expected) > _EXPECTED:
            listed += ", …"
        got = jison[2]
        if got in ("EOF", "1") or str(error.get("token")) in ("EOF", "1"):
            return (
                "mermaid/syntax.unfinished",
                "mermaid/syntax.unfinished.hint",
                {"expected": listed},
            )
        return "mermaid/syntax.expecting", "mermaid/syntax.hint", {"expected": listed, "got": got}
    langium = _LANGIUM.search(message)
    if langium:
        return SYNTAX, "mermaid/syntax.hint", {"error": _first_line(langium[1]).rstrip(".")}
    return SYNTAX, "mermaid/syntax.hint", {"error": _first_line(message)}


def _stray(path: str, fence: Fence, code: str, stray: dict[str, Any] | None):
    if not stray:
        return
    refs = style_refs(code)
    if refs is None:  # cannot happen: the browser only reports names that we sent
        return
    lines = code.split("\n")
    defined = stray.get("defined", [])
    for name in stray["stray"]:
        for index in refs.lines.get(name, []):
            styles = _styles_of(lines[index], name)
            line = fence.line + 1 + index
            if "," in name:
                parts = [part for part in name.split(",") if part]
                yield Finding.of(
                    path,
                    line,
                    STRAY_NODE,
                    Severity.WARNING,
                    "mermaid/stray-node.list",
                    "mermaid/stray-node.list.hint",
                    name=name,
                    ids=", ".join(parts),
                    first=parts[0],
                    styles=styles,
                    joined=",".join(parts),
                )
                continue
            guess = _guess(name, defined)
            hint = "mermaid/stray-node.hint.similar" if guess else "mermaid/stray-node.hint"
            yield Finding.of(
                path, line, STRAY_NODE, Severity.WARNING, None, hint, name=name, guess=guess or ""
            )


def _guess(name: str, defined: list[str]) -> str | None:
    for candidate in defined:
        if candidate.lower() == name.lower():
            return candidate
    matches = difflib.get_close_matches(name, defined, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _styles_of(line: str, name: str) -> str:
    match = re.search(rf"style[ \t]+{re.escape(name)}[ \t]+([^;\n]*)", line)
    return match[1].strip() if match and match[1].strip() else "fill:…"


def _hint(message: str, default: str) -> str:
    """The hint id for mermaid's error `message`, else `default`."""
    for pattern, hint in _HINTS:
        if re.search(pattern, message):
            return hint
    return default


def _first_line(message: str) -> str:
    line = message.strip().split("\n", 1)[0].strip()
    line = re.sub(r"^Parsing failed:\s*", "", line)
    return line if len(line) <= 200 else line[:199] + "…"


def _snippet(line: str) -> str:
    text = line.strip()
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"
