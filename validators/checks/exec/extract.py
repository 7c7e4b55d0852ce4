"""Shell blocks of a page, split into the top-level commands a student would type.

A command is one complete input line as an interactive shell reads it: line continuations,
heredocs, open quotes, `$(…)`, pipes ending a line and compound commands (`if`, `for`,
functions) all extend it over several Markdown lines. bashlex decides quickly; whatever
bashlex cannot parse is decided by `bash -n`, the shell itself.

Expected failures, as the seeds write them:

- a paragraph containing `의도적 오류` right before the block, or `(오류 발생)` in one of
  its comments, marks the block as an intentional-error point;
- in such a block, a comment right under a command (`# Error: …`, `# ping: bad address …`)
  is the message that command must print while failing; with no such comment, the
  block's last command must fail;
- anywhere, a comment right under a command that starts with `Error:` (or `Error response
  from daemon:`) states an expected failure too;
- in a `console` block, a command whose shown output starts with such an error line.

The explicit annotation is an HTML comment right before the block (GitHub and Material both
keep it out of the rendered page): `<!-- exec: skip -->`, `<!-- exec: timeout=120 -->`,
`<!-- exec: expect-error -->`, `<!-- exec: expect-error="port is already allocated" -->`,
combinable: `<!-- exec: timeout=5 expect-error="bad address" -->`. `expect-error` applies
to the block's last command. `<!-- exec: check-output -->` (or `exec: {check-output: true}`
in the page's front matter) checks the output shown in comments under commands (see
expected.py).

Two more things a student does:

- a block with a file-name title (```` ```dockerfile title="Dockerfile.multi" ````) is a
  file: it is written into the page's working directory, where the commands after it find
  it; it is not run;
- a script's text (a shell block that starts with `#!` and names its file in its first
  comment: `# dev-setup.sh - …`) is saved as that file where the page's shell is, for the
  `chmod +x dev-setup.sh && ./dev-setup.sh` after it; it is not run line by line;
- `docker run -it IMAGE sh|bash` or `docker exec -it NAME sh` opens the container's shell:
  the block's next lines, up to `exit` or the block's end, are typed into it.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass, replace

from markdown_it.token import Token

from validators.checks.exec.expected import expected_lines
from validators.findings import Finding, Severity
from validators.page import Fence, Page, plain_text

SHELL_LANGS = frozenset({"bash", "sh", "shell"})
CONSOLE_LANGS = frozenset({"console"})

_ERROR_POINT = "의도적 오류"
_ERROR_MARK = "(오류 발생)"
# A comment or output line that states an error.
_ERROR_LINE = re.compile(
    r"^(?:[\w.-]+:\s+)?(?:Error|ERROR|error)(?:\s+response\s+from\s+daemon)?:\s*\S"
)
_ANNOTATION = re.compile(r"^\s*<!--\s*exec:(.*?)-->\s*$", re.DOTALL)
# A title that names a file in the working directory (a caption otherwise).
_FILE_NAME = re.compile(r"^(?!.*(?:^|/)\.\.(?:/|$))[\w.@+-]+(?:/[\w.@+-]+)*$", re.ASCII)
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "fish"})
_EXIT = re.compile(r"^(?:exit|logout)(?:\s+\d+)?\s*;?$")
_PROMPT = re.compile(r"^\s*\$ ?")


@dataclass(frozen=True)
class Expectation:
    """The command must fail; if `message` is set its output must contain it."""

    message: str | None
    source: str  # "comment", "console", "error-point" or "annotation"


@dataclass(frozen=True)
class Command:
    """One top-level command; `line` is the 1-based Markdown line where it starts."""

    text: str
    line: int
    expect: Expectation | None = None
    output: tuple[str, ...] = ()  # expected output lines (check-output)
    opens_shell: bool = False  # `docker run -it … sh`: the next commands go to that shell
    inside: int | None = None  # typed into the container shell opened at this line

    @property
    def exits(self) -> bool:
        """Whether this command, typed into a container shell, leaves it."""
        return self.inside is not None and bool(_EXIT.match(self.text.strip()))

    @property
    def summary(self) -> str:
        """The command on one line (continuations joined), shortened, for messages."""
        joined = re.sub(r"\\\n\s*", " ", self.text.strip())
        first = joined.splitlines()[0] if joined else ""
        return first if len(first) <= 80 else first[:77] + "..."


@dataclass(frozen=True)
class Block:
    """A shell block of a page and its commands, in order."""

    fence: Fence
    commands: tuple[Command, ...]
    skip: bool = False
    timeout: float | None = None
    error_point: bool = False
    index: int = 0  # ordinal among the page's fenced blocks
    file: str | None = None  # written into the working directory as this file, not run
    # a script's text (`#!/bin/bash` + `# deploy.sh`): saved where the shell is, not run
    script: bool = False


def extract_blocks(page: Page) -> tuple[list[Block], list[Finding]]:
    """The page's file blocks and bash/sh/shell/console blocks in page order, and
    annotation problems."""
    blocks: list[Block] = []
    findings: list[Finding] = []
    fences = {fence.line: (number, fence) for number, fence in enumerate(page.fences)}
    page_output = _check_output(page.meta)
    for index, token in enumerate(page.tokens):
        if token.type != "fence" or token.map is None or token.map[0] + 1 not in fences:
            continue
        number, fence = fences[token.map[0] + 1]
        name = file_name(fence)
        script = script_name(fence) if name is None and fence.lang in SHELL_LANGS else None
        if name is not None or script is not None:
            blocks.append(
                Block(
                    fence=fence, commands=(), index=number, file=name or script, script=bool(script)
                )
            )
            continue
        if fence.lang not in SHELL_LANGS | CONSOLE_LANGS:
            continue
        options, problems = _annotation(page, page.tokens, index, fence)
        findings += problems
        error_point = _error_point_before(page.tokens, index)
        check_output = page_output or bool(options.get("check-output"))
        if fence.lang in CONSOLE_LANGS:
            commands = _console_commands(fence, check_output)
        else:
            commands, marked = _shell_commands(fence, error_point, check_output)
            error_point = error_point or marked
        commands = _apply_block_expectations(commands, error_point, options)
        blocks.append(
            Block(
                fence=fence,
                commands=tuple(commands),
                skip=bool(options.get("skip")),
                timeout=options.get("timeout"),  # type: ignore[arg-type]
                error_point=error_point,
                index=number,
            )
        )
    return blocks, findings


def file_name(fence: Fence) -> str | None:
    """The working-directory file a block's `title` names, or None for a caption or none."""
    title = fence.attrs.get("title", "").strip()
    return title if _FILE_NAME.match(title) else None


