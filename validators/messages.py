"""Every sentence the checks show an author, in English and Korean: one table.

Code carries a message id and values; `text(key, lang, args)` makes the sentence. A
finding's message id is its rule id (`links/missing-page`); variants and hints add a
suffix (`links/missing-page.hint.similar`). Placeholders are `str.format` fields. Rule ids
stay English in every language.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "ko")

# id: (English, Korean). Keep each check's entries together, in rule order.
CATALOG: dict[str, tuple[str, str]] = {
    # --- page -------------------------------------------------------------------------
    # --- course -------------------------------------------------------------------------
    # --- schedule -------------------------------------------------------------------------
    # --- links ----------------------------------------------------------------------------
    # --- mermaid --------------------------------------------------------------------------
    # --- exec -----------------------------------------------------------------------------
}


def language_of(code: object) -> str:
    """The catalog language for a `theme.language` value (`ko`, `ko_KR` → `ko`; else `en`)."""
    text = str(code or "").lower().replace("-", "_")
    return "ko" if text.split("_", 1)[0] == "ko" else "en"


def text(key: str, lang: str = "en", args: Mapping[str, object] | None = None) -> str:
    """The sentence for message id `key` in `lang`, with `args` filled in."""
    try:
        english, korean = CATALOG[key]
    except KeyError:
        raise KeyError(f"message id {key!r} is not in validators/messages.py") from None
    template = korean if lang == "ko" else english
    return template.format(**(args or {}))
