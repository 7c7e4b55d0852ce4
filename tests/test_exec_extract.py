"""Extraction of shell blocks and commands, expectations, and judging (no daemon needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from validators import parse_page
from validators.exec.extract import extract_blocks, is_complete, split_commands
from validators.exec.runner import judge, message_matches, needs_network
from validators.exec.shell import Result

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "exec"


def _blocks(text: str):  # type: ignore[no-untyped-def]
    return extract_blocks(parse_page("p.md", text))


def _fence(lang: str, body: str) -> str:
    return f"```{lang}\n{body}\n```\n"


def test_commands_split_at_their_markdown_lines() -> None:
    text = "# Title\n\n" + _fence(
        "bash",
        "# comment only\n"
        "docker run -d \\\n  --name web \\\n  nginx\n"
        "\n"
        "cat <<'EOF' > conf\nline $x\nEOF\n"
        "echo $(date \\\n  +%s) | tr 1 2 |\n  wc -c\n"
        "if true; then\n  echo yes\nfi\n"
        "[[ -n x ]] && echo ok\n"
        'case "$1" in a) echo a;; esac\n'
        "f() {\n  echo fn\n}\n"
        "echo one; echo two",
    )
    (block,), problems = _blocks(text)
    assert problems == []
    lines = [(c.line, c.text.split("\n")[0]) for c in block.commands]
    assert lines == [
        (5, "docker run -d \\"),
        (9, "cat <<'EOF' > conf"),
        (12, "echo $(date \\"),
        (15, "if true; then"),
        (18, "[[ -n x ]] && echo ok"),
        (19, 'case "$1" in a) echo a;; esac'),
        (20, "f() {"),
        (23, "echo one; echo two"),
    ]
    assert block.commands[1].text == "cat <<'EOF' > conf\nline $x\nEOF"


def test_only_shell_languages_and_comment_only_blocks_have_no_commands() -> None:
    text = (
        _fence("python", "print(1)")
        + _fence("sh", "ls")
        + _fence("shell", "pwd")
        + _fence("{.bash}", "echo braces")
        + _fence("bash", "# just a comment\n\n# another")
        + _fence("dockerfile", "RUN ls")
        + _fence("", "ls")
    )
    blocks, _ = _blocks(text)
    assert [[c.text for c in b.commands] for b in blocks] == [["ls"], ["pwd"], ["echo braces"], []]


def test_completeness_is_decided_by_the_shell_where_bashlex_cannot() -> None:
    assert is_complete("echo hi")
    assert not is_complete("echo 'open")
    assert not is_complete("echo \"it's open")
    assert is_complete("cat <<EOF\nit's\nEOF")
    assert is_complete("echo \"it's\" # don't")
    assert not is_complete("cat <<'EOF'\nbody")
    assert is_complete("cat <<'EOF'\nbody\nEOF")
    assert not is_complete("[[ -n x ]] &&")
    assert not is_complete("ls \\")
    assert is_complete("# comment ending with \\")


def test_console_blocks_run_prompts_and_read_shown_errors() -> None:
    text = _fence(
        "console",
        "$ docker network create demo\n"
        "3f1c0b\n"
        "$ docker network create demo\n"
        "Error response from daemon: network with name demo already exists\n"
        "$ echo a \\\n> b\n"
        "a b\n"
        "output without a prompt",
    )
    (block,), _ = _blocks(text)
    assert [(c.line, c.text) for c in block.commands] == [
        (2, "docker network create demo"),
        (4, "docker network create demo"),
        (6, "echo a \\\nb"),
    ]
    assert block.commands[0].expect is None
    assert block.commands[1].expect is not None
    assert block.commands[1].expect.message.endswith("network with name demo already exists")
    assert block.commands[2].expect is None


def test_seed_session_5_intentional_errors() -> None:
    path = ROOT / "docs" / "week1" / "day2" / "session_5.md"
    page = parse_page("week1/day2/session_5.md", path.read_text(encoding="utf-8"))
    blocks, problems = extract_blocks(page)
    assert problems == []
    expected = {c.line: c.expect for b in blocks for c in b.commands if c.expect}
    assert {line: e.message for line, e in expected.items()} == {
        128: "Error: network with name pair1-network already exists",
        165: "Error: port is already allocated",
        244: "ping: bad address 'isolated-container'",
    }
    by_line = {b.fence.line: b for b in blocks}
    assert by_line[126].error_point and by_line[241].error_point
    # 🚨 point 4 is comments only: nothing to run, nothing expected.
    assert by_line[282].error_point and by_line[282].commands == ()
    assert not by_line[112].error_point
    # Line 243 (`docker run -d --name isolated-container …`) must succeed.
    assert next(c for c in by_line[241].commands if c.line == 243).expect is None
    assert sum(len(b.commands) for b in blocks) == 49


def test_error_point_without_message_expects_the_last_command_to_fail() -> None:
    text = "**🚨 의도적 오류 포인트**: 없는 이미지\n" + _fence("bash", "echo setup\nfalse")
    (block,), _ = _blocks(text)
    assert block.commands[0].expect is None
    assert block.commands[1].expect is not None and block.commands[1].expect.message is None


def test_error_marker_in_a_comment_and_error_comments_anywhere() -> None:
    marked = _fence("bash", "# 다시 만들기 (오류 발생)\ndocker network create x\n# already exists")
    (block,), _ = _blocks(marked)
    assert block.error_point
    assert block.commands[0].expect.message == "already exists"
    plain = _fence("bash", "docker rm nothing\n# Error: No such container: nothing\n\nls\n# a note")
    (block,), _ = _blocks(plain)
    assert block.commands[0].expect.message == "Error: No such container: nothing"
    assert block.commands[1].expect is None  # an ordinary comment states nothing
    spaced = _fence("bash", "docker rm nothing\n\n# Error: separated by a blank line")
    (block,), _ = _blocks(spaced)
    assert block.commands[0].expect is None


def test_annotations() -> None:
    text = (
        "<!-- exec: skip -->\n"
        + _fence("bash", "docker run -it ubuntu bash")
        + '\n<!-- exec: timeout=5 expect-error="bad address" -->\n'
        + _fence("bash", "echo first\nping nowhere")
        + "\n<!-- exec: expect-error -->\n"
        + _fence("bash", "false")
        + "\n<!-- exec: timeout=soon retry -->\n"
        + _fence("bash", "true")
    )
    blocks, problems = _blocks(text)
    assert blocks[0].skip and not blocks[1].skip
    assert blocks[1].timeout == 5.0
    assert blocks[1].commands[0].expect is None
    assert blocks[1].commands[1].expect.message == "bad address"
    assert blocks[1].commands[1].expect.source == "annotation"
    assert blocks[2].commands[0].expect.message is None
    assert [(p.rule, p.line) for p in problems] == [("exec/bad-annotation", 17)] * 2
    assert "'soon'" in problems[0].message and "'retry'" in problems[1].message


def test_annotation_stays_out_of_the_rendered_page() -> None:
    import markdown
    import yaml

    from hooks.github_compat import to_python_markdown

    text = (
        "# Page\n\n**🚨 의도적 오류 포인트**: 테스트\n"
        '<!-- exec: timeout=5 expect-error="already exists" -->\n'
        + _fence("bash", "docker network create x")
    )
    (block,), _ = _blocks(text)
    assert block.error_point and block.timeout == 5.0
    # The site's own Markdown extensions (mkdocs.yml), as MkDocs would load them.
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    extensions, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        if name.startswith("pymdownx.") or name in ("tables", "attr_list", "md_in_html"):
            extensions.append(name)
            configs[name] = options or {}
    configs.pop("pymdownx.emoji", None)
    extensions = [e for e in extensions if e != "pymdownx.emoji"]
    html = markdown.markdown(
        to_python_markdown(text), extensions=extensions, extension_configs=configs
    )
    visible = re.sub(r"<!--.*?-->", "", html, flags=re.DOTALL)
    assert "exec:" not in visible and "expect-error" not in visible
    assert "의도적 오류 포인트" in visible
    assert re.search(r"<code>.*docker.*network.*create", visible, re.DOTALL)


def test_split_commands_helper() -> None:
    commands = split_commands("a=1\n\n# c\necho $a |\n  cat", first_line=10)
    assert [(c.line, c.text) for c in commands] == [(10, "a=1"), (13, "echo $a |\n  cat")]


# --- judging ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "output", "matches"),
    [
        (
            "Error: network with name pair1-network already exists",
            "Error response from daemon: network with name pair1-network already exists\n",
            True,
        ),
        (
            "Error: port is already allocated",
            "docker: Error response from daemon: driver failed programming external "
            "connectivity on endpoint w (ab): Bind for 0.0.0.0:8081 failed: port is already "
            "allocated.",
            True,
        ),
        ("ping: bad address ‘isolated-container’", "ping: bad address 'isolated-container'", True),
        ("Error: Bind for ... failed: port", "Bind for 0.0.0.0:80 failed: port in use", True),
        ("Error: port is already allocated", "Error: No such container: web", False),
        ("Error: Bind for ... port", "port ... Bind for", False),
    ],
)
def test_message_matching(expected: str, output: str, matches: bool) -> None:
    assert message_matches(expected, output) is matches


def test_network_failures_are_told_from_lesson_errors() -> None:
    search = (
        'Error response from daemon: Get "https://index.docker.io/v1/search?q=nginx&n=25": '
        "dial tcp: lookup index.docker.io on 10.0.0.53:53: no such host"
    )
    assert needs_network(search)
    assert needs_network("curl: (6) Could not resolve host: example.com")
    assert not needs_network("ping: bad address 'isolated-container'")
    assert not needs_network("curl: (6) Could not resolve host: pair1-web")
    assert not needs_network("Error response from daemon: network pair3-network not found")


def test_judge_rules_and_trimmed_output() -> None:
    text = _fence(
        "bash",
        "docker network create x\n# Error: already exists\n"
        "echo fine\n"
        "docker rm gone\n# Error: No such container: gone",
    )
    page = parse_page("p.md", text)
    (block,), _ = extract_blocks(page)
    create, echo, remove = block.commands
    assert (
        judge(page, create, Result(1, "Error response from daemon: x already exists", 0.1), 9)
        is None
    )
    succeeded = judge(page, create, Result(0, "3f1c", 0.1), 9)
    assert succeeded.rule == "exec/expected-failure-succeeded" and succeeded.line == 2
    other = judge(page, remove, Result(1, "permission denied", 0.1), 9)
    assert other.rule == "exec/expected-message-mismatch" and "permission denied" in other.message
    assert judge(page, echo, Result(0, "fine", 0.1), 9) is None
    long_output = "\n".join(f"line {n}" for n in range(100)) + "\n" + "x" * 500
    failed = judge(page, echo, Result(3, long_output, 0.1), 9)
    assert failed.rule == "exec/failed" and failed.severity.value == "error"
    assert "line 99" in failed.message and "line 10\n" not in failed.message
    assert "earlier lines" in failed.message and "x" * 250 not in failed.message
    timeout = judge(page, echo, Result(130, "partial", 9.0, timed_out=True), 9)
    assert timeout.rule == "exec/timeout" and "9s" in timeout.message
    network = judge(
        page,
        remove,
        Result(1, 'Get "https://registry-1.docker.io/v2/": dial tcp: i/o timeout', 1),
        9,
    )
    assert network.rule == "exec/needs-network" and network.severity.value == "warning"