_SCRIPT_NAME = re.compile(r"(?<![\w./-])([\w.-]+\.(?:sh|bash))\b")


def script_name(fence: Fence) -> str | None:
    """The file a shell block is the text of: a script (`#!/bin/bash`) whose first comment
    names it (`# dev-setup.sh - 개발 환경 설정`, `# 복구 스크립트 (disaster-recovery.sh)`).
    The reader saves it and runs it (`chmod +x dev-setup.sh`); pasted into a shell, its
    `exit` and `$1` would end or confuse the reader's shell."""
    lines = fence.content.splitlines()
    if not lines or not lines[0].startswith("#!"):
        return None
    for line in lines[1:4]:
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            return None
        found = _SCRIPT_NAME.search(stripped)
        if found:
            return found.group(1)
    return None


def opens_shell(text: str) -> bool:
    """Whether a command opens an interactive shell in a container: `docker run -it … sh`,
    `docker exec -it NAME bash`, or `docker run -it ubuntu` (a base image's own shell)."""
    try:
        words = shlex.split(text, comments=True)
    except ValueError:
        return False
    if any(word in ("|", "||", "&&", ";", "&") or word[-1:] in (";", "&") for word in words):
        return False
    while words and words[0] in ("sudo", "winpty"):
        words = words[1:]
    if words[:1] != ["docker"]:
        return False
    words = words[1:]
    if words[:1] == ["container"]:
        words = words[1:]
    if words[:1] not in (["run"], ["exec"]):
        return False
    verb, words = words[0], words[1:]
    flags: set[str] = set()
    index = 0
    while index < len(words) and words[index].startswith("-") and words[index] != "-":
        word = words[index]
        index += 1
        if word == "--":
            break
        if word.startswith("--"):
            name, has_value, _ = word[2:].partition("=")
            if name in _LONG_FLAGS:
                flags.add(_LONG_FLAGS[name])
            elif not has_value and name not in _LONG_SWITCHES:
                index += 1  # the option's value
            continue
        letters = word[1:]
        for position, letter in enumerate(letters):
            if letter in "dit":
                flags.add(letter)
            elif letter not in "Pq":  # an option with a value: the rest, or the next word
                if position == len(letters) - 1:
                    index += 1
                break
    if not {"i", "t"} <= flags or "d" in flags or index >= len(words):
        return False
    command = words[index + 1 :]
    if not command:  # the image's own command: a shell for the base OS images
        image = re.split(r"[:@]", words[index].rsplit("/", 1)[-1])[0]
        return verb == "run" and image in _SHELL_IMAGES
    shell = command[0].rsplit("/", 1)[-1]
    return shell in _SHELLS and all(arg in ("-l", "-i", "--login") for arg in command[1:])


