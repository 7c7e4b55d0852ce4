"""Template commands: lines that hold a placeholder for the reader to fill in.

`docker logs <container>`, `kubectl describe pod <pod-name>`, `aws s3 mb s3://YOUR_BUCKET`,
`docker run [OPTIONS] IMAGE`, `docker logs [container]`, `cp /path/to/file .`,
`curl https://your-registry.com/v2/`, `kubectl get pods ...`,
`export TOKEN=ghp_xxxx`: such a line is not meant to run as written, so the checks leave it
out (and say once per block that they did). Shared by every language of the blocks check.

Only the command part counts: a `# comment` after it, quoted text for the `...` and
`[NAME]` forms, and HTML tags (`echo "<h1>Hi</h1>"`) never make a template. Bash
tests (`[ -f x ]`, `[[ -n $a ]]`), globs (`[A-Z]*`), redirections (`< in.txt`, `<<EOF`,
`<(cmd)`) and array subscripts (`${a[@]}`) are not placeholders.
"""

from __future__ import annotations

import re

# `<container>`, `<이름>`, `<your-bucket>`, `<pod-name>`, `<new tag>`: a word in angle brackets,
# not a redirection (`<` is followed by a letter and closed on the same word).
_ANGLE = re.compile(r"(?<![<\w])<([^\W\d_][\w.:/-]*(?: [^\W\d_][\w.-]*){0,2})>")
# `[NAME]`, `[OPTIONS]` (outside quotes: `"Usage: $0 [FILE]"` is text), `[이름]` (anywhere).
_SQUARE = re.compile(r"(?<![\w$\[{])\[[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)*[A-Z0-9]\]")
_SQUARE_KO = re.compile(r"(?<![\w$\[{])\[[가-힣][가-힣\w -]*\]")
# `docker logs [container]`, `--network [network-name]`: an argument of lower-case words in
# brackets, hyphenated or a word that names what to fill in (a glob has no such shape).
_SQUARE_LOWER = re.compile(
    r"(?<![^\s=])\[(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)+|container|image|name|network|volume|pod"
    r"|service|tag|id|file|path|port|host|user|password|namespace|project|app|version)\]"
    r"(?![^\s;|&)])"
)
_PATH_TO = re.compile(r"(?<![\w.])/path/to(?:/|\b)")
_YOUR = re.compile(r"(?<![\w-])(?:YOUR_[A-Z0-9_]+|[Yy]our-[a-z0-9][a-z0-9.-]*|your_[a-z0-9_]+)")
_ELLIPSIS = re.compile(r"(?<![^\s=])(?:\.\.\.|…)(?![^\s;|&)])")
_XXX = re.compile(r"(?i)(?<![a-z0-9])x{3,}(?![a-z0-9])|x{4,}")
# Tags an author writes into a web page (`echo "<h1>Hello</h1>" > index.html`).
_HTML = frozenset(
    "a b body br button code div em footer form h1 h2 h3 h4 h5 h6 head header hr html i img "
    "input label li link main meta nav ol option p pre script section select span strong "
    "style table tbody td textarea th thead title tr u ul".split()
)


def command_part(line: str) -> tuple[str, str]:
    """`line` without its comment, and the same with quoted text blanked out."""
    kept: list[str] = []
    bare: list[str] = []
    quote = ""
    previous = " "
    for index, char in enumerate(line):
        if quote:
            if char == quote and not (quote == '"' and previous == "\\"):
                quote = ""
            kept.append(char)
            bare.append(char if char == '"' or char == "'" else " ")
        elif char in "'\"" and previous != "\\":
            quote = char
            kept.append(char)
            bare.append(char)
        elif char == "#" and previous.isspace() and index > 0 or char == "#" and index == 0:
            break
        else:
            kept.append(char)
            bare.append(char)
        previous = char
    return "".join(kept), "".join(bare)


def placeholder_in(line: str) -> str | None:
    """The first placeholder of the command `line` (`<container>`, `YOUR_BUCKET`, `...`),
    or None when the line is a real command."""
    spans = placeholder_spans(line)
    return line[spans[0][0] : spans[0][1]] if spans else None


def is_template(line: str) -> bool:
    """Whether the command `line` holds a placeholder for the reader to fill in."""
    return placeholder_in(line) is not None


def placeholder_spans(line: str) -> list[tuple[int, int]]:
    """Where the placeholders of the command `line` are (start, end), left to right."""
    command, bare = command_part(line)
    spans = [m.span() for m in _ANGLE.finditer(command) if m.group(1).lower() not in _HTML]
    for pattern in (_SQUARE_KO, _YOUR, _XXX, _PATH_TO):
        spans.extend(m.span() for m in pattern.finditer(command))
    for pattern in (_SQUARE, _SQUARE_LOWER, _ELLIPSIS):  # `echo "Usage: $0 [FILE]"`: text
        spans.extend(m.span() for m in pattern.finditer(bare))
    return sorted(spans)


def fill_placeholders(line: str, word: str = "PLACEHOLDER") -> str:
    """`line` with each placeholder replaced by `word`, so a parser sees a plain word."""
    result, last = [], 0
    for start, end in placeholder_spans(line):
        if start < last:
            continue
        result.append(line[last:start])
        result.append(word)
        last = end
    result.append(line[last:])
    return "".join(result)
