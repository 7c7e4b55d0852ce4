"""What the sandbox cannot run, told apart from lesson bugs.

The sandbox has a Docker daemon and nothing else: no Kubernetes cluster, no cloud account,
no credentials. Commands for them are not run (their failure would say nothing about the
lesson) and are reported as warnings instead:

- needs-cluster: `kubectl`, `helm install|upgrade|list|…`, `k9s`, `kind`/`minikube`/`k3d`
  (they make a cluster for the lesson: a tool and node images the sandbox does not have),
  `kubeadm`, `kubectx`, `kubens`, `stern`, `argocd`, `istioctl` — unless a cluster is
  configured (`~/.kube/config` in the page's home, as `kind create cluster` writes it).
  Local subcommands run: `kubectl version --client`, `kubectl completion|kustomize|help`,
  `kubectl create|run … --dry-run=client`, `helm version|template|lint|create|package|…`.
- needs-cloud: `aws`, `gcloud`, `gsutil`, `bq`, `az`, `eksctl`, `doctl`, `pulumi`, `sam`,
  `cdk`, and `terraform`/`tofu` `init|plan|apply|destroy|refresh|import|login` (they
  download providers and call the providers' APIs: the network and credentials) — unless
  credentials are in the page's home (`~/.aws/credentials`, gcloud's, `~/.azure`).
  `--version`, `version`, `help` run, and so do `terraform fmt|validate|output|…`.

- needs-project: a command for a Compose project or a container that the page does not
  make (a cheat sheet's `docker-compose logs backend` with no compose file where it runs,
  `docker exec fullstack-backend …` for a container started in another lesson), told by
  the tools' own messages (`Can't find a suitable configuration file`, `No such container:
  NAME` for a NAME no earlier command on the page mentions).
- needs-host: what the reader's machine has and the sandbox does not: a program that is
  not installed (`bash: trivy: command not found`, for a program's name that is not a
  misspelling of an installed one), the host's privileges (iptables, sysctl, systemd), or a
  person to answer a question (`docker system prune` waiting at `[y/N]`).
- streaming: commands that run until stopped (`docker logs -f`, `docker events`,
  `docker stats` without `--no-stream`, `kubectl get -w`, `tail -f`, `watch`, `while
  true` with a `sleep`) are run for a few seconds and then stopped; that is what a reader does too.

A command run anyway (a script that calls kubectl) is judged by its output after failing
(`The connection to the server localhost:8080 was refused`, `Unable to locate
credentials`, …). Lines holding a placeholder (`docker logs <container>`, see
validators/checks/blocks/_placeholders.py) are not run at all.
"""

from __future__ import annotations

import difflib
import re
import shlex
from pathlib import Path

from validators.checks.blocks._placeholders import placeholder_in

CLUSTER = "cluster"
CLOUD = "cloud"
PROJECT = "project"
HOST = "host"

_CLUSTER_TOOLS = frozenset(
    "kubectl k9s kind minikube k3d kubeadm kubectx kubens stern argocd istioctl".split()
)
_CLOUD_TOOLS = frozenset("aws gcloud gsutil bq az eksctl doctl pulumi sam cdk".split())
_TERRAFORM = frozenset({"terraform", "tofu"})
_TERRAFORM_CLOUD = frozenset("init plan apply destroy refresh import login".split())
_HELM_CLUSTER = frozenset(
    "install upgrade uninstall delete list ls status rollback history get test".split()
)
_LOCAL = frozenset({"version", "--version", "-version", "help", "--help", "-h", "-help"})
_KUBECTL_LOCAL = frozenset({"completion", "kustomize", "plugin", "help"})
_PREFIX = frozenset("sudo env time nohup exec command nice xargs watch".split())
_SEPARATORS = re.compile(r"\$\(|`|&&|\|\||[;|&()\n]")
_ASSIGNED = re.compile(
    r"(?:^|[\s;&|(])(?:export\s+|local\s+|readonly\s+|declare\s+)?([A-Za-z_]\w*)="
)

