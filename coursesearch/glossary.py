"""The course glossary: spellings a student may use for one thing (쿠버네티스 ↔ Kubernetes).

Groups come from `DEFAULT_GLOSSARY`, from the `extra.course.search.glossary` setting and
from a course's `GLOSSARY.md`, written for people:

    | 한국어 | English |          - 쿠버네티스 ↔ Kubernetes, K8s
    |---|---|                    - 파드 = Pod
    | 쿠버네티스 | Kubernetes, K8s |  - **인그레스** (Ingress)

Each table row, or list item, is one group; a cell or side may hold several names split
by `,` or `/`, and a name in parentheses is one more. Groups that share a name are joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Names the lessons write in English where students type Korean (or the other way round).
# Plain Korean nouns (컨테이너, 이미지, 볼륨, 네트워크, …) are not here: the lessons write
# them in Korean, and their English words are mostly code (`volumes:`, `image:`), so
# pairing them ranks code above the prose that explains them.
DEFAULT_GLOSSARY: tuple[tuple[str, ...], ...] = (
    ("쿠버네티스", "Kubernetes", "k8s"),
    ("도커", "Docker"),
    ("파드", "Pod"),
    ("디플로이먼트", "Deployment"),
    ("레플리카셋", "ReplicaSet"),
    ("스테이트풀셋", "StatefulSet"),
    ("데몬셋", "DaemonSet"),
    ("네임스페이스", "Namespace"),
    ("인그레스", "Ingress"),
    ("컨피그맵", "ConfigMap"),
    ("시크릿", "Secret"),
    ("매니페스트", "Manifest"),
    ("레지스트리", "Registry"),
    ("도커파일", "Dockerfile"),
    ("컴포즈", "Compose"),
    ("헬름", "Helm"),
    ("테라폼", "Terraform"),
    ("앤서블", "Ansible"),
    ("젠킨스", "Jenkins"),
    ("깃", "Git"),
    ("깃허브", "GitHub"),
    ("깃랩", "GitLab"),
    ("엔진엑스", "Nginx"),
    ("레디스", "Redis"),
    ("프로메테우스", "Prometheus"),
    ("그라파나", "Grafana"),
    ("리눅스", "Linux"),
    ("우분투", "Ubuntu"),
    ("파이썬", "Python"),
    ("데브옵스", "DevOps"),
    ("마이크로서비스", "Microservice", "MSA"),
    ("로드밸런서", "LoadBalancer"),
    ("오토스케일링", "Autoscaling"),
    ("아마존", "AWS"),
    ("쿠브컨트롤", "큐브컨트롤", "kubectl"),
)

_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
_SIDES = re.compile(r"\s*(?:↔|⇔|<->|<=>|=|→|->|:)\s*")
_NAMES = re.compile(r"\s*[,/;]\s*")
_PARENS = re.compile(r"\(([^)]*)\)")
_MARKUP = re.compile(r"\*\*|__|`|\[|\]\([^)]*\)|\]")


def _names(part: str) -> list[str]:
    part = _MARKUP.sub("", part)
    extra = _PARENS.findall(part)
    part = _PARENS.sub(" ", part)
    names = []
    for piece in [part, *extra]:
        names += [n.strip() for n in _NAMES.split(piece) if n.strip()]
    return names


def parse_glossary(markdown: str) -> list[list[str]]:
    """The groups of a `GLOSSARY.md` (table rows under a header, or list items)."""
    lines = markdown.splitlines()
    groups: list[list[str]] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("|"):
            if _SEPARATOR_ROW.match(stripped):
                continue
            if i + 1 < len(lines) and _SEPARATOR_ROW.match(lines[i + 1].strip()):
                continue  # the header row
            cells = [c for c in stripped.strip("|").split("|")]
            names = [n for c in cells for n in _names(c)]
        else:
            m = _LIST_ITEM.match(line)
            if not m:
                continue
            names = [n for side in _SIDES.split(m.group(1)) for n in _names(side)]
        if len(names) >= 2:
            groups.append(names)
    return groups


def merge_groups(*sources: Iterable[Sequence[str]]) -> list[list[str]]:
    """All groups, those sharing a name (case-insensitive) joined, in first-seen order."""
    merged: list[list[str]] = []
    where: dict[str, int] = {}
    for source in sources:
        for group in source:
            names = [n.strip() for n in group if n and n.strip()]
            hits = sorted({where[n.lower()] for n in names if n.lower() in where})
            if hits:
                index = hits[0]
                target = merged[index]
                for other in hits[1:]:
                    target += [n for n in merged[other] if n.lower() not in map(str.lower, target)]
                    merged[other] = []
            else:
                target = []
                merged.append(target)
                index = len(merged) - 1
            for n in names:
                if n.lower() not in (t.lower() for t in target):
                    target.append(n)
            for n in target:
                where[n.lower()] = index
    return [g for g in merged if len(g) >= 2]
