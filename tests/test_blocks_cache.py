"""The blocks check's results on disk: a second run asks no tool, the results move with
the block, and a broken cache file is only a cold start."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from validators.checks.blocks import _cache, check_blocks, shell
from validators.page import parse_page

BLOCKS = """# T

```bash
docker run --nmae web nginx
kubectl get pods --namespcae x
if [ $x = 1 ]; then
  echo "VAR = value"
fi
rm -rf /usr/
```

```dockerfile
FROM ubuntu
RUN cd /app && make
```

```yaml
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containerz: []
```

```json
{"a": 1,}
```

```python
def f(:
```

```hcl
resource "a" "b" {
```
"""


def _run(store: Path, path: str = "week1/day1/session_1.md", above: str = "") -> list:
    page = parse_page(path, above + BLOCKS)
    with _cache.use(_cache.Store(store)):
        return check_blocks([page])


def _no_subprocess(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a subprocess on a warm run: {args}")

    monkeypatch.setattr(subprocess, "run", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)


def test_warm_run_asks_no_tool_and_moves_with_the_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "blocks" / "results.json"
    cold = _run(store)
    assert store.is_file() and len({f.rule.split("/")[1] for f in cold}) >= 5
    _no_subprocess(monkeypatch)
    assert _run(store) == cold
    moved = _run(store, "week2/day3/lab_1.md", above="# Moved\n\n텍스트\n\n")
    assert [(f.path, f.line - 4, f.rule, f.message, f.hint) for f in moved] == [
        ("week2/day3/lab_1.md", f.line, f.rule, f.message, f.hint) for f in cold
    ]
    assert [f.localized("ko").message for f in moved] == [f.localized("ko").message for f in cold]


def test_the_store_is_plain_json_with_findings_relative_to_the_block(tmp_path: Path) -> None:
    store = tmp_path / "results.json"
    _run(store)
    data = json.loads(store.read_text(encoding="utf-8"))
    assert data["format"] == _cache.FORMAT
    modules = {namespace.split("|")[0] for namespace in data["entries"]}
    assert {"shell", "commands", "commands-lines", "dockerfile", "yaml", "json"} <= modules
    shellcheck = next(ns for ns in data["entries"] if ns.startswith("shell|"))
    assert "shellcheck=" in shellcheck and "bash=" in shellcheck


@pytest.mark.parametrize("content", [b"{not json", b'{"format": 1, "entries": 3}', b"\xff\xfe"])
def test_a_corrupt_store_is_a_cold_start(tmp_path: Path, content: bytes) -> None:
    expected = _run(tmp_path / "good.json")
    store = tmp_path / "results.json"
    store.write_bytes(content)
    assert _run(store) == expected
    assert json.loads(store.read_text(encoding="utf-8"))["format"] == _cache.FORMAT


def test_an_unwritable_store_is_no_crash(tmp_path: Path) -> None:
    expected = _run(tmp_path / "good.json")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert _run(blocker / "blocks" / "results.json") == expected


def test_another_shellcheck_is_another_namespace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "results.json"
    with_tool = _run(store)
    monkeypatch.setattr(shell, "_shellcheck", lambda: None)
    monkeypatch.setattr(shell._missing, "told", True)
    without = _run(store)
    assert "blocks/bash/shellcheck" in {f.rule for f in with_tool}
    assert "blocks/bash/shellcheck" not in {f.rule for f in without}
    spaces = [ns for ns in json.loads(store.read_text())["entries"] if ns.startswith("shell|")]
    assert len(spaces) == 1 and spaces[0].endswith("shellcheck=none")


def test_one_shellcheck_run_for_many_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    if shell._shellcheck() is None:
        pytest.skip("ShellCheck is not installed")
    texts = [f"echo {n}\nVAR= value{n}\n" for n in range(30)] + ["echo ok\n", "if then\n"]
    runs = []
    real = subprocess.run

    def counting(command: list[str], *args: object, **kwargs: object):
        if command[0] == shell._shellcheck():
            runs.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting)
    page = parse_page("a.md", "".join(f"```bash\n{text}```\n\n" for text in texts))
    with _cache.use(_cache.Store(None)):
        found = check_blocks([page])
    assert len(runs) <= 2  # one per core
    assert sum(f.rule == "blocks/bash/shellcheck" for f in found) == 30
    assert sum(f.rule == "blocks/bash/syntax" for f in found) == 1
