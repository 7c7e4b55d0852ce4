"""Findings: what a validator reports, as plain values."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. `path` is relative to docs_dir; `line` is 1-based."""

    path: str
    line: int
    rule: str
    severity: Severity
    message: str
    hint: str = ""

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return {key: data[key] for key in ("rule", "severity", "path", "line", "message", "hint")}

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.severity.value} [{self.rule}] {self.message}"
        return f"{text} ({self.hint})" if self.hint else text