_CLUSTER_OUTPUT = re.compile(
    r"connection to the server \S+ was refused|unable to connect to the server"
    r"|kubernetes cluster unreachable|no configuration has been provided"
    r"|couldn't get current server api group list|current-context is not set"
    r"|you must be logged in to the server",
    re.IGNORECASE,
)
_CLOUD_OUTPUT = re.compile(
    r"unable to locate credentials|could not find default credentials|nocredentialproviders"
    r"|no valid credential sources|please run 'az login'|run 'az login'"
    r"|you do not currently have an active account|gcloud auth login"
    r"|you must specify a region|invalidclienttokenid|security token included in the request"
    r"|error configuring terraform \w+ provider|failed to get existing workspaces",
    re.IGNORECASE,
)


_PROJECT_OUTPUT = re.compile(
    r"can't find a suitable configuration file|no configuration file provided"
    r"|no such service: |not find a compose file"
    r"|no such file or directory: '[^']*compose[^']*\.ya?ml'"  # `-f docker-compose.prod.yml`
    r"|fatal: not a git repository"  # the reader's own clone
    r"|this node is not a swarm manager"  # `docker swarm init` in another lesson
    r"|\[errno 2\] no such file or directory: '[^']*\.ya?ml'"  # docker-compose -f x.yml
    r"|open [^\s:]+\.ya?ml: no such file or directory",  # docker compose -f x.yml
    re.IGNORECASE,
)
# `docker stop $(docker ps -q)` with nothing running: the containers are the reader's.
_NO_ARGUMENT = re.compile(r"'docker \w+' requires at least 1 argument", re.IGNORECASE)
_NOT_FOUND = re.compile(r"^(?:bash: )?(?:line \d+: )?([^\s:]+): command not found$", re.M)
# A program's name (`trivy`, `ab`, `nano`, `htop`), not text run as a command (`├──`,
# `.env`, `container_memory_usage_bytes`, `SET`).
_PROGRAM = re.compile(r"[a-z][a-zA-Z0-9+-]*(?:\.[0-9][a-z0-9.]*)?")  # `python3.11`, `truffleHog`
_PRIVILEGE = re.compile(
    r"permission denied \(you must be root\)|could not fetch rule set generation id"
    r"|system has not been booted with systemd|failed to connect to bus"
    r"|can't initialize iptables table|sysctl: permission denied|must be superuser"
    r"|group '\w+' does not exist|please tell me who you are"  # the reader's groups, git
    r"|pathspec 'main' did not match"  # the reader's git calls the first branch main
    r"|read kernel buffer failed: operation not permitted",  # `dmesg`
    re.IGNORECASE,
)
# Docker CLI plugins a reader may have (Docker Desktop ships them); a misspelt subcommand
# (`docker imagse`) stays the lesson's error.
_DOCKER_PLUGINS = frozenset(
    "scout buildx compose sbom init debug extension dev ai model mcp offload cloud".split()
)
_NO_PLUGIN = re.compile(
    r"unknown command: docker (\w+)|docker: '(\w+)' is not a docker command", re.IGNORECASE
)
_QUESTION = re.compile(
    r"(?:\[y/N\]|\[Y/n\]|\(y/n\)|\(yes/no\)|are you sure\b[^\n]*|password:|username:"
    r"|continue\?)\s*:?\s*$",
    re.IGNORECASE,
)
_NO_SUCH_CONTAINER = re.compile(
    r"no such container: ?(?P<name>[\w.-]+)|container (?P<other>[\w.-]+) is not running",
    re.IGNORECASE,
)
# Commands that run until stopped: (program, subcommand or None, what makes them stop).
_FOLLOW = frozenset({"-f", "--follow", "-w", "--watch", "-F"})


