"""Findings: what a validator reports, as plain values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import Enum

from validators.messages import text


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. `path` is relative to docs_dir; `line` is 1-based.

    `message` and `hint` are English; `key`, `hint_key` and `args` name them in the message
    catalog, so `localized(lang)` can say them in another language.
    """

    path: str
    line: int
    rule: str
    severity: Severity
    message: str
    hint: str = ""
    key: str = field(default="", compare=False, repr=False)
    hint_key: str = field(default="", compare=False, repr=False)
    args: tuple[tuple[str, object], ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def of(
        cls,
        path: str,
        line: int,
        rule: str,
        severity: Severity,
        key: str | None = None,
        hint: str | None = None,
        **args: object,
    ) -> Finding:
        """A finding whose message (id `key`, default the rule id) and hint (id `hint`)
        come from the catalog, filled in with `args`."""
        key = key or rule
        return cls(
            path,
            line,
            rule,
            severity,
            text(key, "en", args),
            text(hint, "en", args) if hint else "",
            key,
            hint or "",
            tuple(sorted(args.items())),
        )

    def localized(self, lang: str) -> Finding:
        """This finding with its message and hint in `lang` (`en` or `ko`)."""
        if not self.key:
            return self
        args = dict(self.args)
        message = text(self.key, lang, args)
        hint = text(self.hint_key, lang, args) if self.hint_key else self.hint
        return replace(self, message=message, hint=hint)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return {key: data[key] for key in ("rule", "severity", "path", "line", "message", "hint")}

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.severity.value} [{self.rule}] {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


def localized(findings: list[Finding], lang: str) -> list[Finding]:
    """`findings` in `lang`."""
    return [finding.localized(lang) for finding in findings]
