"""Shell blocks: real bash and real ShellCheck on small pages, findings asserted exactly."""

from __future__ import annotations

import pytest

from validators.checks.blocks import blocks_of, shell
from validators.checks.blocks._placeholders import fill_placeholders, placeholder_in
from validators.findings import Finding
from validators.page import parse_page

F = "`" * 3


def _findings(markdown: str) -> list[tuple[str, int, str]]:
    page = parse_page("w/d/p.md", markdown)
    found: list[Finding] = []
    for block in blocks_of(page):
        if block.lang in shell.LANGS:
            found.extend(shell.check(block))
    return sorted((f.rule, f.line, f.message) for f in found)


DEFECTS = f"""# Lesson

{F}bash
echo "ok"
echo "unclosed
ls
{F}

{F}bash
if [ -f app.log ]; then
  echo found
{F}

{F}bash
sudo echo "nameserver 1.1.1.1" > /etc/resolv.conf
{F}

{F}console
$ docker ps
CONTAINER ID   IMAGE   (none)
$ echo (broken
{F}

{F}bash
docker logs <container>
{F}
"""


def test_planted_defects_are_found_at_their_lines() -> None:
    assert _findings(DEFECTS) == [
        (
            "blocks/bash/placeholder",
            25,
            "1 command line(s) hold a placeholder such as '<container>': templates, not run",
        ),
        (
            "blocks/bash/shellcheck",
            15,
            "ShellCheck SC2024: sudo doesn't affect redirects. Use ..| sudo tee file",
        ),
        (
            "blocks/bash/syntax",
            5,
            "Shell syntax error: unexpected EOF while looking for matching `\"'",
        ),
        ("blocks/bash/syntax", 11, "Shell syntax error: syntax error: unexpected end of file"),
        (
            "blocks/bash/syntax",
            21,
            "Shell syntax error: syntax error near unexpected token `broken'",
        ),
    ]


TRAPS = f"""# Traps

{F}bash
#!/bin/bash
# 컨테이너 로그 확인 (전체)
set -euo pipefail
NAME="web"
if [ -f /etc/hosts ] && [[ -n "$NAME" ]]; then
  sudo docker ps -a | grep "$NAME" || true
fi
docker run -d \\
  --name web \\
  -p 8080:80 \\
  nginx:alpine
kubectl get pods -o jsonpath='{{.items[*].metadata.name}}'
docker rm $(docker ps -aq)
echo "<h1>Hello</h1>" > index.html
cd /tmp && ls [A-Z]* 2>/dev/null
echo "Usage: $0 {{start|stop}} [NAME]"
{F}

{F}bash
docker logs <container>  # 전체 로그
kubectl describe pod <pod-name>
aws s3 mb s3://YOUR_BUCKET
for pod in <pod-name> <other-pod>; do
  kubectl logs "$pod"
done
{F}

{F}bash
cat <<EOF > deploy.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: $NAME
EOF
cat > run.sh <<'EOF'
echo "$1"
EOF
kubectl apply -f - <<EOF
kind: Namespace
EOF
{F}

{F}console
$ sudo apt-get update
Reading package lists... Done (100%)
# systemctl status docker
# 도커 상태 (출력 생략)
● docker.service - Docker "Application" Container Engine
root@host:~# echo "hi"
{F}
"""


def test_correct_commands_and_templates_stay_clean() -> None:
    assert _findings(TRAPS) == [
        (
            "blocks/bash/placeholder",
            23,
            "4 command line(s) hold a placeholder such as '<container>': templates, not run",
        ),
    ]


def test_a_heredoc_goes_to_the_checker_of_its_file(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, int, str]] = []

    def record(block):  # a checker of the target language, at the body's Markdown lines
        seen.append((block.lang, block.line, block.text))
        return []

    monkeypatch.setattr(shell, "checkers", lambda: {"yaml": record, "bash": shell.check})
    _findings(TRAPS)
    assert seen == [
        ("yaml", 33, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: $NAME\n"),
        ("yaml", 42, "kind: Namespace\n"),
    ]


def test_a_shell_heredoc_is_checked_as_shell() -> None:
    page = f"{F}bash\ncat > run.sh <<'EOF'\nif true; then\nEOF\n{F}\n"
    assert _findings(page) == [
        ("blocks/bash/syntax", 3, "Shell syntax error: syntax error: unexpected end of file")
    ]


def test_an_unclosed_heredoc_is_a_syntax_error() -> None:
    page = f"{F}bash\necho start\ncat <<EOF > a.txt\nhello\n{F}\n"
    assert _findings(page) == [
        (
            "blocks/bash/syntax",
            3,
            "Shell syntax error: warning: here-document at line 2 delimited by end-of-file "
            "(wanted `EOF')",
        )
    ]


def test_a_finding_speaks_korean() -> None:
    page = parse_page("w/d/p.md", f"{F}bash\necho ~/'x' \"~/dir\"\n{F}\n")
    (finding,) = shell.check(blocks_of(page)[0])
    assert str(finding.localized("ko")) == (
        "w/d/p.md:2: warning [blocks/bash/shellcheck] ShellCheck 경고 SC2088: Tilde does not "
        "expand in quotes. Use $HOME. (설명과 고치는 법: https://www.shellcheck.net/wiki/SC2088)"
    )


def test_missing_shellcheck_is_told_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shell, "_shellcheck", lambda: None)
    monkeypatch.setattr(shell._missing, "told", False)
    page = f"{F}bash\necho one\n{F}\n\n{F}bash\necho two\n{F}\n"
    assert _findings(page) == [
        (
            "blocks/bash/tool-missing",
            2,
            "ShellCheck is not installed, so shell blocks get only the syntax check",
        )
    ]


@pytest.mark.parametrize(
    ("line", "placeholder"),
    [
        ("docker logs <container>  # 전체 로그", "<container>"),
        ("echo <이름>", "<이름>"),
        ("docker run [OPTIONS] IMAGE", "[OPTIONS]"),
        ('git commit -m "Add: [본인 이름]"', "[본인 이름]"),
        ("docker push your-registry.com/app:1", "your-registry.com"),
        ("aws sts get-caller-identity YOUR_ACCOUNT_ID", "YOUR_ACCOUNT_ID"),
        ("kubectl get pods ...", "..."),
        ("ls …", "…"),
        ("export TOKEN=ghp_xxxx", "xxxx"),
        ("[ -f file ] && echo ok", None),
        ("[[ -n $a ]]", None),
        ("ls [A-Z]*", None),
        ("echo ${a[@]}", None),
        ('echo "<h1>Hi</h1>" > index.html', None),
        ("mysql < dump.sql; diff <(a) <(b); cat <<EOF", None),
        ('echo "..."; echo "Usage: $0 [FILE]"', None),
        ("echo hi  # <name> 자리", None),
    ],
)
def test_placeholders(line: str, placeholder: str | None) -> None:
    assert placeholder_in(line) == placeholder
    if placeholder:
        assert placeholder not in fill_placeholders(line)