def _words(segment: str) -> list[str]:
    try:
        words = shlex.split(segment, comments=True)
    except ValueError:
        words = segment.split()
    while words and (words[0] in _PREFIX or "=" in words[0] or words[0].startswith("-")):
        words.pop(0)  # `sudo -E`, `env A=1`, `FOO=bar kubectl …`
    return words


def _needs_of(words: list[str]) -> tuple[str, str] | None:
    if not words:
        return None
    tool = words[0].rsplit("/", 1)[-1]
    args = [word for word in words[1:] if not word.startswith("-")]
    first = args[0] if args else ""
    if any(word in _LOCAL for word in words[1:2]) or first in ("version", "help", "completion"):
        if not (tool == "kubectl" and first == "version" and "--client" not in words):
            return None
    if tool == "kubectl":
        if first in _KUBECTL_LOCAL or "--dry-run=client" in words and first in ("create", "run"):
            return None
        return CLUSTER, tool
    if tool in _CLUSTER_TOOLS:
        return CLUSTER, tool
    if tool == "helm":
        return (CLUSTER, tool) if first in _HELM_CLUSTER else None
    if tool in _CLOUD_TOOLS:
        return CLOUD, tool
    if tool in _TERRAFORM:
        return (CLOUD, f"{tool} {first}") if first in _TERRAFORM_CLOUD else None
    return None


def needs(text: str, home: Path | None = None) -> tuple[str, str] | None:
    """(CLUSTER or CLOUD, the tool) when the command `text` needs a cluster or a cloud
    account that is not configured in `home`; None when it can run here."""
    for segment in _SEPARATORS.split(text):
        found = _needs_of(_words(segment))
        if found and not configured(found[0], home):
            return found
    return None


def configured(kind: str, home: Path | None) -> bool:
    """Whether the page's home holds a cluster's config or a cloud account's credentials."""
    if home is None:
        return False
    if kind == CLUSTER:
        return (home / ".kube" / "config").is_file()
    return any(
        (home / path).exists()
        for path in (
            ".aws/credentials",
            ".config/gcloud/application_default_credentials.json",
            ".azure/azureProfile.json",
        )
    )


def needs_by_output(output: str) -> str | None:
    """CLUSTER or CLOUD when a failure's output says no cluster or no credentials were there."""
    if _CLUSTER_OUTPUT.search(output):
        return CLUSTER
    if _CLOUD_OUTPUT.search(output):
        return CLOUD
    return None


def project_by_output(output: str) -> bool:
    """Whether a failure's output says the Compose project is not where the command ran."""
    return bool(_PROJECT_OUTPUT.search(output))


def project_by_command(text: str, output: str) -> bool:
    """Whether a failure comes from containers the page never made: `docker stop $(docker
    ps -q)` finding none (its message, or nothing when the line sends it to /dev/null)."""
    if "$(docker" not in text.replace("$( docker", "$(docker"):
        return False
    return bool(_NO_ARGUMENT.search(output)) or ("2>/dev/null" in text and not output.strip())


# Programs that wait for a person: editors and pagers.
_INTERACTIVE = frozenset("vim vi nano emacs code less more open xdg-open".split())


def interactive(text: str) -> bool:
    """Whether the command opens an editor or a pager for the reader (`vim Dockerfile`)."""
    words = _words(text.split("|")[0])
    return bool(words) and words[0].rsplit("/", 1)[-1] in _INTERACTIVE and "|" not in text


def missing_program(output: str, known: set[str] | frozenset[str]) -> str | None:
    """The program a failure says is not installed (`bash: trivy: command not found`), when
    it is a program's name and not a misspelling of one of `known` (`dokcer`)."""
    found = _NOT_FOUND.search(output)
    if not found or not _PROGRAM.fullmatch(found.group(1)):
        return None
    name = found.group(1)
    if name.lower() in _READERS_TOOLS:  # `winget` is not a misspelt `wget`
        return name
    return None if near_miss(name, known, 0.8) else name


