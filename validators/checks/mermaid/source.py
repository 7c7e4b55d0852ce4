"""What the mermaid checker needs from a diagram's source, in pure Python.

- `site_code`: the text the site hands to `mermaid.render` (Python-Markdown's whitespace rules);
- `line_map`: where each line mermaid's parser sees came from (mermaid drops front matter,
  directives, comment lines and leading blank lines before it parses, so its line numbers
  shift; see `preprocessDiagram` in mermaid's src/preprocess.ts);
- `style_refs`: the node ids that flowchart `style` statements name, and the same source with
  each of those ids swapped for a placeholder, so the browser can tell which nodes exist only
  because a `style` statement named them;
- `error_line`: the diagram line a mermaid error points at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TAB = 4  # Python-Markdown's tab_length

# The regexes of mermaid 11 (src/diagram-api/regexes.ts, comments.ts), translated.
_FRONTMATTER = re.compile(r"^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+", re.S)
_DIRECTIVE = re.compile(
    r"%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?", re.I
)
_COMMENT = re.compile(r"^\s*%%(?!{)[^\n]+\n?", re.M)

_FLOWCHART = re.compile(r"(?:graph|flowchart(?:-elk)?)\b")
# A style statement at the start of a line or after `;`; the id runs to the next blank.
_STYLE = re.compile(r"(?:^|;)[ \t]*style[ \t]+([^\s;]+)")
_COMMENT_LINE = re.compile(r"^\s*%%")
PLACEHOLDER = "mermaidCheckStyleRef"

# Jison reports a missing end of input as this token.
_EOF_TOKENS = {"EOF", "1", "$end"}
_LINE_IN_MESSAGE = re.compile(r"\bon line (\d+)")
# Values an error message quotes: "x", 'x', `x`, (x), [x].
_QUOTED = [r'"([^"\n]+)"', r"'([^'\n]+)'", r"`([^`\n]+)`", r"\(([^()\n]+)\)", r"\[([^\[\]\n]+)\]"]


def site_code(content: str) -> str:
    """The fence body as the site's page carries it: Python-Markdown expands tabs and empties
    whitespace-only lines before pymdownx.superfences takes the block; Material then renders
    the block's textContent."""
    lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.expandtabs(_TAB) for line in lines]
    lines = ["" if not line.strip(" ") else line for line in lines]
    return "\n".join(lines).rstrip("\n")


def preprocess(code: str) -> str:
    """The text mermaid's parser receives for `code` (front matter, directives and comments
    removed, as mermaid's `preprocessDiagram` does)."""
    match = _FRONTMATTER.match(code)
    text = code[match.end() :] if match else code
    text = _DIRECTIVE.sub("", text)
    return _COMMENT.sub("", text).lstrip()


def line_map(code: str) -> list[int]:
    """For each line of `preprocess(code)`, the 0-based line of `code` it came from.

    The preprocessing only deletes text, so the lines are matched in order."""
    original = code.split("\n")
    match = _FRONTMATTER.match(code)
    start = code[: match.end()].count("\n") if match else 0
    result: list[int] = []
    cursor = start
    for line in preprocess(code).split("\n"):
        found = _find_line(original, cursor, line)
        if found is None:
            result.append(min(cursor, len(original) - 1))
            continue
        result.append(found)
        cursor = found + 1
    return result


def _find_line(original: list[str], start: int, line: str) -> int | None:
    wanted = line.strip()
    for index in range(start, len(original)):
        candidate = original[index]
        if not wanted:
            if not candidate.strip():
                return index
        elif candidate.strip() == wanted or ("%%{" in candidate and wanted in candidate):
            return index
    return None


def diagram_kind(code: str) -> str:
    """The first word of the diagram (`flowchart`, `sequenceDiagram`, …), or ''."""
    words = preprocess(code).split(None, 1)
    return words[0] if words else ""


def is_flowchart(code: str) -> bool:
    return bool(_FLOWCHART.fullmatch(diagram_kind(code)))


def parse_tells_all(code: str) -> bool:
    """Whether parsing gives the whole verdict of a diagram that parses (a flowchart, but for
    a subgraph cycle the harness finds in the model; a sequence diagram, whose every error is
    thrown by its parser: its renderer throws none)."""
    return is_flowchart(code) or diagram_kind(code) == "sequenceDiagram"


@dataclass(frozen=True)
class StyleRefs:
    """The ids named by `style` statements: `lines[id]` are the 0-based code lines naming it;
    `probe` is the code with the n-th such id replaced by `PLACEHOLDER<n>`; `refs` pairs each
    placeholder with the id it replaced."""

    lines: dict[str, list[int]]
    probe: str
    refs: list[tuple[str, str]]


def style_refs(code: str) -> StyleRefs | None:
    """The `style` statements of a flowchart, or None (not a flowchart, or no style)."""
    if not is_flowchart(code):
        return None
    names: dict[str, list[int]] = {}
    probe_lines = []
    refs: list[tuple[str, str]] = []
    for index, line in enumerate(code.split("\n")):
        if _COMMENT_LINE.match(line):
            probe_lines.append(line)
            continue
        parts = []
        last = 0
        for match in _STYLE.finditer(line):
            names.setdefault(match[1], []).append(index)
            refs.append((f"{PLACEHOLDER}{len(refs)}", match[1]))
            parts.append(line[last : match.start(1)] + refs[-1][0])
            last = match.end(1)
        probe_lines.append("".join(parts) + line[last:])
    if not names:
        return None
    return StyleRefs(lines=names, probe="\n".join(probe_lines), refs=refs)


def error_line(code: str, error: dict) -> int | None:
    """The 0-based line of `code` that a mermaid error (as the harness describes it) points
    at, or None when mermaid gives no line."""
    line = _parser_line(error)
    if line is None:
        return None
    mapping = line_map(code)
    index = mapping[min(max(line, 1), len(mapping)) - 1]
    original = code.split("\n")
    while index > 0 and (not original[index].strip() or _COMMENT_LINE.match(original[index])):
        index -= 1  # a token after blank lines: the statement before them is unfinished
    return index


def _parser_line(error: dict) -> int | None:
    """1-based line in the preprocessed text: jison's token location, else the line in the
    message (langium parsers, jison lexer errors)."""
    loc = error.get("loc")
    if loc:
        if str(error.get("token")) in _EOF_TOKENS:
            return int(loc["first"])  # the statement the input ended in
        return int(loc["last"])
    if isinstance(error.get("line"), int):
        return error["line"] + 1  # jison's yylineno is 0-based
    match = _LINE_IN_MESSAGE.search(error.get("message", ""))
    return int(match[1]) if match else None


def quoted_line(code: str, message: str) -> int | None:
    """For an error that names no line: the one code line holding a value the message quotes
    (`Invalid date:2024-13-45`, `"Dogs" has invalid value`), else None."""
    values = [value for pattern in _QUOTED for value in re.findall(pattern, message)]
    tail = message.rsplit(":", 1)
    if len(tail) == 2 and tail[1].strip():
        values.append(tail[1].strip().rstrip("."))
    lines = code.split("\n")
    values = [value.strip().strip("\"'`").strip() for value in values]
    for value in sorted({value for value in values if value}, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w-]){re.escape(value)}(?![\w-])")
        hits = [i for i, line in enumerate(lines) if pattern.search(line)]
        if len(hits) == 1 and not _COMMENT_LINE.match(lines[hits[0]]):
            return hits[0]
    return None
