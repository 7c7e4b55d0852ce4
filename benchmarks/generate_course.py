"""Generate a course for benchmarks, in one of two modes.

- `sessions` (default): N session pages in one day folder, each with about 10 mermaid
  diagrams (of several types), 10 bash blocks and 20 links (pages, anchors, images,
  external). Diagrams differ page by page, so caches start cold.
- `real`: a course shaped like the real one (about 360 pages), in the proportions of the
  two weeks we have of it: week folders (`week_01` … and `november/`, `december/` blocks)
  of five days, each day an overview `README.md` with its schedule table and session
  entries, four sessions and two labs with info blocks whose times agree with the table,
  `lab_scripts/README.md` on some days, a challenge on the last day, week overviews and
  guides; about 2.3 diagrams a page (flowcharts with subgraphs and `<br/>` labels, styles,
  sequence diagrams), 6 bash blocks, YAML manifests and HCL in the later weeks, about 2
  external links a page over a few dozen hosts, links to other pages and their headings.
  Diagram sources come from `diagram_for(rng, n)`; a module with lesson-like diagrams can
  take its place.

    python benchmarks/generate_course.py OUT_DIR [--mode real] [--sessions 300]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

DIAGRAMS = [
    "graph TB\n    A[Client {n}] --> B[Daemon {n}]\n    B --> C[Images]\n    B --> D[Containers]\n"
    "    style A fill:#e3f2fd\n    style B fill:#fff3e0",
    'graph LR\n    subgraph "Stage {n}"\n        A1[소스 코드] --> A2[빌드]\n    end\n'
    "    A2 --> A3[이미지 {n}MB]",
    "sequenceDiagram\n    participant U as 학생{n}\n    participant D as dockerd\n"
    "    U->>D: docker run nginx\n    D-->>U: container id {n}",
    "classDiagram\n    class Image{n} {{\n        +layers\n        +run()\n    }}\n"
    "    Image{n} <|-- Container",
    "stateDiagram-v2\n    [*] --> Created{n}\n    Created{n} --> Running\n    Running --> Stopped\n"
    "    Stopped --> [*]",
    "erDiagram\n    IMAGE{n} ||--o{{ CONTAINER : runs\n    CONTAINER }}o--|| NETWORK : joins",
    'pie title 시간 배분 {n}\n    "이론" : {a}\n    "실습" : {b}\n    "케어" : 25',
    "gantt\n    title Day {n}\n    dateFormat HH:mm\n    axisFormat %H:%M\n"
    "    section 오전\n    이론 1 :a1, 09:00, 50m\n    휴식 :after a1, 10m",
    "flowchart TD\n    Start{n}([시작]) --> Q{{이미지 있음?}}\n    Q -->|예| Run[docker run]\n"
    "    Q -->|아니오| Pull[docker pull] --> Run",
    "journey\n    title 실습 {n}\n    section 준비\n      이미지 받기: 5: 학생\n"
    "      컨테이너 실행: {c}: 학생",
]

BASH = [
    "docker network create net-{n}\ndocker network ls",
    "docker run -d --name web-{n} -p 80{p}:80 nginx:alpine\ndocker ps",
    "docker logs web-{n}\ndocker inspect web-{n} | grep IPAddress",
    "docker exec web-{n} ls /usr/share/nginx/html",
    "# 정리\ndocker rm -f web-{n}\ndocker network rm net-{n}",
]


def session_page(week: int, day: int, session: int, total: int, rng: random.Random) -> str:
    n = (week * 100 + day) * 100 + session
    lines = [
        f"# Week {week} Day {day} Session {session}: Docker 실습 {n}",
        "",
        '<div align="center">',
        "",
        f"**📦 세션 {session}** • **실습 중심**",
        "",
        "</div>",
        "",
        "## 🕘 세션 정보",
        "",
        f"**시간**: {8 + session:02d}:00-{8 + session:02d}:50 (50분)  ",
        "**목표**: 컨테이너 이미지와 네트워크 이해  ",
        "**방식**: 실습 + 토론",
        "",
        "## 📖 핵심 개념 (35분)",
        "",
    ]
    links = 0
    for index in range(10):
        template = DIAGRAMS[(index + n) % len(DIAGRAMS)]
        diagram = template.format(n=n * 10 + index, a=40 + index, b=35, c=1 + index % 5)
        lines += [f"### 🔍 개념 {index + 1}: 주제 {n}-{index} (3분)", ""]
        lines += [f"**설명**: 개념 {index + 1}의 요점입니다.", "- 첫째", "- 둘째", ""]
        lines += ["```mermaid", diagram, "```", ""]
        bash = BASH[index % len(BASH)].format(n=f"{n}-{index}", p=index)
        lines += ["```bash", bash, "```", ""]
        other = rng.randint(1, total)
        lines.append(
            f"참고: [세션 {other}](../day1/session_{other}.md) · "
            f"[개념 {index + 1}](#-개념-{index + 1}-주제-{n}-{index}-3분)"
        )
        links += 2
        lines.append("")
    while links < 20:
        lines.append(f"- [Docker 문서 {links}](https://docs.docker.com/engine/{links}/)")
        links += 1
    lines += ["", "## 💭 함께 생각해보기 (10분)", "", "- [ ] 정리하기", ""]
    return "\n".join(lines) + "\n"


def _config(out: Path, extra: str = "") -> Path:
    """A config that inherits the project's, with its hooks (all of them: the site's build)."""
    root = Path(__file__).resolve().parent.parent
    config = out / "mkdocs.yml"
    hooks = "".join(f"  - {root / hook}\n" for hook in site_hooks(root / "mkdocs.yml"))
    config.write_text(
        f"INHERIT: {root / 'mkdocs.yml'}\nsite_name: 벤치마크\n"
        f"theme:\n  custom_dir: {root / 'overrides'}\n"
        f"hooks:\n{hooks}{extra}",
        encoding="utf-8",
    )
    return config


def site_hooks(config: Path) -> list[str]:
    """The `hooks:` of a mkdocs.yml, as written (paths relative to it); a config that
    INHERITs gives its own list, which MkDocs takes instead of the parent's."""
    hooks: list[str] = []
    inside = False
    for line in config.read_text(encoding="utf-8").splitlines():
        if line.startswith("hooks:"):
            inside = True
        elif inside and line.lstrip().startswith("- "):
            hooks.append(line.split("- ", 1)[1].split("#", 1)[0].strip())
        elif inside and line.strip() and not line.startswith(" "):
            break
    return hooks