# Programs a DevOps course has its readers install, or that their own system has (Windows,
# macOS): never a misspelling of a program the sandbox has.
_READERS_TOOLS = frozenset(
    """pytest tox poetry pipenv pyenv nvm node npm npx yarn pnpm go cargo rustc java mvn gradle
    winget choco scoop ipconfig netsh net powershell pwsh cmd tasklist taskkill wsl where
    brew open pbcopy pbpaste launchctl softwareupdate
    trivy grype syft cosign dive hadolint dockle trufflehog gitleaks snyk checkov tfsec kics
    terraform tofu terragrunt ansible ansible-playbook packer vault consul nomad
    kubectl helm kind minikube k3d k9s kubectx kubens stern kustomize skaffold tilt argocd
    istioctl linkerd eksctl aws az gcloud gsutil doctl gh glab jq yq ab wrk hey k6 locust
    siege htop ctop lazydocker podman buildah nerdctl skopeo ngrok mkcert""".split()
)


def near_miss(name: str, known: set[str] | frozenset[str], cutoff: float) -> bool:
    """Whether `name` is a misspelling of one of `known` (`dokcer`, `webb` after `web`)."""
    return bool(difflib.get_close_matches(name, known, n=1, cutoff=cutoff))


def host_by_output(output: str) -> bool:
    """Whether a failure says it needs the host's own privileges (iptables, sysctl,
    systemd), which the sandbox's shell does not have."""
    return bool(_PRIVILEGE.search(output))


def missing_plugin(output: str) -> str | None:
    """The Docker CLI plugin a failure says is not installed (`docker scout`), if it is one
    readers have; None for any other unknown subcommand (a typo)."""
    found = _NO_PLUGIN.search(output)
    name = (found.group(1) or found.group(2)) if found else None
    return f"docker {name}" if name in _DOCKER_PLUGINS else None


# Package managers installing from their mirrors (the network), as `(program, verbs)`.
_PACKAGES = {
    "apt": {"install", "update", "upgrade", "full-upgrade"},
    "apt-get": {"install", "update", "upgrade", "dist-upgrade", "build-dep", "source"},
    "yum": {"install", "update", "upgrade", "makecache"},
    "dnf": {"install", "update", "upgrade", "makecache"},
    "apk": {"add", "update", "upgrade"},
    "brew": {"install", "update", "upgrade", "tap"},
    "snap": {"install", "refresh"},
    "choco": {"install", "upgrade"},
    "pip": {"install", "download"},
    "pip3": {"install", "download"},
    "npm": {"install", "i", "ci", "update"},
    "yarn": {"add", "install"},
}


def installs_packages(text: str) -> bool:
    """Whether the command installs packages from a package manager's mirrors."""
    for segment in _SEPARATORS.split(text):
        words = _words(segment)
        if not words:
            continue
        tool = words[0].rsplit("/", 1)[-1]
        verbs = [word for word in words[1:] if not word.startswith("-")]
        if tool in ("python", "python3") and words[1:3] == ["-m", "pip"]:
            tool, verbs = "pip", [w for w in words[3:] if not w.startswith("-")]
        if verbs and verbs[0] in _PACKAGES.get(tool, ()):
            return True
    return False


# Programs that look at what runs on the reader's machine: a port, a process.
_PROBES = frozenset("netstat ss lsof pgrep pkill killall fuser pidof".split())


def probes(text: str) -> bool:
    """Whether the command looks for something running on the reader's machine (`netstat
    -tlnp | grep 8080`, `lsof -i :8080`, `pkill -f monitor.sh`, `kill $(lsof -t -i:80)`,
    `ps aux | grep nginx`): finding nothing here says nothing of the lesson."""
    segments = [_words(segment) for segment in _SEPARATORS.split(text)]
    programs = [words[0].rsplit("/", 1)[-1] for words in segments if words]
    if not programs:
        return False
    if programs[0] in _PROBES:
        return True
    return programs[0] in ("ps", "kill") and any(p in _PROBES | {"grep"} for p in programs[1:])


