"""The blocks check for data and build files: YAML (Kubernetes, Compose), JSON, Python,
HCL and Dockerfile blocks, with the real parsers, schemas and hadolint (nothing mocked)."""

from __future__ import annotations

from pathlib import Path

import pytest

from validators.checks.blocks import blocks_of, check_blocks, checkers
from validators.course import read_pages
from validators.page import parse_page

SAMPLE = Path("/work/shared/course-sample/theory")
FENCE = "```"


def findings(text: str) -> list[tuple[str, int, str, str]]:
    page = parse_page("page.md", text)
    return [(f.rule, f.line, f.severity.value, f.message) for f in check_blocks([page])]


def page(*blocks: tuple[str, str, str]) -> str:
    """A page of (lead, lang, body) blocks."""
    parts = ["# Page", ""]
    for lead, lang, body in blocks:
        parts += [lead, "", f"{FENCE}{lang}", body.rstrip("\n"), FENCE, ""]
    return "\n".join(parts) + "\n"


# --- YAML --------------------------------------------------------------------------------

YAML_BAD = page(
    (
        "Deployment:",
        "yaml",
        """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: "3"
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      contaienrs:
      - name: web
        image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - image: nginx
""",
    ),
    ("Old API:", "yaml", "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n"),
    ("Broken:", "yml", "a: b: c\n"),
    ("Compose:", "yaml", "services:\n  web:\n    imagee: nginx\nservice:\n  x: 1\n"),
)


def test_yaml_defects_at_their_lines() -> None:
    assert findings(YAML_BAD) == [
        (
            "blocks/yaml/kubernetes",
            11,
            "error",
            "Deployment spec.replicas must be integer or null, not '3' (Kubernetes 1.37)",
        ),
        (
            "blocks/yaml/kubernetes",
            17,
            "error",
            "Deployment spec.template.spec lacks the required field 'containers' (Kubernetes 1.37)",
        ),
        (
            "blocks/yaml/kubernetes",
            18,
            "error",
            "Deployment has no field 'contaienrs' in spec.template.spec (Kubernetes 1.37)",
        ),
        (
            "blocks/yaml/kubernetes",
            28,
            "error",
            "Pod spec.containers[0] lacks the required field 'name' (Kubernetes 1.37)",
        ),
        (
            "blocks/yaml/kubernetes",
            34,
            "info",
            "Kubernetes 1.37 has no Deployment in apiVersion 'extensions/v1beta1'",
        ),
        (
            "blocks/yaml/syntax",
            42,
            "error",
            "YAML syntax error: mapping values are not allowed here",
        ),
        (
            "blocks/yaml/compose",
            50,
            "error",
            "'imagee' is not a key of a Compose service (in service 'web')",
        ),
        ("blocks/yaml/compose", 51, "error", "'service' is not a top-level key of a Compose file"),
    ]


YAML_CLEAN = page(
    (
        "Two documents:",
        "yaml",
        """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: conf
data:
  nginx.conf: |
    server {
      listen 80;
      location / { return 200 "ok: fine"; }
    }
  name: <your-value>
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
""",
    ),
    (
        "Helm:",
        "yaml",
        """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  {{- if .Values.replicas }}
  replicas: {{ .Values.replicas }}
  {{- end }}
""",
    ),
    (
        "CRD:",
        "yaml",
        "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\nspec:\n  x: 1\n",
    ),
    (
        "Compose:",
        "yaml",
        """\
version: '3.8'
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    depends_on: [db]
    x-note: custom
  db:
    image: postgres:16
volumes:
  data:
""",
    ),
    (
        "Two files in one block:",
        "yaml",
        """\
# prometheus.yml
global:
  scrape_interval: 15s

# docker-compose.yml (모니터링)
services:
  prometheus:
    image: prom/prometheus

# .env
API_KEY=abc
""",
    ),
    ("YAML 문법 핵심 규칙", "yaml", "# ❌ 잘못된 예시\nservices:\n  web:\n    imagee: nginx\n"),
)


