"""Diagrams shaped like the real course's lessons, generated (never copied from them).

What real lessons draw (measured on ../shared/course-sample/: 169 diagrams, 98 % flowcharts
`graph TB`/`graph LR`, the rest sequence diagrams): flowcharts with one to four quoted
subgraphs titled in Korean, two-line labels joined by `<br/>`, a `style X fill:#…` line for
most nodes, some `classDef`/`class`, edge labels and dotted edges; sequence diagrams with
`participant X as 한국어 (포트 N)`, `alt`/`loop` blocks and notes. Sizes here are 20–40
nodes (flowcharts) and 5–8 participants with 12–24 messages (sequence diagrams).

    from benchmarks.real_diagrams import real_diagrams
    codes = real_diagrams(100, seed=1)   # deterministic; every diagram differs
"""

from __future__ import annotations

import random

# Vocabulary of the course's subject, combined at random: no lesson's text is reproduced.
_THINGS = [
    "Docker CLI", "Docker Daemon", "containerd", "runc", "Linux Kernel", "Nginx", "Redis",
    "PostgreSQL", "MySQL", "Node.js API", "React 앱", "Registry", "Volume", "Bridge 네트워크",
    "Overlay 네트워크", "Load Balancer", "Prometheus", "Grafana", "Kubelet", "API Server",
    "etcd", "Scheduler", "Ingress", "Service", "Pod", "Deployment", "ConfigMap", "Secret",
    "GitHub Actions", "Jenkins", "Terraform", "S3 버킷", "EC2 인스턴스", "VPC", "Subnet",
    "CloudWatch", "Fluentd", "Elasticsearch", "Kibana", "Vault",
]  # fmt: skip
_NOTES = [
    "명령어 인터페이스", "컨테이너 런타임", "캐시/세션", "데이터 저장", "포트 8080",
    "이미지 저장소", "네임스페이스 + cgroups", "헬스체크", "로그 수집", "메트릭 수집",
    "설정 관리", "비밀 관리", "자동 배포", "롤링 업데이트", "백업", "모니터링", "인증",
    "트래픽 분산", "읽기 전용", "영구 저장",
]  # fmt: skip
_GROUPS = [
    "개발 환경", "운영 환경", "호스트 머신", "컨테이너 영역", "모니터링 스택", "CI/CD 파이프라인",
    "Control Plane", "Worker Node", "데이터 계층", "네트워크 계층", "외부 서비스", "보안 영역",
]  # fmt: skip
_EDGE_LABELS = ["요청", "응답", "배포", "저장", "조회", "푸시", "풀", "감시", "HTTP", "TCP 5432"]
_COLORS = [
    "#e8f5e8", "#fff3e0", "#ffebee", "#f3e5f5", "#e3f2fd", "#4caf50", "#ff9800", "#e0e0e0",
    "#fce4ec", "#e1f5fe",
]  # fmt: skip
_MESSAGES = [
    "HTTP 요청", "포트 매핑", "내부 통신", "데이터 조회", "결과 반환", "JSON 응답", "토큰 검증",
    "캐시 확인", "이미지 풀", "헬스체크", "로그 전송", "설정 읽기", "배포 시작", "상태 보고",
]  # fmt: skip


def real_diagrams(count: int, seed: int = 0) -> list[str]:
    """`count` distinct diagrams in the proportions of real lessons (about 1 in 12 a
    sequence diagram, the rest flowcharts)."""
    rng = random.Random(seed)
    result = []
    for index in range(count):
        if index % 12 == 11:
            result.append(sequence(rng, index))
        else:
            result.append(flowchart(rng, index))
    return result


def _label(rng: random.Random, index: int) -> str:
    thing = rng.choice(_THINGS)
    if rng.random() < 0.8:  # most real labels have a second line
        return f"{thing} {index}<br/>{rng.choice(_NOTES)}"
    return f"{thing} {index}"