def asks(output: str) -> bool:
    """Whether a command that did not finish is waiting for an answer (`[y/N]`)."""
    return bool(_QUESTION.search(output.rstrip()[-300:]))


_NO_SUCH_OBJECT = re.compile(
    r"network (?P<network>[\w.-]+) not found|get (?P<volume>[\w.-]+): no such volume"
    r"|no such volume: (?P<volume2>[\w.-]+)|no such image: (?P<image>[\w./:-]+)"
    r"|no such object: (?P<object>[\w./:-]+)",
    re.IGNORECASE,
)


def missing_object(output: str) -> tuple[str, str] | None:
    """(network, volume or image, its name) when a failure says it does not exist."""
    found = _NO_SUCH_OBJECT.search(output)
    if found is None:
        return None
    for group, what in (("network", "network"), ("volume", "volume"), ("volume2", "volume"),
                        ("image", "image"), ("object", "image")):  # fmt: skip
        if found.group(group):
            return what, found.group(group)
    return None


def missing_container(output: str) -> str | None:
    """The container a failure's output says does not exist (or is not running). An image
    is not: the lesson can pull it, so a missing one is the lesson's order."""
    found = _NO_SUCH_CONTAINER.search(output)
    return (found.group("name") or found.group("other")) if found else None


def streams(text: str) -> bool:
    """Whether the command runs until it is stopped (it follows, watches or loops)."""
    if re.search(r"\bwhile\s+(?:true|:)\s*;?\s*do\b", text) and re.search(r"\bsleep\b", text):
        return True  # a monitoring loop (a busy loop with no pause is a hang)
    for segment in _SEPARATORS.split(text):
        if re.match(r"\s*(?:sudo\s+)?watch\b", segment):
            return True
        words = _words(segment)
        if not words:
            continue
        tool, rest = words[0].rsplit("/", 1)[-1], words[1:]
        args = [word for word in rest if not word.startswith("-")]
        if tool == "tail" and _FOLLOW & set(rest):
            return True
        if tool in ("docker", "docker-compose", "kubectl"):
            if args[:1] == ["compose"]:
                args = args[1:]
            if args[:1] in (["logs"], ["get"], ["events"]) and _FOLLOW & set(rest):
                return True
            if args[:1] == ["events"] and not any(w.startswith("--until") for w in rest):
                return True
            if args[:1] == ["stats"] and "--no-stream" not in rest:
                return True
            if args[:1] == ["attach"]:
                return True
        if tool in ("top", "htop") and "-n" not in rest:
            return True
    return False


# `:(){ :|:& };:` and its renamed forms (`bomb(){ bomb|bomb& };bomb`)
_FORK_BOMB = re.compile(r"([\w:.]+)\s*\(\)\s*\{\s*\1\s*\|\s*\1\s*&\s*;?\s*\}\s*;\s*\1(?!\w)")


def fork_bomb(text: str) -> bool:
    """Whether the command is a fork bomb (a function piping itself into itself, in the
    background): it fills the process limit, and every later command fails to fork."""
    return bool(_FORK_BOMB.search(text))


def placeholder(text: str) -> str | None:
    """The first placeholder in the command `text` (`<container>`, `YOUR_BUCKET`), if any."""
    for line in text.splitlines():
        found = placeholder_in(line)
        if found:
            return found
    return None


def assigned(text: str) -> set[str]:
    """The variables a command sets (`POD=$(kubectl get …)`, `export IP=…`)."""
    return set(_ASSIGNED.findall(text))


def uses(text: str, variables: set[str]) -> bool:
    """Whether the command `text` reads one of `variables` (`$POD`, `${POD}`)."""
    return any(re.search(rf"\$\{{?{re.escape(name)}\b", text) for name in variables)
