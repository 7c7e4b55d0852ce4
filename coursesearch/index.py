"""The prebuilt index the browser loads: one small `meta.json`, then only the shards a
query's keys hash to (Pagefind's way: a 360-page course answers without loading it all).

    meta.json   docs ([location, title, page doc or -1, teaser]), the Korean vocabulary
                (for splitting compounds and choosing a stripped form), the glossary,
                the query rules, the number of shards
    s<N>.json   {key: [doc delta, fields, doc delta, fields, …]} for keys with
                key_hash(key) % shards == N; fields is a bit mask of FIELDS

Analysis (kiwipiepy, the slow part) is kept per page text in one JSON file under the
course cache folder, keyed by the analyser's identity, so a rebuild analyses only pages
whose text changed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coursesearch.analyze import HANGUL_RUN, Analyzer, bigram_keys, english_keys, query_rules
from coursesearch.extract import PageText

FORMAT = 2
FIELDS = {"title": 1, "heading": 2, "text": 4, "code": 8}
WEIGHTS = {"title": 8.0, "heading": 4.0, "text": 1.0, "code": 0.4}
SHARD_BYTES = 48_000  # aim per shard file


def key_hash(key: str) -> int:
    """FNV-1a over UTF-16 code units, as the worker computes it."""
    h = 0x811C9DC5
    for unit in _units(key):
        h = ((h ^ unit) * 0x01000193) & 0xFFFFFFFF
    return h


def _units(key: str) -> list[int]:
    raw = key.encode("utf-16-le")
    return [raw[i] | (raw[i + 1] << 8) for i in range(0, len(raw), 2)]


@dataclass
class IndexStats:
    pages: int
    docs: int
    keys: int
    shards: int
    bytes: int
    analysed: int  # pages analysed by kiwipiepy in this build (the others came from cache)
    analysis_seconds: float


def _section_texts(page: PageText) -> list[tuple[str, str]]:
    """(field, text) pairs of each section, flattened in section order."""
    out: list[tuple[str, str]] = []
    for i, s in enumerate(page.sections):
        if i == 0:
            out.append(("title", f"{page.title} {page.h1}".strip()))
        else:
            out.append(("heading", s.title))
        out.append(("text", s.text))
    return out


def _pairs(page: PageText) -> list:
    """Each section with its (field, text) heading pair and text pair."""
    pairs = _section_texts(page)
    return list(zip(page.sections, zip(pairs[::2], pairs[1::2], strict=True), strict=True))


def analyse_pages(
    pages: Sequence[PageText], analyzer: Analyzer, cache_file: Path | None = None
) -> tuple[list[list[dict[str, list[str]]]], int, float]:
    """Each page's sections as {field: keys}; the number of pages kiwipiepy analysed."""
    cache: dict[str, list] = {}
    identity = ""
    if cache_file is not None:
        identity = analyzer.identity
        try:
            stored = json.loads(cache_file.read_text(encoding="utf-8"))
            if stored.get("identity") == identity and stored.get("format") == FORMAT:
                cache = stored["pages"]
        except (OSError, ValueError, KeyError):
            cache = {}
    digests = [hashlib.sha256(p.digest_source().encode("utf-8")).hexdigest()[:32] for p in pages]
    missing = [i for i, d in enumerate(digests) if d not in cache]
    started = time.perf_counter()
    if missing:
        texts: list[str] = []
        for i in missing:
            for s, (head, prose) in _pairs(pages[i]):
                texts += [head[1], prose[1], s.code]  # code: its Korean words (comments, echo)
        korean = iter(analyzer.morphemes(texts))
        for i in missing:
            page = pages[i]
            sections: list[dict[str, list[str]]] = []
            for s, (head, prose) in _pairs(page):
                fields: dict[str, list[str]] = {}
                for (name, text), terms in ((head, next(korean)), (prose, next(korean))):
                    keys = terms + english_keys(text) + bigram_keys(text)
                    if keys:
                        fields[name] = sorted(set(keys))
                code = next(korean) + english_keys(s.code) + bigram_keys(s.code)
                if code:
                    fields["code"] = sorted(set(code))
                sections.append(fields)
            cache[digests[i]] = sections
    seconds = time.perf_counter() - started
    if cache_file is not None and missing:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        kept = {d: cache[d] for d in digests}
        tmp = cache_file.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({"format": FORMAT, "identity": identity, "pages": kept}, ensure_ascii=False),
            encoding="utf-8",
        )
        tmp.replace(cache_file)
    return [cache[d] for d in digests], len(missing), seconds


def build_index(
    pages: Sequence[tuple[str, PageText]],
    out_dir: Path,
    analyzer: Analyzer,
    glossary: Sequence[Sequence[str]] = (),
    cache_file: Path | None = None,
) -> IndexStats:
    """Write the index of `pages` ((location, text) pairs, location as MkDocs' page URL,
    relative to the site's root) into `out_dir`."""
    analysed, count, seconds = analyse_pages([p for _, p in pages], analyzer, cache_file)
    docs: list[list[object]] = []
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    vocab: set[str] = set()
    for (location, page), sections in zip(pages, analysed, strict=True):
        page_doc = len(docs)
        for s, fields in zip(page.sections, sections, strict=True):
            doc = len(docs)
            if s.id is None:
                docs.append([location, page.title, -1, _escape(s.teaser)])
            else:
                docs.append([f"{location}#{s.id}", _escape(s.title), page_doc, _escape(s.teaser)])
            for name, keys in fields.items():
                bit = FIELDS[name]
                for key in keys:
                    row = postings[key]
                    row[doc] = row.get(doc, 0) | bit
                    if name != "code" and HANGUL_RUN.fullmatch(key):
                        vocab.add(key)
    total = sum(len(k) * 3 + 8 * len(v) for k, v in postings.items())
    shards = 1
    while total / shards > SHARD_BYTES and shards < 4096:
        shards *= 2
    parts: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for key, row in postings.items():
        flat: list[int] = []
        last = 0
        for doc in sorted(row):
            flat += [doc - last, row[doc]]
            last = doc
        parts[key_hash(key) % shards][key] = flat
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("s*.json"):
        old.unlink()
    size = 0
    digest = hashlib.sha256()
    for n, part in enumerate(parts):
        data = json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        digest.update(data)
        (out_dir / f"s{n}.json").write_bytes(data)
        size += len(data)
    meta = {
        "format": FORMAT,
        "version": digest.hexdigest()[:12],
        "shards": shards,
        "weights": [WEIGHTS[name] for name in FIELDS],
        "docs": docs,
        "vocab": sorted(vocab),
        "glossary": [list(g) for g in glossary],
        "rules": query_rules(),
    }
    data = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    (out_dir / "meta.json").write_bytes(data)
    size += len(data)
    return IndexStats(len(pages), len(docs), len(postings), shards, size, count, seconds)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
