"""YAML blocks: the syntax of every document of a `---` stream (PyYAML), Kubernetes
manifests against the schemas kubernetes-validate ships (offline, strict: unknown fields
are errors), and Docker Compose files by their top-level and service keys.

Helm templates (`{{ … }}`) are not YAML until rendered, so they are left alone. A block
that holds several files, each headed by a `# path/name.ext` comment line, is checked file
by file, the non-YAML ones (`# .env`) skipped. A block shown as a bad example on purpose
(`❌ 잘못된 예시` above it or in its first comment) gets infos only. A kind with
no schema (a CRD's, say) is skipped; a built-in API group with no schema for the kind is
a removed or misspelled apiVersion and gets an info.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml as pyyaml

from validators.checks.blocks import _cache
from validators.checks.blocks.dockerfile import is_bad_example
from validators.findings import Finding, Severity

if TYPE_CHECKING:
    import jsonschema
    import referencing

    from validators.checks.blocks import CodeBlock

LANGS = ("yaml", "yml")


@cache
def kubernetes_version() -> str:
    """The Kubernetes release whose schemas the manifests are checked against: the newest
    kubernetes-validate ships (loaded on first use: the schemas' modules take 0.2 s)."""
    import kubernetes_validate.utils as kv

    return kv.latest_version()


_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)

# The Compose specification's top-level and service keys (compose-spec, 2024); its JSON
# schema ships with no package here, so the keys are listed instead.
_COMPOSE_TOP = frozenset(
    "version name services networks volumes secrets configs include models".split()
)
_COMPOSE_SERVICE = frozenset(
    """annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command
    configs container_name cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period
    cpu_rt_runtime cpu_shares cpus cpuset credential_spec depends_on deploy develop
    device_cgroup_rules devices dns dns_opt dns_search domainname driver_opts entrypoint
    env_file environment expose extends external_links extra_hosts gpus group_add
    healthcheck hostname image init ipc isolation labels label_file links logging
    mac_address mem_limit mem_reservation mem_swappiness memswap_limit models network_mode
    networks oom_kill_disable oom_score_adj pid pids_limit platform ports post_start
    pre_stop privileged profiles provider pull_policy read_only restart runtime scale
    secrets security_opt shm_size stdin_open stop_grace_period stop_signal storage_opt
    sysctls tmpfs tty ulimits use_api_socket user userns_mode uts volumes volumes_from
    working_dir""".split()
)

Raw = tuple[int, str, Severity, str | None, str | None, tuple[tuple[str, object], ...]]


# `# monitoring/prometheus.yml`, `# .env.production`: a comment line naming a file.
_FILE_HEADER = re.compile(r"^#\s*((?:[\w.-]+/)*[\w-]*(?:\.[\w-]+)+)\s*(?:\([^)]*\))?\s*$")


def check(block: CodeBlock) -> Iterable[Finding]:
    bad_example = is_bad_example(block)
    for offset, rule, severity, key, hint, args in _check_text(block.text):
        severity = Severity.INFO if bad_example else severity
        yield block.finding(offset, rule, severity, key, hint, **dict(args))


@_cache.memo
@lru_cache(maxsize=1024)
@_cache.cached(
    "yaml",
    lambda: (
        _cache.source(__name__),
        _cache.package("kubernetes-validate"),
        _cache.package("jsonschema"),
        _cache.package("PyYAML"),
        _cache.tool(str(_COMPOSE_SCHEMA)),
    ),
)
def _check_text(text: str) -> tuple[Raw, ...]:
    if _TEMPLATE.search(text):
        return ()
    findings: list[Raw] = []
    for start, part in _files(text):
        for offset, *rest in _findings(part):
            findings.append((start + offset, *rest))
    return tuple(findings)


def _files(text: str) -> Iterator[tuple[int, str]]:
    """The YAML files of a block (first line, text): split at `# name.ext` headers."""
    lines = text.split("\n")
    starts = [0] + [n for n, line in enumerate(lines) if n and _FILE_HEADER.match(line)]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        header = _FILE_HEADER.match(lines[start])
        if header and not header.group(1).lower().endswith((".yml", ".yaml")):
            continue
        yield start, "\n".join(lines[start:end])


def _raw(offset: int, rule: str, severity: Severity, key=None, hint=None, **args) -> Raw:
    return (offset, rule, severity, key, hint, tuple(sorted(args.items())))


def _findings(text: str) -> Iterator[Raw]:
    loader = pyyaml.SafeLoader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            data = loader.construct_document(node)
            if isinstance(data, dict):
                if "apiVersion" in data and "kind" in data:
                    yield from _kubernetes(data, node)
                elif isinstance(data.get("services"), dict):
                    yield from _compose(data, node)
    except pyyaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        yield _raw(
            mark.line if mark else 0,
            "blocks/yaml/syntax",
            Severity.ERROR,
            hint="blocks/yaml/syntax.hint",
            problem=str(error.problem or error.context or "invalid YAML"),
        )
    except pyyaml.YAMLError as error:  # no position (a reader error)
        yield _raw(0, "blocks/yaml/syntax", Severity.ERROR, problem=str(error))
    finally:
        loader.dispose()