_SHELL_IMAGES = frozenset(
    "ubuntu debian alpine busybox centos fedora rockylinux almalinux amazonlinux "
    "archlinux oraclelinux opensuse photon".split()
)
_LONG_FLAGS = {"detach": "d", "interactive": "i", "tty": "t"}
_LONG_SWITCHES = frozenset(
    "rm init privileged read-only publish-all no-healthcheck oom-kill-disable quiet "
    "sig-proxy disable-content-trust help".split()
)


def _check_output(meta: dict[str, object]) -> bool:
    options = meta.get("exec")
    if isinstance(options, dict):
        return bool(options.get("check-output") or options.get("check_output"))
    if isinstance(options, (list, str)):
        return "check-output" in options
    return False


def split_commands(text: str, first_line: int = 1) -> list[Command]:
    """Split shell source into top-level commands (comments and blank lines dropped)."""
    return [command for command, _ in _split(text.split("\n"), first_line)]


# --- splitting ---------------------------------------------------------------------------


def _split(lines: list[str], first_line: int) -> list[tuple[Command, list[str]]]:
    """Commands with the comment lines directly under each (no blank line between)."""
    result: list[tuple[Command, list[str]]] = []
    pending: list[str] = []
    start = 0
    trailing_open = False  # comments right under the last command still attach to it
    for offset, raw in enumerate(lines):
        stripped = raw.strip()
        if not pending:
            if not stripped:
                trailing_open = False
                continue
            if stripped.startswith("#"):
                if trailing_open and result:
                    result[-1][1].append(stripped.lstrip("#").strip())
                continue
            start = first_line + offset
        pending.append(raw)
        source = "\n".join(pending)
        if is_complete(source):
            result.append((Command(text=source.strip("\n"), line=start), []))
            pending = []
            trailing_open = True
    if pending and "\n".join(pending).strip():
        # Incomplete at the block's end: run it anyway, bash reports the syntax error.
        result.append((Command(text="\n".join(pending).strip("\n"), line=start), []))
    return result


def is_complete(source: str) -> bool:
    """Whether `source` is a complete shell input (bash would not ask for more)."""
    if _continues(source):
        return False
    import bashlex  # its parser tables take 0.2 s to load: only when a line is split

    try:
        bashlex.parse(source)
    except Exception:  # bashlex lacks `[[`, `case`, quoted heredoc words: ask bash
        return _bash_complete(source)
    # bashlex accepts an unclosed quote; a heredoc body may hold a lone quote: ask bash.
    return not _maybe_open_quote(source) or _bash_complete(source)


def _continues(source: str) -> bool:
    """A trailing unescaped backslash continues the line (a comment line does not)."""
    last = source.rstrip("\n").split("\n")[-1]
    if last.lstrip().startswith("#"):
        return False
    backslashes = len(last) - len(last.rstrip("\\"))
    return backslashes % 2 == 1


def _maybe_open_quote(source: str) -> bool:
    """Whether a quote may still be open at the end (a quick scan; bash decides)."""
    quote = ""
    index = 0
    while index < len(source):
        char = source[index]
        if quote == "'":
            quote = "" if char == "'" else quote
        elif char == "\\":
            index += 1
        elif quote == '"':
            quote = "" if char == '"' else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or source[index - 1] in " \t\n;&|("):
            newline = source.find("\n", index)
            index = len(source) if newline < 0 else newline
        index += 1
    return bool(quote)


def _bash_complete(source: str) -> bool:
    result = subprocess.run(
        ["bash", "-n"], input=source + "\n", capture_output=True, text=True, check=False
    )
    return not any(
        sign in result.stderr
        for sign in ("unexpected end of file", "unexpected EOF", "delimited by end-of-file")
    )


# --- expectations --------------------------------------------------------------------------