def generate(out: Path, sessions: int, seed: int = 7) -> Path:
    """Write OUT/mkdocs.yml (inheriting this project's) and OUT/docs; return mkdocs.yml."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs" / "week1" / "day1"
    docs.mkdir(parents=True)
    (out / "docs" / "index.md").write_text("# 벤치마크 과정\n", encoding="utf-8")
    for session in range(1, sessions + 1):
        page = session_page(1, 1, session, sessions, rng)
        (docs / f"session_{session}.md").write_text(page, encoding="utf-8")
    return _config(out)


# -- real mode: a course shaped like the real one ------------------------------------------

TOPICS = [
    "Docker 네트워킹",
    "컨테이너 보안",
    "이미지 최적화",
    "Docker Compose",
    "로그와 모니터링",
    "Kubernetes 아키텍처",
    "Pod와 Deployment",
    "Service와 Ingress",
    "ConfigMap과 Secret",
    "스토리지와 PV",
    "Helm 차트",
    "CI/CD 파이프라인",
    "Terraform 기초",
    "AWS VPC",
    "EKS 클러스터",
    "관측성",
    "GitOps",
    "비용 최적화",
]
HOSTS = [
    "docs.docker.com/engine",
    "kubernetes.io/docs/concepts",
    "github.com/docker",
    "docs.aws.amazon.com/vpc/latest",
    "developer.hashicorp.com/terraform/docs",
    "helm.sh/docs",
    "prometheus.io/docs",
    "grafana.com/docs",
    "nginx.org/en/docs",
    "www.postgresql.org/docs",
    "redis.io/docs",
    "docs.github.com/actions",
    "argo-cd.readthedocs.io/en",
    "istio.io/latest/docs",
    "12factor.net",
    "learn.microsoft.com",
]
# (start, end, kind word, row kind) of a day's rows; sessions 1-4, labs 1-2.
DAY_ROWS = [
    (540, 590, "📚 이론 1", "session", 1),
    (590, 600, "☕ 휴식", None, 0),
    (600, 650, "📚 이론 2", "session", 2),
    (650, 660, "☕ 휴식", None, 0),
    (660, 710, "📚 이론 3", "session", 3),
    (710, 720, "☕ 휴식", None, 0),
    (720, 780, "🍽️ 점심", None, 0),
    (780, 830, "📚 이론 4", "session", 4),
    (830, 840, "☕ 휴식", None, 0),
    (840, 930, "🛠️ 실습 1", "lab", 1),
    (930, 940, "☕ 휴식", None, 0),
    (940, 1030, "🛠️ 실습 2", "lab", 2),
    (1030, 1080, "👥 학생 케어", None, 0),
]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def diagram_for(rng: random.Random, n: int) -> str:
    """A lesson-like diagram: a flowchart with subgraphs, `<br/>` labels and styles, or a
    sequence diagram (about a third)."""
    if rng.random() < 0.3:
        actors = ["사용자", "nginx", "app", "redis", "postgres"][: rng.randint(3, 5)]
        lines = ["sequenceDiagram"]
        lines += [f"    participant {chr(65 + i)} as {name}" for i, name in enumerate(actors)]
        for step in range(rng.randint(6, 12)):
            a, b = rng.sample(range(len(actors)), 2)
            arrow = "->>" if step % 2 == 0 else "-->>"
            lines.append(f"    {chr(65 + a)}{arrow}{chr(65 + b)}: 요청 {n}-{step}")
        return "\n".join(lines)
    lines = [f"graph {rng.choice(['TB', 'LR'])}"]
    nodes = []
    for group in range(rng.randint(2, 4)):
        lines.append(f'    subgraph "영역 {group + 1} ({n})"')
        for item in range(rng.randint(2, 5)):
            node = f"N{group}{item}"
            nodes.append(node)
            lines.append(f"        {node}[서비스 {group}-{item}<br/>port:{8000 + item}]")
        lines.append("    end")
    for index in range(1, len(nodes)):
        lines.append(f"    {nodes[rng.randrange(index)]} --> {nodes[index]}")
    for node in rng.sample(nodes, min(3, len(nodes))):
        lines.append(
            f"    style {node} fill:#{rng.choice(['e3f2fd', 'fff3e0', 'e8f5e8', 'ffebee'])}"
        )
    return "\n".join(lines)


def _bash(rng: random.Random, n: int) -> str:
    name = f"app-{n}"
    return rng.choice(
        [
            f"docker network create {name}-net\ndocker network ls",
            f"docker run -d --name {name} -p 8080:80 nginx:alpine\ndocker ps",
            f"docker logs {name}\ndocker inspect {name} | grep IPAddress",
            f"kubectl get pods -n default\nkubectl describe deployment {name}",
            "for i in 1 2 3; do\n  curl -s http://localhost:8080/ > /dev/null\n"
            '  echo "요청 $i"\ndone',
            f"# 정리\ndocker rm -f {name}\ndocker network rm {name}-net",
        ]
    )


def _yaml(n: int) -> str:
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
        f"  name: web-{n}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n"
        f"      app: web-{n}\n  template:\n    metadata:\n      labels:\n        app: web-{n}\n"
        "    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n"
        "          ports:\n            - containerPort: 80"
    )


def _hcl(n: int) -> str:
    return (
        f'resource "aws_vpc" "main_{n}" {{\n  cidr_block = "10.0.0.0/16"\n\n'
        f'  tags = {{\n    Name = "vpc-{n}"\n  }}\n}}'
    )


def _external(rng: random.Random, n: int) -> str:
    return f"https://{rng.choice(HOSTS)}/topic-{n % 97}/"


def _slug(text: str) -> str:
    return "".join(c for c in text.lower().replace(" ", "-") if c.isalnum() or c in "-_")


def _prose(rng: random.Random, lines: list[str], count: int) -> None:
    for index in range(count):
        lines += [
            f"- **핵심 {index + 1}**: {rng.choice(TOPICS)}의 동작 원리와 설정 방법을 "
            "실습으로 익힙니다",
            "  - 실무에서 자주 만나는 문제와 해결 방법",
        ]
    lines.append("")


def _real_session(rng, week, day, number, start, end, topic, n, hcl) -> str:
    minutes = end - start
    lines = [
        f"# Week {week} Day {day} Session {number}: {topic} {number}",
        "",
        '<div align="center">',
        "",
        f"**📚 {topic}** • **🔍 개념 이해**",
        "",
        "</div>",
        "",
        "---",
        "",
        "## 🕘 세션 정보",
        "",
        f"**시간**: {_clock(start)}-{_clock(end)} ({minutes}분)  ",
        f"**목표**: {topic}의 핵심 개념 이해  ",
        "**방식**: 이론 강의 + 토론",
        "",
        "---",
        "",
        "## 🎯 학습 목표",
        "",
    ]
    _prose(rng, lines, 3)
    lines += ["## 📖 핵심 개념 (35분)", ""]
    for concept in range(1, 5):
        lines += [f"### 🔍 개념 {concept}: {topic} 요소 {concept} (8분)", ""]
        _prose(rng, lines, 4)
        lines += ["```mermaid", diagram_for(rng, n * 10 + concept), "```", ""]
        if concept % 2:
            lines += ["```bash", _bash(rng, n * 10 + concept), "```", ""]
        if concept == 3 and week >= 3:
            lines += ["```yaml", _yaml(n), "```", ""]
        if concept == 4 and hcl:
            lines += ["```hcl", _hcl(n), "```", ""]
    lines += [
        "## 💭 함께 생각해보기 (10분)",
        "",
        "- 오늘 배운 내용을 팀과 정리합니다",
        "",
        "## 🔗 참고 자료",
        "",
        f"- [공식 문서]({_external(rng, n)})",
        f"- [개념 1 다시 보기](#-개념-1-{_slug(topic)}-요소-1-8분)",
        f"- [더 읽을거리]({_external(rng, n + 5)})",
        "- [오늘의 일정](./README.md#-상세-스케줄)",
        "",
    ]
    if number > 1:
        lines.insert(-1, f"- [이전 세션](./session_{number - 1}.md)")
    return "\n".join(lines) + "\n"


def _real_lab(rng, week, day, number, start, end, topic, n, hcl) -> str:
    lines = [
        f"# Week {week} Day {day} Lab {number}: {topic} 실습 {number}",
        "",
        '<div align="center">',
        "",
        f"**🛠️ {topic} 실습**",
        "",
        "</div>",
        "",
        "---",
        "",
        "## 🕘 실습 정보",
        "",
        f"**시간**: {_clock(start)}-{_clock(end)} ({end - start}분)  ",
        f"**목표**: {topic} 환경 구축  ",
        "**방식**: 단계별 가이드 + 페어 프로그래밍",
        "",
        "---",
        "",
        "## 🏗️ 구축할 시스템",
        "",
        "```mermaid",
        diagram_for(rng, n * 10),
        "```",
        "",
    ]
    for step in range(1, min(7, (end - start) // 10)):
        lines += [f"## 🛠️ Step {step}: 단계 {step} (10분)", ""]
        _prose(rng, lines, 2)
        lines += ["```bash", _bash(rng, n * 10 + step), "```", ""]
        if step == 3 and week >= 3:
            lines += ["```yaml", _yaml(n * 10 + step), "```", ""]
        if step == 4 and hcl:
            lines += ["```hcl", _hcl(n * 10 + step), "```", ""]
        if step % 2 == 0:
            lines += [f"> 참고: [{topic} 문서]({_external(rng, n * 10 + step)})", ""]
    lines += [
        "## ✅ 실습 체크포인트",
        "",
        "- [ ] 모든 컨테이너가 실행 중",
        "- [ ] 결과 확인",
        "",
        "[Session 1로 돌아가기](./session_1.md#-핵심-개념-35분)",
        "",
    ]
    return "\n".join(lines) + "\n"


def _real_overview(rng, week, day, topic, n, extra: list[str]) -> str:
    lines = [
        f"# Week {week} Day {day}: {topic} & 실무 적용",
        "",
        '<div align="center">',
        "",
        f"**{topic}** • **실습 중심**",
        "",
        "</div>",
        "",
        "---",
        "",
        "## 🕘 일일 스케줄",
        "",
        "### 🗓️ 상세 스케줄",
        "| 시간 | 구분 | 내용 | 목적 |",
        "|------|------|------|------|",
    ]
    rows = list(DAY_ROWS)
    if day == 5:  # the last day ends with a challenge instead of the care hour
        rows[-1] = (1030, 1080, "🛠️ 챌린지", "challenge", 1)
    for start, end, word, kind, number in rows:
        what = f"[{topic} {number}](./{kind}_{number}.md)" if kind else "휴식"
        lines.append(f"| **{_clock(start)}-{_clock(end)}** | {word} | {what} ({end - start}분) | |")
    lines += ["", "---", "", "## 📚 이론 강의", ""]
    for start, end, _word, kind, number in DAY_ROWS:
        if kind is None:
            continue
        label = "Session" if kind == "session" else "Lab"
        lines += [
            f"### {label} {number}: [{topic} {number}](./{kind}_{number}.md)",
            f"**시간**: {_clock(start)}-{_clock(end)} ({end - start}분)  ",
            f"**목표**: {topic} {number} 이해",
            "",
        ]
    lines += ["```mermaid", diagram_for(rng, n), "```", ""]
    _prose(rng, lines, 4)
    lines += [
        "## 🔗 참고 자료",
        "",
        f"- [공식 문서]({_external(rng, n)})",
        f"- [관련 도구]({_external(rng, n + 1)})",
        *extra,
        "",
    ]
    return "\n".join(lines) + "\n"


def _lab_scripts(rng, topic, n) -> str:
    lines = [f"# {topic} 실습 스크립트", "", "## 사용 방법", ""]
    for index in range(4):
        lines += ["```bash", _bash(rng, n * 10 + index), "```", ""]
    lines += [f"- [설치 가이드]({_external(rng, n)})", "- [Lab 1](../lab_1.md)", ""]
    return "\n".join(lines)


def generate_real(out: Path, weeks: int = 9, seed: int = 11) -> Path:
    """A course like the real one: `weeks` weeks of 40 pages (360 pages for 9), in week
    folders then `november/` and `december/` blocks, with guides. Returns mkdocs.yml."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# DevOps 부트캠프\n\n[1주차](week_01/README.md)\n")
    folders = []
    for index in range(weeks):
        if index < 5:
            folders.append((f"week_{index + 1:02d}", index + 1))
        else:
            block = "november" if index < 7 else "december"
            number = (index - 5) % 2 + 1
            folders.append((f"{block}/week_{number:02d}", number))
    written = 1
    for index, (folder, week) in enumerate(folders):
        hcl = index >= 3
        week_dir = docs / folder
        week_dir.mkdir(parents=True)
        days = []
        for day in range(1, 6):
            topic = TOPICS[(index * 5 + day) % len(TOPICS)]
            n = (index + 1) * 100 + day * 10
            day_dir = week_dir / f"day{day}"
            (day_dir / "images").mkdir(parents=True)
            for start, end, _word, kind, number in DAY_ROWS:
                if kind == "session":
                    text = _real_session(rng, week, day, number, start, end, topic, n + number, hcl)
                elif kind == "lab":
                    text = _real_lab(rng, week, day, number, start, end, topic, n + number, hcl)
                else:
                    continue
                (day_dir / f"{kind}_{number}.md").write_text(text, encoding="utf-8")
                written += 1
            extra = []
            if day in (2, 4):
                (day_dir / "lab_scripts").mkdir()
                (day_dir / "lab_scripts" / "README.md").write_text(_lab_scripts(rng, topic, n))
                extra.append("- [실습 스크립트](./lab_scripts/README.md)")
                written += 1
            if day == 5:
                challenge = _real_lab(rng, week, day, 1, 1030, 1080, topic, n + 9, hcl)
                challenge = challenge.replace(" Lab 1:", " Challenge 1:").replace(
                    "실습 정보", "Challenge 정보"
                )
                (day_dir / "challenge_1.md").write_text(challenge, encoding="utf-8")
                written += 1
            overview = _real_overview(rng, week, day, topic, n, extra)
            (day_dir / "README.md").write_text(overview, encoding="utf-8")
            written += 1
            days.append(f"- [Day {day}: {topic}](./day{day}/README.md)")
        lines = [
            f"# Week {week}: {TOPICS[index % len(TOPICS)]} 주간",
            "",
            "## 📅 일정",
            "",
            *days,
            "",
            f"- [주간 참고 자료]({_external(rng, index)})",
            "",
        ]
        (week_dir / "README.md").write_text("\n".join(lines), encoding="utf-8")
        written += 1
    guides = docs / "guide"
    guides.mkdir()
    while written < weeks * 40:
        number = weeks * 40 - written
        text = f"# 가이드 {number}: {rng.choice(TOPICS)}\n\n## 준비\n\n"
        text += f"```bash\n{_bash(rng, number)}\n```\n\n- [참고]({_external(rng, number)})\n"
        (guides / f"GUIDE_{number}.md").write_text(text, encoding="utf-8")
        written += 1
    return _config(out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--mode", choices=("sessions", "real"), default="sessions")
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--weeks", type=int, default=9, help="real mode: weeks (40 pages each)")
    args = parser.parse_args()
    if args.mode == "real":
        print(generate_real(args.out, args.weeks))
    else:
        print(generate(args.out, args.sessions))