# --- Kubernetes ---------------------------------------------------------------------------


def _builtin_group(api_version: str) -> bool:
    group = api_version.rpartition("/")[0]
    return "." not in group or group.endswith(".k8s.io")


@lru_cache(maxsize=256)
def _validator(kind: str, api_version: str) -> jsonschema.protocols.Validator | None:
    """The strict schema validator for `kind` in `api_version`, or None without a schema."""
    import jsonschema
    import kubernetes_validate.utils as kv
    import referencing

    group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    version = kubernetes_version()
    folder = f"kubernetes-json-schema/v{version}-local-strict"
    try:
        schema = kv.schema_contents(f"{folder}/{kind.lower()}-{group}.json", version)
    except (FileNotFoundError, OSError):
        return None
    registry = referencing.Resource.from_contents(schema) @ _definitions(folder)
    return jsonschema.Draft202012Validator(schema, registry=registry)


@lru_cache(maxsize=2)
def _definitions(folder: str) -> referencing.Registry:
    import kubernetes_validate.utils as kv
    import referencing

    contents = kv.schema_contents(f"{folder}/_definitions.json", kubernetes_version())
    return referencing.Resource.from_contents(contents) @ referencing.Registry()


def _kubernetes(data: dict[str, Any], root: pyyaml.Node) -> Iterator[Raw]:
    kind, api_version = data["kind"], data["apiVersion"]
    if not isinstance(kind, str) or not isinstance(api_version, str):
        return
    validator = _validator(kind, api_version)
    if validator is None:
        if _builtin_group(api_version):
            key, value = _node_at(root, ("apiVersion",))
            yield _raw(
                (value or key or root).start_mark.line,
                "blocks/yaml/kubernetes",
                Severity.INFO,
                "blocks/yaml/kubernetes.no-schema",
                "blocks/yaml/kubernetes.no-schema.hint",
                kind=kind,
                api_version=api_version,
                version=_minor(kubernetes_version()),
            )
        return
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        yield from _schema_error(error, kind, root)


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def _schema_error(error: jsonschema.ValidationError, kind: str, root: pyyaml.Node) -> Iterator[Raw]:
    path = tuple(error.absolute_path)
    key_node, value_node = _node_at(root, path)
    where = _dotted(path) or kind
    common = {"kind": kind, "version": _minor(kubernetes_version())}
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        for name in _unknown_fields(error):
            field_key, _ = _node_at(root, (*path, name))
            yield _raw(
                (field_key or value_node or root).start_mark.line,
                "blocks/yaml/kubernetes",
                Severity.ERROR,
                "blocks/yaml/kubernetes.unknown",
                "blocks/yaml/kubernetes.unknown.hint",
                field=name,
                where=where,
                **common,
            )
        return
    if error.validator == "required":
        missing = re.match(r"'([^']*)'", error.message)
        yield _raw(
            (key_node or value_node or root).start_mark.line,
            "blocks/yaml/kubernetes",
            Severity.ERROR,
            "blocks/yaml/kubernetes.required",
            "blocks/yaml/kubernetes.required.hint",
            field=missing.group(1) if missing else error.message,
            where=where,
            **common,
        )
        return
    if error.validator == "type":
        yield _raw(
            (value_node or key_node or root).start_mark.line,
            "blocks/yaml/kubernetes",
            Severity.ERROR,
            "blocks/yaml/kubernetes.type",
            "blocks/yaml/kubernetes.type.hint",
            where=where,
            expected=_expected(error),
            value=_short(repr(error.instance)),
            **common,
        )
        return
    yield _raw(
        (value_node or key_node or root).start_mark.line,
        "blocks/yaml/kubernetes",
        Severity.ERROR,
        hint="blocks/yaml/kubernetes.hint",
        where=where,
        detail=_short(error.message, 160),
        **common,
    )


