"""Findings out: text, JSON, JUnit XML and GitHub workflow annotations."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from validators.findings import Finding, Severity

FORMATS = ("text", "json", "junit", "github")


def stats(findings: Sequence[Finding], pages: int, seconds: float) -> dict[str, object]:
    by_severity = Counter(f.severity.value for f in findings)
    return {
        "pages": pages,
        "errors": by_severity.get("error", 0),
        "warnings": by_severity.get("warning", 0),
        "info": by_severity.get("info", 0),
        "by_rule": dict(sorted(Counter(f.rule for f in findings).items())),
        "seconds": round(seconds, 3),
    }


def summary(numbers: dict[str, object]) -> str:
    return (
        f"{numbers['errors']} errors, {numbers['warnings']} warnings, {numbers['info']} info "
        f"in {numbers['pages']} pages ({numbers['seconds']} s)"
    )


def render(
    findings: Sequence[Finding],
    numbers: dict[str, object],
    fmt: str,
    docs_dir: Path,
    checks: Sequence[str] = (),
) -> str:
    """The report as text in format `fmt` (one of FORMATS)."""
    findings = sorted(findings)
    if fmt == "json":
        data = {"findings": [f.to_dict() for f in findings], "stats": numbers}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "junit":
        return _junit(findings, numbers, checks)
    if fmt == "github":
        return "".join(_annotation(f, docs_dir) + "\n" for f in findings) + (
            f"{summary(numbers)}\n"
        )
    lines = [str(f) for f in findings]
    lines.append(summary(numbers))
    return "\n".join(lines) + "\n"


def _junit(findings: Sequence[Finding], numbers: dict[str, object], checks: Sequence[str]) -> str:
    """One test suite per check, one test case per page; errors are failures."""
    root = ElementTree.Element("testsuites", name="course validators")
    by_check: dict[str, dict[str, list[Finding]]] = {check: {} for check in checks}
    for finding in findings:
        check = finding.rule.split("/", 1)[0]
        by_check.setdefault(check, {}).setdefault(finding.path, []).append(finding)
    for check, pages in by_check.items():
        suite = ElementTree.SubElement(root, "testsuite", name=check)
        failures = 0
        for path, items in sorted(pages.items()):
            case = ElementTree.SubElement(suite, "testcase", classname=check, name=path)
            errors = [f for f in items if f.severity is Severity.ERROR]
            if errors:
                failures += 1
                failure = ElementTree.SubElement(
                    case, "failure", message=f"{len(errors)} errors", type=errors[0].rule
                )
                failure.text = "\n".join(str(f) for f in errors)
            others = [f for f in items if f.severity is not Severity.ERROR]
            if others:
                ElementTree.SubElement(case, "system-out").text = "\n".join(str(f) for f in others)
        suite.set("tests", str(len(pages)))
        suite.set("failures", str(failures))
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in root)))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in root)))
    root.set("time", str(numbers.get("seconds", 0)))
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape(text: str, properties: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


def _annotation(finding: Finding, docs_dir: Path) -> str:
    path = docs_dir / finding.path
    try:
        shown = os.path.relpath(path)
    except ValueError:
        shown = str(path)
    message = finding.message + (f" — {finding.hint}" if finding.hint else "")
    return (
        f"::{_LEVEL[finding.severity]} file={_escape(shown, True)},line={finding.line},"
        f"title={_escape(finding.rule, True)}::{_escape(message)}"
    )