def flowchart(rng: random.Random, serial: int) -> str:
    """A `graph TB|LR` of 20–40 nodes in 1–4 subgraphs, with styles and edge labels."""
    nodes = rng.randint(20, 40)
    ids = [_node_id(n) for n in range(nodes)]
    lines = [f"graph {rng.choice(['TB', 'TB', 'LR'])}"]
    groups = rng.randint(1, 4)
    grouped = rng.sample(range(nodes), k=min(nodes, rng.randint(nodes // 2, nodes - 2)))
    per_group = [sorted(grouped[g::groups]) for g in range(groups)]
    shapes = ["[{}]", "[{}]", "[{}]", "({})", "{{{{{}}}}}", "[({})]", "[[{}]]"]
    defined = set()
    for group, members in enumerate(per_group):
        lines.append(f'    subgraph "{rng.choice(_GROUPS)} {serial}-{group}"')
        for n in members:
            shape = rng.choice(shapes)
            lines.append(f"        {ids[n]}{shape.format(_label(rng, n))}")
            defined.add(n)
        for a, b in zip(members, members[1:], strict=False):
            if rng.random() < 0.7:
                lines.append(f"        {ids[a]} --> {ids[b]}")
        lines.append("    end")
    lines.append("")
    for n in range(nodes):
        if n not in defined:
            lines.append(f"    {ids[n]}[{_label(rng, n)}]")
    for _ in range(rng.randint(nodes // 2, nodes)):
        a, b = rng.sample(range(nodes), 2)
        arrow = rng.choice(["-->", "-->", "-->", "-.->", "==>"])
        if rng.random() < 0.3:
            lines.append(f"    {ids[a]} {arrow}|{rng.choice(_EDGE_LABELS)}| {ids[b]}")
        else:
            lines.append(f"    {ids[a]} {arrow} {ids[b]}")
    lines.append("")
    if rng.random() < 0.3:
        lines.append(f"    classDef hot fill:{rng.choice(_COLORS)},stroke:#333,stroke-width:2px")
        hot = rng.sample(ids, k=3)
        lines.append(f"    class {','.join(hot)} hot")
    for n in rng.sample(range(nodes), k=int(nodes * rng.uniform(0.5, 0.9))):
        lines.append(f"    style {ids[n]} fill:{rng.choice(_COLORS)}")
    return "\n".join(lines) + "\n"


def sequence(rng: random.Random, serial: int) -> str:
    """A sequence diagram of 5–8 participants and 12–24 messages, with blocks and notes."""
    count = rng.randint(5, 8)
    names = [f"P{n}" for n in range(count)]
    lines = ["sequenceDiagram"]
    for n, name in enumerate(names):
        thing = rng.choice(_THINGS)
        lines.append(f"    participant {name} as {thing} (포트 {8000 + serial + n})")
    lines.append("")
    depth = 0
    for step in range(rng.randint(12, 24)):
        a, b = rng.sample(names, 2)
        if depth == 0 and rng.random() < 0.15:
            lines.append(f"    {rng.choice(['alt 성공', 'loop 재시도', 'opt 캐시 있음'])}")
            depth = 1
        arrow = rng.choice(["->>", "-->>", "->>", "-)"])
        lines.append(f"    {'    ' * depth}{a}{arrow}{b}: {rng.choice(_MESSAGES)} {step}")
        if depth and rng.random() < 0.3:
            if lines[-2].strip().startswith("alt") and rng.random() < 0.5:
                lines.append("    else 실패")
                lines.append(f"        {b}-->>{a}: 오류 {step}")
            lines.append("    end")
            depth = 0
        if rng.random() < 0.1:
            lines.append(f"    Note over {a},{b}: {rng.choice(_NOTES)}")
    if depth:
        lines.append("    end")
    return "\n".join(lines) + "\n"


def _node_id(n: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[n % 26] + (str(n // 26) if n >= 26 else "")


def course_pages(count: int, per_page: int = 3, seed: int = 0) -> dict[str, str]:
    """Lesson-like pages (docs-relative path → Markdown) holding `count` real-like diagrams,
    `per_page` to a page, with some prose between them."""
    codes = real_diagrams(count, seed)
    pages: dict[str, str] = {}
    for start in range(0, count, per_page):
        number = start // per_page + 1
        week, day = 1 + number // 40, 1 + (number // 8) % 5
        parts = [f"# Week {week} Day {day} Session {number}: 아키텍처 {number}", ""]
        for offset, code in enumerate(codes[start : start + per_page]):
            parts += [f"## {offset + 1}. 구조 {number}-{offset} (10분)", "", "설명 문단.", ""]
            parts += ["```mermaid", code.rstrip("\n"), "```", ""]
        pages[f"week_{week:02d}/day{day}/session_{number}.md"] = "\n".join(parts)
    return pages