def _short(value: object, limit: int = 60) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _node_at(
    root: pyyaml.Node, path: tuple[Any, ...]
) -> tuple[pyyaml.Node | None, pyyaml.Node | None]:
    """The key node and value node at JSON path `path`, as deep as the tree goes."""
    key: pyyaml.Node | None = None
    node: pyyaml.Node | None = root
    for part in path:
        if isinstance(node, pyyaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, pyyaml.ScalarNode) and key_node.value == str(part):
                    key, node = key_node, value_node
                    break
            else:
                return key, node
        elif isinstance(node, pyyaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return key, node
            key, node = None, node.value[part]
        else:
            return key, node
    return key, node


_COMPOSE_SCHEMA = Path(__file__).with_name("compose_spec.json")

# --- Docker Compose -----------------------------------------------------------------------

# compose_spec.json: the Compose specification's schema as docker-compose 1.29 ships it
# (Apache-2.0, compose-spec/compose-spec). Keys the specification gained since are added
# below, so a current Compose file is not a false alarm.
_NEWER = {
    ("definitions", "service", "properties"): _COMPOSE_SERVICE,
    ("properties",): _COMPOSE_TOP,
    ("definitions", "service", "properties", "build", "oneOf", 1, "properties"): (
        "additional_contexts ssh secrets tags platforms privileged ulimits no_cache pull "
        "dockerfile_inline entitlements".split()
    ),
    ("definitions", "healthcheck", "properties"): ("start_interval",),
    (
        "definitions",
        "deployment",
        "properties",
        "resources",
        "properties",
        "limits",
        "properties",
    ): ("pids",),  # fmt: skip
    ("definitions", "service", "properties", "ports", "items", "oneOf", 2, "properties"): (
        "name app_protocol host_ip".split()
    ),
    (
        "definitions",
        "service",
        "properties",
        "volumes",
        "items",
        "oneOf",
        1,
        "properties",
        "bind",
        "properties",
    ): ("create_host_path", "selinux"),  # fmt: skip
    (
        "definitions",
        "service",
        "properties",
        "volumes",
        "items",
        "oneOf",
        1,
        "properties",
        "volume",
        "properties",
    ): ("subpath",),  # fmt: skip
    (
        "definitions",
        "service",
        "properties",
        "networks",
        "oneOf",
        1,
        "patternProperties",
        "^[a-zA-Z0-9._-]+$",
        "oneOf",
        0,
        "properties",
    ): ("mac_address driver_opts gw_priority interface_name".split()),  # fmt: skip
    (
        "definitions",
        "service",
        "properties",
        "depends_on",
        "oneOf",
        1,
        "patternProperties",
        "^[a-zA-Z0-9._-]+$",
        "properties",
    ): ("restart", "required"),  # fmt: skip
}


@cache
def _compose_validator() -> jsonschema.protocols.Validator:
    import jsonschema

    schema = json.loads(_COMPOSE_SCHEMA.read_text("utf-8"))
    for path, names in _NEWER.items():
        node = schema
        for part in path:
            node = node[part]
        for name in names:
            node.setdefault(name, {})
    # `condition` became optional, and ports may be written as strings ("8080", ranges).
    depends = schema["definitions"]["service"]["properties"]["depends_on"]["oneOf"][1]
    depends["patternProperties"]["^[a-zA-Z0-9._-]+$"].pop("required", None)
    port = schema["definitions"]["service"]["properties"]["ports"]["items"]["oneOf"][2]
    for name in ("target", "published"):
        port["properties"][name] = {"type": ["integer", "string"]}
    return jsonschema.Draft201909Validator(schema)


def _compose(data: dict[str, Any], root: pyyaml.Node) -> Iterator[Raw]:
    from jsonschema.exceptions import best_match

    for error in sorted(
        _compose_validator().iter_errors(data), key=lambda e: list(map(str, e.path))
    ):
        while error.validator in ("oneOf", "anyOf") and error.context:
            error = best_match(error.context)
        if isinstance(error.instance, str) and "$" in error.instance:
            continue  # `${PORT:-8080}`: Compose checks it after interpolation
        yield from _compose_error(error, root)


def _compose_error(error: jsonschema.ValidationError, root: pyyaml.Node) -> Iterator[Raw]:
    path = tuple(error.absolute_path)
    key_node, value_node = _node_at(root, path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        for name in _unknown_fields(error):
            field_key, _ = _node_at(root, (*path, name))
            yield _compose_unknown(field_key or value_node or root, name, path)
        return
    typed = error.validator == "type"
    yield _raw(
        (value_node or key_node or root).start_mark.line,
        "blocks/yaml/compose",
        Severity.ERROR,
        "blocks/yaml/compose.type" if typed else "blocks/yaml/compose.invalid",
        "blocks/yaml/kubernetes.type.hint" if typed else "blocks/yaml/compose.hint",
        where=_dotted(path) or "services",
        **(
            {"expected": _expected(error), "value": _short(repr(error.instance))}
            if typed
            else {"detail": _short(error.message, 160)}
        ),
    )


def _unknown_fields(error: jsonschema.ValidationError) -> list[str]:
    """The keys an `additionalProperties: false` error is about (not the allowed ones)."""
    known = set(error.schema.get("properties", {}))
    patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
    return sorted(
        str(name)
        for name in error.instance
        if name not in known and not any(p.search(str(name)) for p in patterns)
    )


def _expected(error: jsonschema.ValidationError) -> str:
    expected = error.validator_value
    return " or ".join(expected) if isinstance(expected, list) else str(expected)


def _compose_unknown(node: pyyaml.Node, name: str, path: tuple[Any, ...]) -> Raw:
    if not path:
        key, args = "blocks/yaml/compose", {}
    elif len(path) == 2 and path[0] == "services":
        key, args = "blocks/yaml/compose.service", {"service": str(path[1])}
    else:
        key, args = "blocks/yaml/compose.field", {"where": _dotted(path)}
    return _raw(
        node.start_mark.line,
        "blocks/yaml/compose",
        Severity.ERROR,
        key,
        "blocks/yaml/compose.hint",
        field=name,
        **args,
    )
