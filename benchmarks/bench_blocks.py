"""Code-block check benchmark (issue 10), measured side by side in one run on a generated
course.

The course: `generate_course.py`'s 300 session pages (about 10 diagrams and 20 links
each), with their 10 code blocks a page made a mix of languages: bash with docker and
kubectl lines, console transcripts, Kubernetes and Compose YAML, Dockerfiles, JSON, HCL
and Python, each with the page's own names (so no two pages share a block and the caches
start cold). Reported:

1. today's default static check (`--only schedule,mermaid,links`), cold;
2. the blocks check (`--only blocks`), cold (empty cache). Target: <= 0.3x (1);
3. the blocks check again, warm. Target: <= 0.05x (1).

    .venv/bin/python benchmarks/bench_blocks.py [--sessions 300]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_validators import timed
from benchmarks.generate_course import generate

MIXED = [
    (
        "bash",
        "docker build -t app-{n}:1.0 .\ndocker run -d --name app-{n} -p {p}:8080 app-{n}:1.0\n"
        "docker logs -f --tail 20 app-{n}",
    ),
    (
        "yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{n}\nspec:\n"
        "  replicas: 2\n  selector:\n    matchLabels:\n      app: web-{n}\n  template:\n"
        "    metadata:\n      labels:\n        app: web-{n}\n    spec:\n      containers:\n"
        "        - name: web\n          image: nginx:1.27\n          ports:\n"
        "            - containerPort: 80",
    ),
    (
        "bash",
        "kubectl apply -f web-{n}.yaml\nkubectl get pods -l app=web-{n} -o wide\n"
        "kubectl rollout status deployment/web-{n} --timeout=60s",
    ),
    (
        "dockerfile",
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
        'ENV APP_ID={n}\nEXPOSE 8080\nCMD ["python", "app.py"]',
    ),
    (
        "json",
        '{{\n  "name": "app-{n}",\n  "version": "1.0.{p}",\n'
        '  "scripts": {{"start": "node index.js"}}\n}}',
    ),
    (
        "hcl",
        'resource "aws_instance" "web_{n}" {{\n  ami           = "ami-{n}"\n'
        '  instance_type = "t3.micro"\n  tags = {{\n    Name = "web-{n}"\n  }}\n}}',
    ),
    (
        "python",
        "import json\n\n\ndef handler(event: dict) -> dict:\n"
        '    return {{"status": 200, "body": json.dumps({{"id": {n}}})}}',
    ),
    (
        "yaml",
        'services:\n  web:\n    image: nginx:alpine\n    ports:\n      - "{p}:80"\n'
        "    depends_on:\n      - db\n  db:\n    image: postgres:16\n    environment:\n"
        "      POSTGRES_PASSWORD: secret{n}",
    ),
    (
        "console",
        "$ docker ps --filter name=app-{n} --format '{{{{.Names}}}}'\napp-{n}\n"
        "$ kubectl get svc web-{n} -n default\nNAME   TYPE   CLUSTER-IP",
    ),
    (
        "bash",
        'for i in 1 2 3; do\n  curl -s http://localhost:{p}/health || echo "down $i"\ndone\n'
        "docker network create net-{n} && docker network connect net-{n} app-{n}",
    ),
]

_BASH_BLOCK = re.compile(r"```bash\n.*?\n```", re.S)


def mix(docs: Path) -> int:
    """Make each page's bash blocks the MIXED languages; the number of blocks."""
    blocks = 0
    for page, path in enumerate(sorted(docs.rglob("session_*.md"))):
        counter = iter(range(10**6))

        def block(_: re.Match[str], page: int = page, counter=counter) -> str:
            index = next(counter)
            lang, template = MIXED[index % len(MIXED)]
            body = template.format(n=f"{page}-{index}", p=8000 + page % 1000)
            return f"```{lang}\n{body}\n```"

        text, count = _BASH_BLOCK.subn(block, path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        blocks += count
    return blocks


def check(config: Path, only: str) -> float:
    report = str(config.parent / "report.json")
    command = [sys.executable, "-m", "validators", "check", "--quiet", "-f", str(config),
               "--only", only, "--format", "json", "--output", report]  # fmt: skip
    return timed(command, config.parent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        config = generate(work / "course", args.sessions)
        blocks = mix(work / "course" / "docs")
        cache = work / "course" / ".cache"

        shutil.rmtree(cache, ignore_errors=True)
        static = check(config, "schedule,mermaid,links")
        shutil.rmtree(cache, ignore_errors=True)
        cold = check(config, "blocks")
        warm = check(config, "blocks")

    rows = [
        ("pages / code blocks", f"{args.sessions} / {blocks}", ""),
        ("static check (schedule,mermaid,links), cold", f"{static:.2f} s", ""),
        ("blocks check, cold", f"{cold:.2f} s", f"{cold / static:.3f}x static (target <= 0.3x)"),
        ("blocks check, warm", f"{warm:.2f} s", f"{warm / static:.3f}x static (target <= 0.05x)"),
    ]
    for name, value, note in rows:
        print(f"{name:44} {value:>14}  {note}")


if __name__ == "__main__":
    main()
