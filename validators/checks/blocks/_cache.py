"""The blocks check's results on disk, so a second run asks no tool anything.

One JSON file (`<cache_dir>/blocks/results.json`) maps a *namespace* and a *key* to a
result. The namespace names what the result depends on besides its key: the module (by
name and a hash of its source), the tools it ran (`tool()`: path, size and mtime of the
binary, so an upgrade is a new namespace without running `--version`) and library
versions. The key is what the module was asked: a block's text (a shell block: and
whether it is a console transcript), or one CLI command line. Results are stored relative
to the block (content line, rule, severity, message key, hint key, args), so they are
re-placed at whatever page and line the block has now.

`use(store)` makes a store the current one for a run; without it the results stay in
memory only (the tests, `check_blocks` called directly). A corrupt or unreadable file is
an empty store; one that cannot be written is left as it was: never a crash.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from validators.findings import Severity

FORMAT = 1
FILE = "results.json"
_MAX_ENTRIES = 200_000  # per namespace: a store that only grows is still bounded

MISS = object()


class Store:
    """Results by namespace and key, loaded from and saved to one JSON file (or none)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._entries: dict[str, dict[str, Any]] = _read(path) if path else {}
        self._added: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get(self, namespace: str, key: object) -> Any:
        """The decoded result, or `MISS`."""
        digest = _digest(key)
        with self._lock:
            value = self._entries.get(namespace, {}).get(digest, MISS)
        return MISS if value is MISS else decode(value)

    def put(self, namespace: str, key: object, value: object) -> None:
        digest, encoded = _digest(key), encode(value)
        with self._lock:
            self._entries.setdefault(namespace, {})[digest] = encoded
            self._added.setdefault(namespace, {})[digest] = encoded

    def save(self) -> None:
        """Write the new results, merged with what another run may have written since."""
        if self.path is None or not self._added:
            return
        with self._lock:
            added, self._added = self._added, {}
        entries = _read(self.path)
        for namespace, results in added.items():
            entries.setdefault(namespace, {}).update(results)
        entries = _without_stale(entries, set(added))
        temp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".results-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"format": FORMAT, "entries": entries}, out, ensure_ascii=False)
            os.replace(temp, self.path)
        except OSError:
            if temp is not None:
                Path(temp).unlink(missing_ok=True)


def _read(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {ns: results for ns, results in entries.items() if isinstance(results, dict)}


def _without_stale(entries: dict[str, dict[str, Any]], used: set[str]) -> dict[str, Any]:
    """`entries` without the namespaces that a namespace used now replaces (the same
    module with another source or other tools), each kept to `_MAX_ENTRIES`."""
    modules = {namespace.split("|", 1)[0]: namespace for namespace in used}
    kept = {}
    for namespace, results in entries.items():
        module = namespace.split("|", 1)[0]
        if module in modules and namespace not in used:
            continue
        if len(results) > _MAX_ENTRIES:
            results = dict(list(results.items())[-_MAX_ENTRIES:])
        kept[namespace] = results
    return kept


def _digest(key: object) -> str:
    return hashlib.sha256(json.dumps(encode(key), ensure_ascii=False).encode()).hexdigest()[:32]


def encode(value: object) -> object:
    """`value` (tuples, Severity, None, str, int, bool) as JSON data."""
    if isinstance(value, Severity):
        return {"severity": value.value}
    if isinstance(value, (tuple, list)):
        return [encode(item) for item in value]
    return value


def decode(value: object) -> Any:
    """The inverse of `encode`: lists become tuples again."""
    if isinstance(value, dict):
        return Severity(value["severity"])
    if isinstance(value, list):
        return tuple(decode(item) for item in value)
    return value


_memory = Store()
_current = [_memory]


def current() -> Store:
    """The store of the running check (an in-memory one outside `use`)."""
    return _current[-1]


_memos: list[Any] = []


def memo(function: Any) -> Any:
    """Register an in-process memo (`lru_cache`) in front of the store: `use` empties it,
    so whatever a run finds is in its store, to be saved."""
    _memos.append(function)
    return function


@contextmanager
def use(store: Store) -> Iterator[Store]:
    """Make `store` the current one, and save it at the end."""
    for function in _memos:
        function.cache_clear()
    _current.append(store)
    try:
        yield store
    finally:
        _current.remove(store)
        store.save()


def open_store(cache_dir: Path) -> Store:
    return Store(cache_dir / "blocks" / FILE)


# --- what results depend on ---------------------------------------------------------------


@cache
def tool(path: str | None) -> str:
    """A tool's identity without running it: its resolved path, size and mtime (read once
    per process)."""
    if path is None:
        return "none"
    try:
        real = os.path.realpath(path)
        stat = os.stat(real)
    except OSError:
        return "none"
    return f"{real}:{stat.st_size}:{stat.st_mtime_ns}"


@cache
def source(*modules: str) -> str:
    """A short hash of the source files of `modules` (`validators.checks.blocks.shell`):
    a change to a rule is a new namespace."""
    digest = hashlib.sha256()
    for module in modules:
        try:
            spec = importlib.util.find_spec(module)
            digest.update(Path(spec.origin).read_bytes())  # type: ignore[union-attr, arg-type]
        except (ImportError, AttributeError, TypeError, ValueError, OSError):
            digest.update(module.encode())
    return digest.hexdigest()[:12]


@cache
def package(name: str) -> str:
    """The installed version of a Python distribution (`kubernetes-validate`)."""
    try:
        return f"{name}={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name}=none"


def namespace(module: str, *parts: str) -> str:
    """`module|part|part`: the module name first, so stale namespaces can be found."""
    return "|".join((module, *parts))


def cached(module: str, depends: Any):
    """Decorate a pure function of a block's text whose result depends on `depends()`
    (a tuple of strings) besides its arguments: its results go to the current store."""

    def wrap(function):
        def wrapper(*args):
            space = namespace(module, *depends())
            store = current()
            hit = store.get(space, args)
            if hit is not MISS:
                return hit
            value = function(*args)
            store.put(space, args, value)
            return value

        wrapper.__wrapped__ = function
        wrapper.__name__ = function.__name__
        wrapper.__doc__ = function.__doc__
        return wrapper

    return wrap
