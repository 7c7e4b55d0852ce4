"""The mermaid bundles as the checker's page loads them.

While the harness only parses (`globalThis.__mermaidCheckParsing`, a count of its parses),
costs that cannot change a verdict are cut; drawing is left as shipped, so a kept SVG is what
the site's mermaid draws. Before, a third of a flowchart's parse was copying configurations
and a quarter sanitizing labels.
- `getConfig()` returns a deep copy of mermaid's whole configuration, and the parsers call it
  for every node, label and edge: the copy is made once per configuration object and parse.
- `updateCurrentConfig`, which `reset()` and `setConfig()` run (a flowchart's `init` sets two
  options), deep-copies the configuration it starts from: its result is kept by that object
  and the directives (as JSON) and forgotten when not parsing. Only where `setConfig` makes
  a new configuration: where it changes the current one in place (mermaid 11.3), it makes a
  new one while parsing instead, so no kept configuration or copy is stale.
- DOMPurify's `sanitize`, which mermaid runs on every label as it stores it (an HTML parse
  per label), returns its text as it is. It never throws on a string, and what it would
  remove cannot make a diagram parse or fail.
A bundle in which a function has another shape loads without that patch (slower, same
verdict).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

FLAG = "__mermaidCheckParsing"

# `getConfig = __name(() => assignWithDepth({}, currentConfig), "getConfig")`, minified
_GET_CONFIG = re.compile(
    r"(?P<name>[\w$]+)=(?P<wrap>[\w$]+)\(\(\)=>(?P<copy>[\w$]+)\(\{\},(?P<config>[\w$]+)\),"
    r'"getConfig"\)'
)
# `updateCurrentConfig = (siteCfg, directives) => { … return currentConfig = cfg, …; }`
_UPDATE = re.compile(
    r"(?P<name>[\w$]+)=(?P<wrap>[\w$]+)\(\((?P<site>[\w$]+),(?P<directives>[\w$]+)\)=>\{"
    r"(?P<body>[^\"]*?return (?P<current>[\w$]+)=[\w$]+,[\w$]+\((?P=current)\),(?P=current)\})"
    r',"updateCurrentConfig"\)'
)
# `setConfig = (conf) => { updateCurrentConfig(currentConfig, [conf]); return getConfig(); }`
_SET_NEW = r'=[\w$]+\(([\w$]+)=>\({update}\({current},\[\1\]\),[\w$]+\(\)\),"setConfig"\)'
# mermaid 11.3: `setConfig = (conf) => { checkConfig(conf); assignWithDepth(currentConfig,
# conf); return getConfig(); }`
_SET_IN_PLACE = re.compile(
    r"=[\w$]+\((?P<conf>[\w$]+)=>\([\w$]+\((?P=conf)\),"
    r"(?P<assign>(?P<copy>[\w$]+)\((?P<current>[\w$]+),(?P=conf)\))"
    r',[\w$]+\(\)\),"setConfig"\)'
)
# DOMPurify's `DOMPurify.sanitize = function (dirty) {`, minified
_SANITIZE = re.compile(r"[\w$]+\.sanitize=function\((?P<dirty>[\w$]+)\)\{")

_loaded: dict[tuple[str, int, int], tuple[str, tuple[str, ...]]] = {}


def load(path: Path) -> tuple[str, tuple[str, ...]]:
    """The bundle's source for the checker's page, and the patches that applied."""
    stat = path.stat()
    marker = (str(path), stat.st_size, stat.st_mtime_ns)
    if marker not in _loaded:
        _loaded[marker] = patch(path.read_text(encoding="utf-8"))
    return _loaded[marker]


def patch(source: str) -> tuple[str, tuple[str, ...]]:
    """`source` with every patch whose function has the expected shape, and their names."""
    applied = []
    for name, one in PATCHES:
        source, done = one(source)
        if done:
            applied.append(name)
    return source, tuple(applied)


def remember_config(source: str) -> tuple[str, bool]:
    """mermaid's main `getConfig` (the first one defined: the diagrams' own `getConfig`s
    come later and read through it) copies once per configuration object and parse."""
    match = _GET_CONFIG.search(source)
    if match is None:
        return source, False
    name, wrap, copy, config = match.group("name", "wrap", "copy", "config")
    remembered = (
        f"{name}={wrap}((m=>()=>globalThis.{FLAG}"
        f"?(m.k==={config}&&m.g===globalThis.{FLAG}?m.v"
        f":(m.k={config},m.g=globalThis.{FLAG},m.v={copy}({{}},{config})))"
        f":{copy}({{}},{config}))({{}}),"
        '"getConfig")'
    )
    return source[: match.start()] + remembered + source[match.end() :], True


def remember_updates(source: str) -> tuple[str, bool]:
    """`updateCurrentConfig` keeps its results while parsing, where `setConfig` makes a new
    configuration rather than changing one that is kept."""
    match = _UPDATE.search(source)
    if match is None:
        return source, False
    name, wrap, site, directives, body, current = match.group(
        "name", "wrap", "site", "directives", "body", "current"
    )
    setter = _SET_NEW.format(update=re.escape(name), current=re.escape(current))
    if re.search(setter, source) is None:
        return source, False
    remembered = (
        f"{name}={wrap}(((__f,__m)=>(__e,__t)=>{{"
        f"if(!globalThis.{FLAG}){{__m.clear();return __f(__e,__t)}}"
        "let __k;try{__k=JSON.stringify(__t)}catch(__x){return __f(__e,__t)}"
        f"let __c=__m.get(__e);if(__c&&__c.k===__k)return {current}=__c.v;"
        "let __v=__f(__e,__t);__m.set(__e,{k:__k,v:__v});return __v})"
        f"(({site},{directives})=>{{{body},new Map),"
        '"updateCurrentConfig")'
    )
    return source[: match.start()] + remembered + source[match.end() :], True


def copy_on_set(source: str) -> tuple[str, bool]:
    """A `setConfig` that changes the current configuration in place makes a new one while
    parsing, so `getConfig`'s copy of the old one is not used after it."""
    match = _SET_IN_PLACE.search(source)
    if match is None:
        return source, False
    assign, copy, current, conf = match.group("assign", "copy", "current", "conf")
    changed = f"(globalThis.{FLAG}?{current}={copy}({copy}({{}},{current}),{conf}):{assign})"
    start, end = match.span("assign")
    return source[:start] + changed + source[end:], True


def skip_sanitize(source: str) -> tuple[str, bool]:
    """DOMPurify's `sanitize` returns a string as it is while parsing."""
    matches = list(_SANITIZE.finditer(source))
    if len(matches) != 1:  # one DOMPurify in the bundle, or no patch
        return source, False
    match = matches[0]
    dirty = match.group("dirty")
    skip = f'if(globalThis.{FLAG}&&typeof {dirty}=="string")return {dirty};'
    return source[: match.end()] + skip + source[match.end() :], True


PATCHES: tuple[tuple[str, Callable[[str], tuple[str, bool]]], ...] = (
    ("getConfig", remember_config),
    ("updateCurrentConfig", remember_updates),
    ("setConfig", copy_on_set),
    ("sanitize", skip_sanitize),
)
