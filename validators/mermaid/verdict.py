"""Turn what the browser said about one diagram into findings at Markdown lines."""

from __future__ import annotations

import difflib
import re
from typing import Any

from validators.findings import Finding, Severity
from validators.mermaid.source import error_line, line_map, preprocess, quoted_line, style_refs
from validators.page import Fence

SYNTAX = "mermaid/syntax"
RENDER = "mermaid/render"
TIMEOUT = "mermaid/timeout"
STRAY_NODE = "mermaid/stray-node"

_SNIPPET = 60
_EXPECTED = 4  # expected tokens quoted before "…"
_JISON = re.compile(r"Expecting (.*), got '([^']*)'", re.S)
_LANGIUM = re.compile(r"(?:Parse|Lexer) error on line \d+, column \d+: (.*)", re.S)

# Hints for errors mermaid raises while drawing (or while filling its model).
_HINTS = [
    (r"^Invalid date", "Write the date in the chart's dateFormat, with a real month and day"),
    (r"would create a cycle", "Give the subgraph and the nodes inside it different ids"),
    (r"^circular link", "Sankey flows cannot loop back: remove the link that closes the cycle"),
    (r"excluded by `excludes`", "Shorten the task or exclude fewer days"),
    (r"[Cc]olumns must be", "Set columns to a positive whole number"),
    (r"not yet created", "Create the branch (branch NAME) before checking it out"),
]


def findings_for(
    path: str, fence: Fence, code: str, result: dict[str, Any], timeout: float
) -> list[Finding]:
    """The findings for one occurrence of a diagram whose browser result is `result`."""
    if result.get("timeout"):
        return [
            Finding(
                path,
                fence.line,
                TIMEOUT,
                Severity.ERROR,
                f"Mermaid did not finish this diagram within {timeout:g} s: "
                "the reader's browser tab hangs on it",
                "Shrink the diagram (fewer nodes, links or repeated blocks) or split it",
            )
        ]
    if result.get("crash"):
        return [
            Finding(
                path,
                fence.line,
                RENDER,
                Severity.ERROR,
                "Chromium's renderer crashed on this diagram",
                "Shrink the diagram (fewer nodes, links or repeated blocks) or split it",
            )
        ]
    if "error" in result:
        return [_error(path, fence, code, result["error"])]
    return list(_stray(path, fence, code, result.get("stray")))


def _error(path: str, fence: Fence, code: str, error: dict[str, Any]) -> Finding:
    lines = code.split("\n")
    message = error.get("message", "").strip()
    if error.get("internal"):  # the harness itself failed: say so rather than blame the diagram
        return Finding(
            path,
            fence.line,
            RENDER,
            Severity.ERROR,
            f"The mermaid check failed on this diagram: {_first_line(message)}",
            "Report this with the diagram: it is a bug in validators/mermaid",
        )
    if error.get("name") == "UnknownDiagramError":
        first = preprocess(code).split(None, 1)
        if not first:
            return Finding(
                path,
                fence.line,
                SYNTAX,
                Severity.ERROR,
                "The mermaid block is empty",
                "Write the diagram or remove the block",
            )
        index = line_map(code)[0]
        return Finding(
            path,
            fence.line + 1 + index,
            SYNTAX,
            Severity.ERROR,
            f"Mermaid knows no diagram type '{first[0]}'",
            "Start with a type mermaid 11 knows: flowchart TD, sequenceDiagram, classDiagram, "
            "stateDiagram-v2, erDiagram, gantt, pie, mindmap, …",
        )
    index = error_line(code, error)
    if error.get("parses"):
        index = quoted_line(code, message) if index is None else index
        return Finding(
            path,
            fence.line if index is None else fence.line + 1 + index,
            RENDER,
            Severity.ERROR,
            f"Mermaid parses this diagram but cannot draw it: {_first_line(message)}",
            _hint(message, "Fix what the error names; the site's mermaid fails while drawing"),
        )
    if index is None:
        index = quoted_line(code, message)
        return Finding(
            path,
            fence.line if index is None else fence.line + 1 + index,
            SYNTAX,
            Severity.ERROR,
            f"Mermaid rejects this diagram: {_first_line(message)}",
            _hint(message, "Fix what the error names"),
        )
    summary, hint = _parse_error(message, error)
    return Finding(
        path,
        fence.line + 1 + index,
        SYNTAX,
        Severity.ERROR,
        f"Mermaid cannot parse '{_snippet(lines[index])}': {summary}",
        hint,
    )


def _parse_error(message: str, error: dict[str, Any]) -> tuple[str, str]:
    """mermaid's parser message, shortened, and what to do about it."""
    if message.startswith("Lexical error"):
        return (
            "unrecognized text",
            'Quote labels that contain special characters, e.g. A["…"], or fix the typo',
        )
    jison = _JISON.search(message)
    if jison:
        expected = re.findall(r"'([^']*)'", jison[1])
        listed = ", ".join(f"'{token}'" for token in expected[:_EXPECTED])
        if len(expected) > _EXPECTED:
            listed += ", …"
        got = jison[2]
        if got in ("EOF", "1") or str(error.get("token")) in ("EOF", "1"):
            return (
                f"the diagram ends inside this statement (expecting {listed})",
                "Close the bracket, quote or block that this line opens",
            )
        return f"expecting {listed}, got '{got}'", "Fix the syntax at this line"
    langium = _LANGIUM.search(message)
    if langium:
        return _first_line(langium[1]).rstrip("."), "Fix the syntax at this line"
    return _first_line(message), "Fix the syntax at this line"


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
            if "," in name:
                parts = [part for part in name.split(",") if part]
                message = (
                    f"'style {name}' draws an extra box labelled '{name}' "
                    f"and styles none of {', '.join(parts)}"
                )
                hint = (
                    f"Give style one node id: write 'style {parts[0]} {styles}' for each of "
                    f"{', '.join(parts)}, or 'classDef name {styles}' plus "
                    f"'class {','.join(parts)} name'"
                )
            else:
                message = (
                    f"'style {name}' draws an extra box labelled '{name}': "
                    f"the diagram defines no node '{name}'"
                )
                guess = _guess(name, defined)
                hint = (
                    f"Did you mean '{guess}'? Style a node id the diagram defines"
                    if guess
                    else "Style a node id the diagram defines, or define the node"
                )
            yield Finding(path, fence.line + 1 + index, STRAY_NODE, Severity.WARNING, message, hint)


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