def test_yaml_traps_stay_clean() -> None:
    assert [f for f in findings(YAML_CLEAN) if f[2] != "info"] == []
    assert findings(YAML_CLEAN) == [
        (
            "blocks/yaml/compose",
            90,
            "info",
            "'imagee' is not a key of a Compose service (in service 'web')",
        )
    ]


def test_korean_message() -> None:
    page_ = parse_page("page.md", YAML_BAD)
    unknown = [f for f in check_blocks([page_]) if f.line == 18][0].localized("ko")
    assert unknown.message == (
        "Deployment의 spec.template.spec에는 'contaienrs' 필드가 없습니다 (Kubernetes 1.37)"
    )
    assert unknown.hint.startswith("철자와 들여쓰기를 확인하세요")


# --- JSON, Python, HCL --------------------------------------------------------------------

OTHERS_BAD = page(
    ("JSON:", "json", '{\n  "a": [1, 2,],\n  "b": 1\n}\n'),
    ("Python:", "python", "def f(x):\n    return x +\n"),
    ("REPL:", "python", ">>> x = (1,\n... 2\n>>> print(x)\n"),
    ("Terraform:", "hcl", 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n'),
)


def test_json_python_hcl_defects() -> None:
    assert findings(OTHERS_BAD) == [
        ("blocks/json/syntax", 7, "error", "JSON syntax error: Expecting value (column 14)"),
        ("blocks/python/syntax", 16, "error", "Python syntax error: invalid syntax"),
        ("blocks/python/syntax", 22, "error", "Python syntax error: '(' was never closed"),
        ("blocks/hcl/syntax", 31, "error", "HCL syntax error: unexpected '}'"),
    ]


OTHERS_CLEAN = page(
    ("JSON:", "json", '{"a": [[1, 2], [3, [4, {"b": "http://x//y # z"}]]], "c": null}\n'),
    ("Annotated JSON:", "json", '{\n  "a": 1,  // the port\n  "b": "x"\n}\n'),
    (
        "Python:",
        "python",
        "from typing import Any\n\n\ndef f(x: int, *, y: dict[str, Any] | None = None) -> str:\n"
        '    return f"{x!r:>{y}} {{literal}}"\n\n\nasync def g() -> None:\n    ...\n',
    ),
    ("REPL:", "py", ">>> def f():\n...     return 1\n...\n>>> f()\n1\n"),
    ("Notebook:", "python", "%pip install requests\n!ls\nimport requests\nawait g()\n"),
    (
        "Terraform:",
        "terraform",
        'variable "name" {\n  default = "web"\n}\n\nresource "aws_instance" "web" {\n'
        '  tags = { Name = "${var.name}-${count.index}" }\n  user_data = <<-EOF\n'
        "    #!/bin/bash\n    echo ${var.name}\n  EOF\n  ...\n}\n",
    ),
)


def test_json_python_hcl_traps_stay_clean() -> None:
    assert findings(OTHERS_CLEAN) == [
        (
            "blocks/json/comments",
            13,
            "info",
            "JSON has no comments: this block is valid JSON only without them",
        )
    ]


# --- Dockerfile ---------------------------------------------------------------------------

DOCKER = page(
    ("Broken:", "dockerfile", "FROM alpine:3.20\nENV A\n"),
    ("Typo:", "dockerfile", "FROM alpine:3.20\nRUNN echo hi\n"),
    ("Heredoc:", "dockerfile", "FROM alpine:3.20\nRUN <<EOF\necho hi\n"),
    ("Lint:", "dockerfile", "FROM python:3.12-slim\nCOPY . app/\nCMD python app.py\n"),
)


def test_dockerfile_defects() -> None:
    assert findings(DOCKER) == [
        (
            "blocks/dockerfile/syntax",
            7,
            "error",
            "Dockerfile syntax error: ENV must have two arguments",
        ),
        ("blocks/dockerfile/syntax", 14, "error", "Unknown Dockerfile instruction 'RUNN'"),
        ("blocks/dockerfile/syntax", 21, "error", "Dockerfile syntax error: unterminated heredoc"),
        (
            "blocks/dockerfile/hadolint",
            29,
            "warning",
            "hadolint DL3045: `COPY` to a relative destination without `WORKDIR` set.",
        ),
        (
            "blocks/dockerfile/hadolint",
            30,
            "warning",
            "hadolint DL3025: Use arguments JSON notation for CMD and ENTRYPOINT arguments",
        ),
    ]
    hint = check_blocks([parse_page("page.md", DOCKER)])[-1].hint
    assert hint == "see https://github.com/hadolint/hadolint/wiki/DL3025"


DOCKER_CLEAN = page(
    ("### ❌ 나쁜 예", "dockerfile", "FROM ubuntu\nRUN apt-get update\nCMD python app.py\n"),
    (
        "Multi-stage:",
        "dockerfile",
        """\
# syntax=docker/dockerfile:1
FROM golang:1.23 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/app"]
""",
    ),
)


def test_dockerfile_bad_example_and_multistage() -> None:
    result = findings(DOCKER_CLEAN)
    assert {severity for _, line, severity, _ in result} == {"info"}
    assert all(line <= 8 for _, line, _, _ in result)  # all in the bad example
    assert (
        "blocks/dockerfile/hadolint",
        6,
        "info",
        "hadolint DL3006 (in a bad example, as intended): Always tag the version of an image "
        "explicitly",
    ) in result


# --- the real course sample ---------------------------------------------------------------

MINE = ("yaml", "json", "python", "hcl", "dockerfile")


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="the course sample is not here")
def test_course_sample() -> None:
    pages, _ = read_pages(SAMPLE)
    by_lang = checkers()
    result = [
        finding
        for page_ in pages
        for block in blocks_of(page_)
        if block.lang in by_lang and by_lang[block.lang].__module__.rsplit(".", 1)[1] in MINE
        for finding in by_lang[block.lang](block)
    ]
    errors = sorted((f.path, f.line, f.rule) for f in result if f.severity.value == "error")
    # real: a pseudo-YAML numbered list (the other real one, a plain scalar holding ': ',
    # is in a bash heredoc, which the shell check hands over)
    assert errors == [("week_02/day4/session_1.md", 226, "blocks/yaml/syntax")]
    assert not [f for f in result if f.rule == "blocks/hcl/syntax"]  # `...` elision


