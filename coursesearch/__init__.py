"""Korean course search, built at site-build time: pure Python, no MkDocs.

`extract` reads a built page's HTML into sections (heading ids as the site rendered them),
`analyze` turns their text into index keys (kiwipiepy morphemes, Hangul bigrams, English
stems, code words), `glossary` reads the course's synonyms, and `index` writes the
prebuilt, sharded index the browser's worker (`overrides/assets/javascripts/`) loads.
"""

from coursesearch.analyze import Analyzer, english_stem, hangul_bigrams, query_rules
from coursesearch.extract import PageText, Section, page_text
from coursesearch.glossary import DEFAULT_GLOSSARY, parse_glossary
from coursesearch.index import IndexStats, build_index, key_hash

__all__ = [
    "DEFAULT_GLOSSARY",
    "Analyzer",
    "IndexStats",
    "PageText",
    "Section",
    "build_index",
    "english_stem",
    "hangul_bigrams",
    "key_hash",
    "page_text",
    "parse_glossary",
    "query_rules",
]
