"""Expected output in comments: what is compared, and what may differ (no daemon needed)."""

from __future__ import annotations

import pytest

from validators.checks.exec.expected import expected_lines, missing_lines, output_diff

DOCKER_PS = (
    "CONTAINER ID   IMAGE          COMMAND                  CREATED              "
    "STATUS                  PORTS                  NAMES\n"
    '4f9a1c2be7d0   nginx:alpine   "/docker-entrypoint.…"   About a minute ago   '
    "Up About a minute       0.0.0.0:8080->80/tcp   web\n"
)


def test_explanations_and_labels_are_not_expected_output() -> None:
    comments = [
        "A /tmp/newfile.txt  (A = Added)",
        "C /var/log          (C = Changed)",
        "결과: /var/lib/docker/overlay2/[hash]/merged",
        "출력:   hello  ← 인사",
        "",
    ]
    assert expected_lines(comments) == (
        "A /tmp/newfile.txt",
        "C /var/log",
        "/var/lib/docker/overlay2/[hash]/merged",
        "hello",
    )


@pytest.mark.parametrize(
    "expected",
    [
        '3f2a9e1b2c4d   nginx:alpine   "/docker-entrypoint.…"   2 minutes ago   Up 3 seconds',
        "<id>   nginx:alpine",
        "nginx:alpine ... 0.0.0.0:8080->80/tcp   web",
        "CONTAINER ID IMAGE COMMAND",  # column widths differ
    ],
)
def test_volatile_tokens_match_any_value(expected: str) -> None:
    assert missing_lines([expected], DOCKER_PS) == []


@pytest.mark.parametrize(
    "expected",
    [
        "3f2a9e1b2c4d   httpd:alpine",  # the image is not volatile
        "Exited (0) 3 seconds ago",
        "0.0.0.0:9090->80/tcp",
        "web2",
    ],
)
def test_real_differences_are_missing(expected: str) -> None:
    assert missing_lines([expected], DOCKER_PS) == [expected]


def test_digests_sizes_addresses_and_times() -> None:
    output = (
        "sha256:0f4a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d\n"
        "nginx  alpine  a6bd71f48f68  2 weeks ago  43.2MB\n"
        '"IPAddress": "172.18.0.3",\n'
        "2026-11-23T10:15:02.123456789Z ready for connections\n"
    )
    expected = [
        "sha256:abcdef012345",
        "nginx alpine 1234567890ab 3 days ago 187MB",
        '"IPAddress": "172.17.0.2",',
        "2024-01-01T00:00:00Z ready for connections",
    ]
    assert missing_lines(expected, output) == []


def test_the_diff_shows_expected_against_actual() -> None:
    diff = output_diff(["hello", "world"], "hello\r\nthere\n")
    assert diff.splitlines() == [
        "--- expected (comments)",
        "+++ actual output",
        "@@ -1,2 +1,2 @@",
        " hello",
        "-world",
        "+there",
    ]