COMPOSE_CURRENT = """\
name: shop
services:
  web:
    image: nginx:alpine
    ports:
      - "${WEB_PORT:-8080}:80"
      - target: 80
        published: "8081"
        host_ip: 127.0.0.1
    depends_on:
      db:
        condition: service_healthy
        restart: true
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
      interval: 30s
      start_interval: 5s
    deploy:
      resources:
        limits:
          cpus: "0.5"
          memory: 256M
          pids: 100
    privileged: ${PRIV:-false}
    develop:
      watch:
        - action: sync
          path: ./src
          target: /app
  db:
    image: postgres:16
    environment:
      - POSTGRES_PASSWORD=secret
    volumes:
      - type: bind
        source: ./data
        target: /var/lib/postgresql/data
        bind:
          create_host_path: true
volumes:
  data: {}
x-common: &common
  restart: always
"""

COMPOSE_BAD = """\
services:
  web:
    image: nginx
    ports: 8080:80
    restart: always
    healthcheck:
      intervall: 10s
    depends_on: db
    enviroment:
      A: 1
"""


def test_compose_against_the_specifications_schema() -> None:
    text = page(("현재 Compose 파일:", "yaml", COMPOSE_CURRENT), ("틀린 곳:", "yaml", COMPOSE_BAD))
    start = 7 + COMPOSE_CURRENT.count("\n") + 4  # the second block's first line
    rule, error = "blocks/yaml/compose", "error"
    assert findings(text) == [
        (rule, start + 3, error, "Compose services.web.ports must be array, not '8080:80'"),
        (
            rule,
            start + 6,
            error,
            "'intervall' is not a key of services.web.healthcheck in a Compose file",
        ),
        (rule, start + 7, error, "Compose services.web.depends_on must be array, not 'db'"),
        (
            rule,
            start + 8,
            error,
            "'enviroment' is not a key of a Compose service (in service 'web')",
        ),
    ]
