"""What a build made of a page, kept on disk by content hash for the next build.

A warm `mkdocs build` (or `mkdocs serve` start) finds each page's rendered HTML, its toc and
its nav title here instead of parsing and rendering the page again, and the search finds
each page's extracted text. A key is the SHA-256 of everything the value was made from:
the page's path and text, and a `context` that names the rest (the code that makes it, the
versions of the libraries it calls, the templates, the settings). Anything else changed,
the key changes and the value is made again; an unreadable cache file is an empty cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any


def sources_digest(modules: Iterable[object], distributions: Iterable[str] = ()) -> str:
    """A digest of the modules' source files and of the distributions' versions."""
    digest = hashlib.sha256()
    for module in modules:
        path = getattr(module, "__file__", None)
        if path:
            digest.update(path.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    for name in distributions:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


class Fragments:
    """A pickle of key → value under the course cache folder, loaded once, saved after the
    build with the entries this build used (`prune`) or with every entry (serve)."""

    def __init__(self, path: Path | None, context: str) -> None:
        self.path = path
        self.context = context
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        self.changed = False
        if path is None:
            return
        try:
            with path.open("rb") as stream:
                data = pickle.load(stream)
        except Exception:  # noqa: BLE001 (missing, truncated, another version: rebuilt)
            return
        if isinstance(data, dict) and data.get("context") == context:
            self.entries = data.get("entries") or {}

    def key(self, *parts: str) -> str:
        return hashlib.sha256("\0".join((self.context, *parts)).encode()).hexdigest()

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self.used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self.used.add(key)
        self.changed = True

    def save(self, prune: bool) -> None:
        """Write the cache (atomically) if anything changed; `prune` keeps only the entries
        this build used. In serve, entries pile up; more than twice those used (and 64) are
        pruned too."""
        if self.path is None:
            return
        if prune or len(self.entries) > 2 * len(self.used) + 64:
            kept = {key: self.entries[key] for key in self.used if key in self.entries}
            self.changed |= len(kept) != len(self.entries)
            self.entries = kept
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump({"context": self.context, "entries": self.entries}, stream, protocol=5)
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            return
        self.changed = False