def _shell_commands(
    fence: Fence, error_point: bool, check_output: bool = False
) -> tuple[list[Command], bool]:
    """Commands of a bash/sh/shell block; the flag tells whether it says `(오류 발생)`."""
    lines = fence.content.split("\n")
    marked = any(_ERROR_MARK in line for line in lines if line.strip().startswith("#"))
    commands = []
    opener: int | None = None
    for command, comments in _split(lines, fence.content_line):
        expect = None
        output: tuple[str, ...] = ()
        if comments and (error_point or marked or _ERROR_LINE.match(comments[0])):
            expect = Expectation(message=comments[0], source="comment")
        elif comments and check_output:
            output = expected_lines(comments)
        command = replace(command, expect=expect, output=output, inside=opener)
        if opener is None and opens_shell(command.text):
            command = replace(command, opens_shell=True)
            opener = command.line
        elif command.exits:
            opener = None
        commands.append(command)
    return commands, marked


def _console_commands(fence: Fence, check_output: bool = False) -> list[Command]:
    """`$ ` lines are commands (continued while incomplete); other lines are output."""
    lines = fence.content.split("\n")
    commands: list[Command] = []
    index = 0
    while index < len(lines):
        match = _PROMPT.match(lines[index]) if lines[index].lstrip().startswith("$") else None
        if match is None:
            index += 1
            continue
        start = fence.content_line + index
        pending = [lines[index][match.end() :]]
        index += 1
        while not is_complete("\n".join(pending)) and index < len(lines):
            pending.append(re.sub(r"^> ?", "", lines[index]))
            index += 1
        output = []
        while index < len(lines) and not lines[index].lstrip().startswith("$"):
            output.append(lines[index].strip())
            index += 1
        text = "\n".join(pending).strip()
        if not text or text.startswith("#"):
            continue
        shown = next((line for line in output if line), "")
        expect = Expectation(shown, "console") if _ERROR_LINE.match(shown) else None
        expected = expected_lines(output) if check_output and expect is None else ()
        commands.append(Command(text=text, line=start, expect=expect, output=expected))
    return commands


def _apply_block_expectations(
    commands: list[Command], error_point: bool, options: dict[str, object]
) -> list[Command]:
    if not commands:
        return commands
    if "expect-error" in options:
        message = options["expect-error"]
        expect = Expectation(message if isinstance(message, str) else None, "annotation")
        return [*commands[:-1], _with(commands[-1], expect)]
    if error_point and not any(command.expect for command in commands):
        return [*commands[:-1], _with(commands[-1], Expectation(None, "error-point"))]
    return commands


def _with(command: Command, expect: Expectation | None) -> Command:
    return replace(command, expect=expect, output=() if expect else command.output)


def _error_point_before(tokens: list[Token], index: int) -> bool:
    """Whether the paragraph or heading right before the fence marks an intentional error."""
    position = index - 1
    while position >= 0 and tokens[position].type == "html_block":
        position -= 1  # an annotation may stand between the paragraph and the block
    if position < 1 or tokens[position].type not in ("paragraph_close", "heading_close"):
        return False
    inline = tokens[position - 1]
    return inline.type == "inline" and _ERROR_POINT in plain_text(inline)


def _annotation(
    page: Page, tokens: list[Token], index: int, fence: Fence
) -> tuple[dict[str, object], list[Finding]]:
    """Options of an `<!-- exec: … -->` comment right before the fence."""
    if index == 0 or tokens[index - 1].type != "html_block":
        return {}, []
    html = tokens[index - 1]
    match = _ANNOTATION.match(html.content)
    if match is None or html.map is None:
        return {}, []
    line = html.map[0] + 1
    options: dict[str, object] = {}
    problems: list[tuple[str, dict[str, str]]] = []  # (message id, values)
    try:
        words = shlex.split(match.group(1))
    except ValueError as error:
        words = []
        problems.append(("exec/bad-annotation.unreadable", {"error": str(error)}))
    for word in words:
        key, has_value, value = word.partition("=")
        if key in ("skip", "check-output") and not has_value:
            options[key] = True
        elif key == "expect-error":
            options["expect-error"] = value if has_value and value else True
        elif key == "timeout" and has_value:
            try:
                options["timeout"] = float(value)
                if options["timeout"] <= 0:  # type: ignore[operator]
                    raise ValueError(value)
            except ValueError:
                problems.append(("exec/bad-annotation.timeout", {"value": repr(value)}))
        else:
            problems.append(("exec/bad-annotation", {"word": repr(word)}))
    return options, [
        Finding.of(
            page.path,
            line,
            "exec/bad-annotation",
            Severity.ERROR,
            key,
            "exec/bad-annotation.hint",
            lang=fence.lang,
            block_line=fence.line,
            **values,
        )
        for key, values in problems
    ]
