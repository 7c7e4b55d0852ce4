"""The mermaid bundles as the checker's page loads them.

Mermaid's `getConfig()` returns a deep copy of its whole configuration, and its parsers call
it for every node, label and edge: about half of a flowchart's parse. While the harness only
parses (`globalThis.__mermaidCheckParsing`), the copy is made once per configuration object
(mermaid replaces that object whenever its configuration changes, e.g. at every `reset()`).
Drawing is left as shipped, so a kept SVG is what the site's mermaid draws. A bundle whose
`getConfig` has another shape loads unchanged (slower, same verdict).
"""

from __future__ import annotations

import re
from pathlib import Path

FLAG = "__mermaidCheckParsing"

# `getConfig = __name(() => assignWithDepth({}, currentConfig), "getConfig")`, minified
_GET_CONFIG = re.compile(
    r"(?P<name>[\w$]+)=(?P<wrap>[\w$]+)\(\(\)=>(?P<copy>[\w$]+)\(\{\},(?P<config>[\w$]+)\),"
    r'"getConfig"\)'
)

_loaded: dict[tuple[str, int, int], tuple[str, bool]] = {}


def load(path: Path) -> tuple[str, bool]:
    """The bundle's source for the checker's page, and whether `getConfig` was remembered."""
    stat = path.stat()
    marker = (str(path), stat.st_size, stat.st_mtime_ns)
    if marker not in _loaded:
        _loaded[marker] = patch(path.read_text(encoding="utf-8"))
    return _loaded[marker]


def patch(source: str) -> tuple[str, bool]:
    """`source` with mermaid's main `getConfig` remembered while parsing (the first one
    defined: the diagrams' own `getConfig`s come later and read through it)."""
    match = _GET_CONFIG.search(source)
    if match is None:
        return source, False
    name, wrap, copy, config = match.group("name", "wrap", "copy", "config")
    remembered = (
        f"{name}={wrap}((m=>()=>globalThis.{FLAG}"
        f"?(m.k==={config}?m.v:(m.k={config},m.v={copy}({{}},{config})))"
        f":{copy}({{}},{config}))({{}}),"
        '"getConfig")'
    )
    return source[: match.start()] + remembered + source[match.end() :], True
