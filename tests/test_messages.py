"""The message catalog: every sentence a check shows has an English and a Korean text.

Three views of the same promise: the catalog's entries are complete (both languages, the
same placeholders or their `_ko` forms); every message id the code names is in the
catalog; and every way the links, mermaid, exec and page checks make a finding (each run
here on a small input) lands on catalog entries, which between them use every entry of
those checks.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from pymdownx.slugs import slugify as make_slugify

from tests.conftest import ROOT
from validators.checks.exec.extract import Command, Expectation, extract_blocks
from validators.checks.exec.runner import (
    _fork_bomb,
    _lost,
    _modes_finding,
    _PageState,
    _placeholder_finding,
    _script_finding,
    _script_needs,
    _unrunnable,
    _workdir_note,
    _WorkingCopy,
    _write_file,
    judge,
)
from validators.checks.exec.shell import Result
from validators.checks.links.checker import Link, _external_finding, _unchecked, check_links
from validators.checks.links.external import (
    BROKEN,
    DENIED,
    FAILED,
    NO_HOST,
    REDIRECT,
    REFUSED,
    STATUS,
    TIMED_OUT,
    TLS,
    TOO_MANY_REDIRECTS,
    UNREACHABLE,
    LinkStatus,
)
from validators.checks.mermaid.verdict import findings_for
from validators.course import read_page, read_text
from validators.findings import Finding, Severity
from validators.messages import CATALOG, text
from validators.page import parse_page

SLUGIFY = make_slugify(case="lower")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A message id: a check's family, the rule's name, then optional `.suffix`es.
MESSAGE_ID = re.compile(r"(?:page|course|schedule|links|mermaid|exec)/[a-z0-9-]+(?:\.[a-z0-9-]+)*")
_FILE = re.compile(r"\.(?:json|md|ya?ml|txt|py|js|html|css|sh)$")  # `exec/results.json`
# The checks whose every finding is made below.
MINE = ("links/", "mermaid/", "exec/", "page/")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def ids_in_code() -> dict[str, str]:
    """Every string constant in validators/ that looks like a message id → where it is."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "validators").rglob("*.py")):
        if path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if MESSAGE_ID.fullmatch(node.value) and not _FILE.search(node.value):
                    found.setdefault(node.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


# -- the catalog itself ----------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_entry_has_english_and_korean_with_the_same_placeholders(key: str) -> None:
    english, korean = CATALOG[key]
    assert english.strip() and korean.strip(), key
    if re.search(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", english)):  # words, not only values
        assert HANGUL.search(korean), f"{key}: the Korean text has no Korean in it: {korean!r}"
    # A Korean text may take the Korean form of a value (`{kind_ko}` for `{kind}`).
    korean_names = {name.removesuffix("_ko") for name in placeholders(korean)}
    assert korean_names == placeholders(english), key


def test_every_message_id_in_the_code_is_in_the_catalog() -> None:
    missing = {key: where for key, where in ids_in_code().items() if key not in CATALOG}
    assert missing == {}


def test_every_rule_has_a_korean_message() -> None:
    rules = {key for key in ids_in_code() if "." not in key}
    assert rules, "no rule ids found in validators/"
    without = sorted(rule for rule in rules if rule not in CATALOG)
    assert without == [], "rules without a catalog entry (English and Korean)"


# -- every finding, made ---------------------------------------------------------------------


def _docs(root: Path, files: dict[str, str]) -> Path:
    docs = root / "docs"
    for name, body in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(body, encoding="utf-8")
    return docs


def link_findings(tmp_path: Path) -> list[Finding]:
    docs = _docs(
        tmp_path,
        {
            "w/d/p.md": "# P\n\n## Here\n\n"
            "[a](/w/d/q.md) ![a](/w/d/pic.png)\n"
            "[o](../../../out.md) ![o](../../../out.png)\n"
            "[similar](./q2.md) [none](./unlike-anything.md) ![page](./q3.md)\n"
            "[readme](idx/README.md) [readme](html/README.md)\n"
            "[folder](./scripts/) ![folder](./empty/)\n"
            "[file](pic2.png) ![file](nothing.png)\n"
            "[anchor](q.md#heer) [anchor](q.md#zzzzzzzzzz) ![anchor](q.md#zzzzzzzzzz)\n\n"
            '<a href="q.md">q</a> <a href="pic.png">pic</a> <img src="pic.png">'
            ' <img src="q.md">\n',
            "w/d/q.md": "# Q\n\n## Here\n",
            "w/d/pic.png": "png",
            "w/d/idx/index.md": "# Index\n",
            "w/d/idx/README.md": "# Readme\n",
            "w/d/html/index.html": "<h1>x</h1>\n",
            "w/d/html/README.md": "# Readme\n",
            "w/d/scripts/run.sh": "echo\n",
            "w/d/empty/sub/x.txt": "x\n",
        },
    )
    pages = [
        parse_page(p.relative_to(docs).as_posix(), p.read_text(encoding="utf-8"))
        for p in sorted(docs.rglob("*.md"))
    ]
    findings = check_links(pages, docs, SLUGIFY, offline=True)
    link = Link("p.md", 3, "https://example.com/x", "link")
    statuses = [
        LinkStatus("u", BROKEN, 404, "404 Not Found"),
        LinkStatus("u", BROKEN, 410, "410 Gone", final_url="https://example.com/y"),
        LinkStatus("u", REDIRECT, 200, "200 OK", new_url="https://example.com/new"),
        LinkStatus("u", DENIED, 403, "403 Forbidden"),
        LinkStatus("u", DENIED, 401, "401 Unauthorized", final_url="https://example.com/y"),
        LinkStatus("u", STATUS, 503, "503 Service Unavailable"),
        LinkStatus("u", STATUS, 400, "400 Bad Request", final_url="https://example.com/y"),
        *(
            LinkStatus("u", UNREACHABLE, reason="why", cause=cause)
            for cause in (TIMED_OUT, TLS, NO_HOST, REFUSED, FAILED, TOO_MANY_REDIRECTS, "")
        ),
    ]
    for status in statuses:
        finding = _external_finding(link, status, 10)
        assert finding is not None
        findings.append(finding)
    findings += [_unchecked([(link, "u")], offline) for offline in (True, False)]
    return findings


def mermaid_findings() -> list[Finding]:
    page = parse_page("m.md", "# M\n\n```mermaid\ngraph TD\n  A --> B\n```\n")
    (fence,) = page.fences
    flow = "graph TD\n  A --> B\n  style A,B fill:#fff\n  style Bb fill:#fff\n  style Zq x:1"
    results: list[tuple[str, dict]] = [
        (flow, {"timeout": True}),
        (flow, {"crash": True}),
        (flow, {"error": {"internal": True, "message": "boom"}}),
        ("", {"error": {"name": "UnknownDiagramError", "message": "No diagram type"}}),
        ("grph TD", {"error": {"name": "UnknownDiagramError", "message": "No diagram type"}}),
        (flow, {"error": {"parses": True, "message": "Something odd"}}),
        *(
            (flow, {"error": {"parses": True, "message": message}})
            for message in (
                "Invalid date:2024-13-45",
                "Setting A as parent of A would create a cycle",
                "circular link: a -> b -> a",
                "Task x is excluded by `excludes`",
                "Columns must be a positive number",
                "Trying to checkout branch which is not yet created",
            )
        ),
        (flow, {"error": {"message": "Cannot merge"}}),
        (flow, {"error": {"message": "Lexical error on line 2", "line": 1}}),
        (
            flow,
            {
                "error": {
                    "message": "Expecting 'SEMI', 'NEWLINE', got 'MINUS'",
                    "loc": {"first": 2, "last": 2},
                    "token": "MINUS",
                }
            },
        ),
        (
            flow,
            {
                "error": {
                    "message": "Expecting 'SQE', 'PE', got '1'",
                    "loc": {"first": 2, "last": 2},
                    "token": "1",
                }
            },
        ),
        (flow, {"error": {"message": "Parse error on line 2, column 3: unexpected x."}}),
        (flow, {"error": {"message": "Something at line 2", "line": 1}}),
        (flow, {"stray": {"stray": ["A,B", "Bb", "Zq"], "defined": ["A", "B"]}}),
        ("radar-beta\n  axis a", {"github": {"name": "UnknownDiagramError", "message": "x"}}),
        ("architecture-beta\n  service a(disk)[a-b]", {"github": {"message": "unexpected"}}),
        (flow, {"github": {"message": "Parse error on line 2, column 3: unexpected x."}}),
    ]
    findings: list[Finding] = []
    for code, result in results:
        found = findings_for("m.md", fence, code, result, 1.5, "11.3.0")
        assert found, result
        findings += found
    return findings


_NO_IPTABLES = "iptables: Could not fetch rule set generation id: Permission denied"
_PROMPT = "WARNING! This will remove all images.\nAre you sure you want to continue? [y/N] "
_NO_COMPOSE_FILE = "ERROR: Can't find a suitable configuration file in this directory"


def exec_findings(tmp_path: Path) -> list[Finding]:
    page = parse_page(
        "e.md",
        "# E\n\n<!-- exec: sometimes timeout=soon -->\n```bash\necho\n```\n\n"
        "<!-- exec: 'unclosed -->\n```bash\necho\n```\n\n"
        '```text title="link/file.txt"\nx\n```\n\n```text title="plain/file.txt"\nx\n```\n',
    )
    blocks, findings = extract_blocks(page)
    work = tmp_path / "work"
    work.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (work / "link").symlink_to(tmp_path / "elsewhere")
    (work / "plain").write_text("a file where a folder should be")
    for block in blocks:
        if block.file is not None:
            findings += _write_file(page, block, work)
    plain = Command("echo hi", 5)
    failing = Command("docker rm x", 5, expect=Expectation(None, "comment"))
    worded = Command("docker rm x", 5, expect=Expectation("No such container", "comment"))
    inner = Command("ls", 7, inside=6)
    printing = Command("echo hi", 5, output=("hello",))
    network = 'Error: Get "https://registry-1.docker.io/v2/": dial tcp: i/o timeout'
    state = _PageState()
    runs = [
        (plain, Result(130, "tick", 2.0, timed_out=True)),
        (plain, Result(130, "tick", 2.0, timed_out=True, shell_lost=True)),
        (inner, Result(130, "tick", 2.0, timed_out=True, inner_ended=True)),
        (plain, Result(1, "bye\n[the shell exited]", 0.1)),
        (inner, Result(0, "", 0.1, inner_ended=True)),
        (Command("docker pull nginx", 4), Result(1, network, 0.1)),
        (Command("docker run nginx", 5), Result(125, "Unable to find image 'nginx'", 0.1)),
        (plain, Result(3, "oops", 0.1)),
        (failing, Result(0, "", 0.1)),
        (worded, Result(0, "", 0.1)),
        (worded, Result(1, "permission denied", 0.1)),
        (printing, Result(0, "hi", 0.1)),
    ]
    # exec: honest (no cluster, no cloud account, template lines)
    findings.append(
        _unrunnable(page, Command("P=$(kubectl get po)", 6), ("cluster", "kubectl"), state)
    )
    findings.append(_unrunnable(page, Command("B=$(aws s3 ls)", 6), ("cloud", "aws"), state))
    findings.append(_placeholder_finding(page, [(Command("docker logs <c>", 6), "<c>")]))
    findings.append(_lost(page, Command("pkill dockerd", 9), ""))
    refused = "The connection to the server localhost:8080 was refused"
    runs += [
        (Command("./k.sh", 7), Result(1, refused, 0.1)),
        (Command("./s3.sh", 7), Result(1, "Unable to locate credentials", 0.1)),
        (Command('cat "$P"', 8), Result(1, "cat: '': No such file or directory", 0.1)),
        (Command('cat "$B"', 8), Result(1, "cat: '': No such file or directory", 0.1)),
        (Command("ID=$(docker-compose ps -q db)", 9), Result(1, _NO_COMPOSE_FILE, 0.1)),
        (Command('docker logs "$ID"', 10), Result(1, '"docker logs" requires 1 argument', 0.1)),
        (Command("docker logs -f w", 9), Result(130, "tick", 2.0, timed_out=True)),
        (Command("trivy image app", 11), Result(127, "bash: trivy: command not found", 0.1)),
        (Command("cat app.log", 12), Result(1, "cat: app.log: No such file or directory", 0.1)),
        (Command("iptables -L", 13), Result(4, _NO_IPTABLES, 0.1)),
        (Command("docker image prune -a", 14), Result(130, _PROMPT, 2.0, timed_out=True)),
    ]
    # exec: where the lesson expects to run, what other lessons make, what a cluster serves
    state.page, state.order = "e.md", {"a.md": 0, "e.md": 1}
    state.makers = {"lab": [("a.md", 4)]}
    no_home = "bash: cd: /x/home/lab: No such file or directory"
    refused_node = "curl: (7) Failed to connect to localhost port 30080"
    runs += [
        (Command("cd ~/lab", 15), Result(1, no_home, 0.1)),
        (Command("curl localhost:30080", 16), Result(7, refused_node, 0.1)),
        (
            Command("docker service create --name w lab/web", 17),
            Result(130, "1/1: No such image: lab/web", 2.0, timed_out=True),
        ),
    ]
    for command, result in runs:
        finding = judge(page, command, result, 2.0, state)
        assert finding is not None, command
        findings.append(finding)
    findings.append(_fork_bomb(page, Command(":(){ :|:& };:", 18)))
    findings.append(_workdir_note("e.md", Command("./x.sh", 19), "./x.sh", "w/d", "~/lab"))
    copy = _WorkingCopy(tmp_path, False, shebang=3)
    findings.append(_modes_finding("e.md", copy))
    findings.append(_script_finding(page, Command("./k.sh", 20), ("cluster", "kubectl"), ""))
    findings.append(_script_finding(page, Command("./c.sh", 21), ("cloud", "aws"), ""))
    findings.append(_script_finding(page, Command("./p.sh", 22), ("network", ""), ""))
    # exec: packages, probes, plugins, what other lessons or the page's own script made
    state.scripted = {"front-net": 23}
    made = "Error response from daemon: network with name front-net already exists"
    for command, result in [
        (Command("sudo apt-get install -y jq", 22), Result(100, "E: Unable to locate", 0.1)),
        (Command("lsof -i :8080", 22), Result(1, "", 0.1)),
        (
            Command("docker scout cves app", 22),
            Result(1, "docker: unknown command: docker scout", 0.1),
        ),
        (Command("docker network rm old-net", 22), Result(1, "network old-net not found", 0.1)),
        (Command("docker volume rm old-data", 22), Result(1, "get old-data: no such volume", 0.1)),
        (Command("docker history old:1", 22), Result(1, "No such image: old:1", 0.1)),
        (Command("docker network create front-net", 24), Result(1, made, 0.1)),
    ]:
        finding = judge(page, command, result, 2.0, state)
        assert finding is not None, command
        findings.append(finding)
    state = _PageState()
    check = "docker exec other-db mysql -e 'select 1'\n"
    found = _script_needs(page, Command("./check.sh", 27), Result(1, "x", 0.1), state, check)
    assert found is not None and found.key == "exec/needs-project.script"
    findings.append(found)
    state = _PageState()
    state.remember(Command("docker run --nmae app nginx", 25), "exec/failed")
    state.mentioned.add("app")
    for command, result in [
        (Command("docker stats app", 26), Result(1, "No such container: app", 0.1)),
    ]:
        finding = judge(page, command, result, 2.0, state)
        assert finding is not None, command
        findings.append(finding)
    return findings


def page_findings(tmp_path: Path) -> list[Finding]:
    findings: list[Finding] = []
    folder = tmp_path / "folder.md"
    folder.mkdir(parents=True)
    findings += read_text(folder, "folder.md")[1]
    files = {
        "huge.md": b"# Huge\n" + b"x" * 2_000_001,
        "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00",
        "latin1.md": "# Café\n".encode("latin-1"),
        "open.md": b"# Open\n\n```bash\nls\n",
        "nested.md": b"# N\n\n```markdown\n```yaml\na: 1\n```\n```\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        findings += read_page(tmp_path / name, name)[1]
    return findings


@pytest.fixture(scope="module")
def all_findings(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    root = tmp_path_factory.mktemp("messages")
    return [
        *link_findings(root / "links"),
        *mermaid_findings(),
        *exec_findings(root / "exec"),
        *page_findings(root / "page"),
    ]


def test_every_finding_comes_from_the_catalog(all_findings: list[Finding]) -> None:
    for finding in all_findings:
        assert finding.key in CATALOG, finding
        assert not finding.hint or finding.hint_key in CATALOG, finding
        args = dict(finding.args)
        assert all(isinstance(value, (str, int, float)) for value in args.values()), finding
        assert finding.message == text(finding.key, "en", args)


def test_every_finding_speaks_korean(all_findings: list[Finding]) -> None:
    for finding in all_findings:
        korean = finding.localized("ko")
        assert HANGUL.search(korean.message), finding
        assert not finding.hint or HANGUL.search(korean.hint), finding
        assert (korean.rule, korean.line, korean.severity) == (
            finding.rule,
            finding.line,
            finding.severity,
        )
        assert korean.localized("en") == finding


def test_every_entry_of_these_checks_is_used(all_findings: list[Finding]) -> None:
    used = {f.key for f in all_findings} | {f.hint_key for f in all_findings if f.hint_key}
    unused = sorted(key for key in CATALOG if key.startswith(MINE) and key not in used)
    assert unused == []


def test_a_korean_finding_reads_as_korean() -> None:
    finding = Finding.of(
        "w/d/p.md",
        3,
        "links/missing-page",
        Severity.ERROR,
        hint="links/missing-page.hint.similar",
        url="./session_3.md",
        target="w/d/session_3.md",
        suggestion="./session_4.md",
    )
    assert str(finding.localized("ko")) == (
        "w/d/p.md:3: error [links/missing-page] 링크 './session_3.md'가 가리키는 "
        "'w/d/session_3.md'은(는) 코스의 페이지가 아닙니다 ('./session_4.md'을(를) 의도하셨나요?)"
    )
