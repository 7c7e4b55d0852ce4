"""Extraction of shell blocks and commands, expectations, and judging (no daemon needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from validators import parse_page
from validators.checks.exec.extract import extract_blocks, is_complete, opens_shell, split_commands
from validators.checks.exec.runner import judge, message_matches, needs_network
from validators.checks.exec.shell import Result

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
    from validators.page import parse_page
    from validators.render import render_page

    text = (
        "# Page\n\n**🚨 의도적 오류 포인트**: 테스트\n"
        '<!-- exec: timeout=5 expect-error="already exists" -->\n'
        + _fence("bash", "docker network create x")
    )
    (block,), _ = _blocks(text)
    assert block.error_point and block.timeout == 5.0
    html = render_page(parse_page("page.md", text)).html  # as the site renders it
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


# --- container shells, files, expected output ------------------------------------------------


@pytest.mark.parametrize(
    ("command", "opens"),
    [
        ("docker run -it --name demo ubuntu:20.04 bash", True),
        ("docker exec -it web sh", True),
        ("docker run -ti --rm -p 8080:80 -v $(pwd):/app -w /app alpine /bin/sh", True),
        ("docker run -i -t -e A=1 --name=x alpine ash", True),
        ("docker container exec --interactive --tty db bash -l", True),
        ("sudo docker run -it ubuntu", True),  # a base image's own shell
        ("docker run -it -p 8080:80 nginx", False),  # nginx's own command is a server
        ("docker run -dit --name bg alpine sh", False),  # detached
        ("docker exec -it web ls /", False),  # not a shell
        ("docker run -it alpine sh -c 'ls'", False),  # a command, not a session
        ("docker exec web sh", False),  # no terminal
        ("docker run -it alpine sh | tee log", False),
        ("echo docker run -it alpine sh", False),
    ],
)
def test_which_commands_open_a_container_shell(command: str, opens: bool) -> None:
    assert opens_shell(command) is opens


def test_lines_after_a_container_shell_are_typed_into_it_up_to_exit() -> None:
    (block,), _ = _blocks(
        _fence(
            "bash",
            "docker run -it --name demo ubuntu:20.04 bash\n"  # line 2
            "cat /etc/hostname  # 원본\n"
            'echo "modified" > /etc/hostname\n'
            "exit\n"
            "docker diff demo\n"  # line 6: back on the host
            "docker exec -it demo sh\n"
            "ls /",
        )
    )
    lines = [(c.line, c.opens_shell, c.inside, c.exits) for c in block.commands]
    assert lines == [
        (2, True, None, False),
        (3, False, 2, False),
        (4, False, 2, False),
        (5, False, 2, True),
        (6, False, None, False),
        (7, True, None, False),
        (8, False, 7, False),
    ]


def test_titled_blocks_are_files_and_captions_are_not() -> None:
    text = (
        _fence('dockerfile title="Dockerfile.multi"', "FROM alpine\nRUN true")
        + _fence('json title="app/package.json"', '{"name": "app"}')
        + _fence('bash title="setup.sh"', "echo setup")
        + _fence('bash title="터미널에서 실행"', "echo run")  # a caption: runs
        + _fence('yaml title="/etc/app.yml"', "a: 1")  # outside the working directory
        + _fence('yaml title="../up.yml"', "a: 1")
        + _fence("dockerfile", "FROM alpine")  # no title: not a file, not run
    )
    blocks, findings = _blocks(text)
    assert findings == []
    assert [(b.index, b.file, len(b.commands)) for b in blocks] == [
        (0, "Dockerfile.multi", 0),
        (1, "app/package.json", 0),
        (2, "setup.sh", 0),
        (3, None, 1),
    ]


def test_expected_output_is_checked_only_when_the_author_opts_in() -> None:
    body = "docker diff web\n# A /tmp/newfile.txt  (A = Added)\n# C /var/log"
    plain, _ = _blocks(_fence("bash", body))
    assert plain[0].commands[0].output == ()
    annotated, _ = _blocks("<!-- exec: check-output -->\n" + _fence("bash", body))
    assert annotated[0].commands[0].output == ("A /tmp/newfile.txt", "C /var/log")
    front = "---\ntitle: x\nexec:\n  check-output: true\n---\n\n# T\n\n" + _fence("bash", body)
    blocks, _ = _blocks(front)
    command = blocks[0].commands[0]
    assert (command.line, command.output[0]) == (10, "A /tmp/newfile.txt")
    # An error comment is an expected failure, never expected output.
    failing, _ = _blocks(
        "<!-- exec: check-output -->\n" + _fence("bash", "docker rm x\n# Error: No such container")
    )
    assert failing[0].commands[0].output == ()
    assert failing[0].commands[0].expect is not None


def test_front_matter_is_not_content() -> None:
    page = parse_page("p.md", "---\ntitle: 제목\ntags: [a]\n---\n# Real\n")
    assert page.meta == {"title": "제목", "tags": ["a"]}
    assert [(h.level, h.text, h.line) for h in page.headings] == [(1, "Real", 5)]
    assert parse_page("q.md", "---\n- a list\n---\n# H\n").meta == {}
