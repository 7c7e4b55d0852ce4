"""Generate a realistic course for benchmarks: N session pages shaped like the seed lessons.

Each page has about 10 mermaid diagrams (of several types), 10 bash blocks and 20 links
(pages, anchors, images, external). Diagrams differ page by page, so caches start cold.

    python benchmarks/generate_course.py OUT_DIR [--sessions 300]
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


def generate(out: Path, sessions: int, seed: int = 7) -> Path:
    """Write OUT/mkdocs.yml (inheriting this project's) and OUT/docs; return mkdocs.yml."""
    root = Path(__file__).resolve().parent.parent
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs" / "week1" / "day1"
    docs.mkdir(parents=True)
    (out / "docs" / "index.md").write_text("# 벤치마크 과정\n", encoding="utf-8")
    for session in range(1, sessions + 1):
        page = session_page(1, 1, session, sessions, rng)
        (docs / f"session_{session}.md").write_text(page, encoding="utf-8")
    config = out / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {root / 'mkdocs.yml'}\nsite_name: 벤치마크\n"
        f"theme:\n  custom_dir: {root / 'overrides'}\n"
        f"hooks:\n  - {root / 'hooks' / 'course.py'}\n",
        encoding="utf-8",
    )
    return config


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--sessions", type=int, default=300)
    args = parser.parse_args()
    print(generate(args.out, args.sessions))
