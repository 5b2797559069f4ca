"""The deployment files (deploy/) keep the properties a council's IT team relies on:
no secret inside an image or a manifest, a health check on every service, non-root
containers, one published entry point, pinned images, and only the public routes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SECRET_NAME = re.compile(r"(KEY|KEYS|TOKEN|SECRET|PASSWORD|DATABASE_URL)$")
PINNED_IMAGE = re.compile(r"^[\w./-]+:\d[\w.-]*(@sha256:[0-9a-f]{64})?$")


def _compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yml").read_text())


def _manifests() -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all((DEPLOY / "k8s" / "hsb.yaml").read_text()) if d]


def _assignments(path: Path) -> dict[str, str]:
    """NAME=value lines of an env file, comments skipped."""
    pairs = (line.partition("=") for line in path.read_text().splitlines())
    return {name.strip(): value for name, sep, value in pairs if sep and not name.startswith("#")}


def _secret_names() -> set[str]:
    return {name for name in _assignments(ROOT / ".env.example") if SECRET_NAME.search(name)}


def test_the_secret_names_are_found_in_env_example() -> None:
    expected = {"FIELD_ENCRYPTION_KEY", "TRACKER_ENCRYPTION_KEY", "ACTION_SERVER_TOKEN"}
    assert expected <= _secret_names()


def test_every_secret_has_a_place_in_the_compose_secrets_file() -> None:
    listed = _assignments(DEPLOY / "compose" / "secrets.env.example")
    assert _secret_names() <= set(listed)
    assert not [name for name, value in listed.items() if value]


def test_compose_sets_no_secret_inline() -> None:
    for name, service in _compose()["services"].items():
        environment = service.get("environment") or {}
        assert not [key for key in environment if SECRET_NAME.search(key)], name
    for example in (DEPLOY / "compose").glob("*.env.example"):
        if example.name == "secrets.env.example":
            continue
        pairs = _assignments(example).items()
        assert not [key for key, value in pairs if value and SECRET_NAME.search(key)], example


def test_every_compose_service_has_a_healthcheck_a_pinned_image_and_only_nginx_publishes() -> None:
    services = _compose()["services"]
    expected = {
        "nginx",
        "rasa-1",
        "rasa-2",
        "actions-1",
        "actions-2",
        "backend",
        "postgres",
        "redis",
    }
    assert expected <= set(services)
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), name
        assert PINNED_IMAGE.match(service["image"]), (name, service["image"])
        assert bool(service.get("ports")) == (name == "nginx"), name
        assert re.fullmatch(r"\d+:\d+", service.get("user", "")), name
        assert not str(service["user"]).startswith("0:"), name


def test_manifests_run_non_root_with_probes_and_hold_no_secret() -> None:
    docs = _manifests()
    assert not [d for d in docs if d["kind"] == "Secret"]
    deployments = [d for d in docs if d["kind"] == "Deployment"]
    assert {d["metadata"]["name"] for d in deployments} == {"rasa", "actions", "backend"}
    for deployment in deployments:
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] > 0
        for container in pod["containers"]:
            assert container["readinessProbe"] and container["livenessProbe"]
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
            assert PINNED_IMAGE.match(container["image"]), container["image"]
            assert not [e for e in container.get("env", []) if SECRET_NAME.search(e["name"])]
    config = next(d for d in docs if d["kind"] == "ConfigMap")
    assert not [key for key in config["data"] if SECRET_NAME.search(key)]
    services = [d for d in docs if d["kind"] == "Service"]
    assert all(s["spec"].get("type", "ClusterIP") == "ClusterIP" for s in services)


PUBLIC_PATHS = {"/webhooks/webchat/webhook", "/webhooks/teams/webhook", "/sms/twilio/inbound"}


def test_nginx_and_ingress_route_only_the_public_paths() -> None:
    conf = (DEPLOY / "compose" / "nginx.conf").read_text()
    proxied = set(re.findall(r"location\s+=?\s*(\S+)\s*\{\s*proxy_pass", conf))
    assert PUBLIC_PATHS <= proxied
    assert proxied <= PUBLIC_PATHS | {"/webchat/", "/dashboard", "/dashboard/", "/api/"}
    assert "5055" not in conf and "Strict-Transport-Security" in conf
    ingress = next(d for d in _manifests() if d["kind"] == "Ingress")
    paths = {p["path"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"]}
    assert PUBLIC_PATHS <= paths <= PUBLIC_PATHS | {"/webchat/", "/dashboard", "/api/"}
    assert ingress["spec"]["tls"]


@pytest.mark.parametrize("name", ["Containerfile.rasa", "Containerfile.app"])
def test_images_are_non_root_checked_and_copy_no_secret(name: str) -> None:
    text = (DEPLOY / "images" / name).read_text()
    assert re.search(r"^USER \d+:\d+$", text, re.M)
    assert re.search(r"^HEALTHCHECK ", text, re.M)
    copied = " ".join(re.findall(r"^COPY (.*)$", text, re.M))
    assert ".env" not in copied and "COPY . " not in text
    assert re.search(r"^ARG BASE=[\w./-]+:3\.10\.\d+-slim", text, re.M)
    for ignore in (".dockerignore", ".containerignore"):
        assert ".env" in (ROOT / ignore).read_text().split()


def test_images_run_the_procfile_commands() -> None:
    procfile = (ROOT / "Procfile").read_text()
    rasa = (DEPLOY / "images" / "Containerfile.rasa").read_text()
    assert "rasa run --model models/hsb.tar.gz --port 5005" in procfile
    assert "rasa run --model models/hsb.tar.gz --port 5005 --interface 0.0.0.0" in rasa
    assert "-m actions.server" in procfile and "uvicorn backend.api.main:app" in procfile
    app = (DEPLOY / "images" / "Containerfile.app").read_text()
    assert '"uvicorn", "backend.api.main:app"' in app


def test_the_app_image_holds_the_pages_the_backend_serves() -> None:
    from backend.api.routes.dashboard import DASHBOARD_DIR
    from backend.api.routes.webchat import WEBCHAT_DIR
    from backend.settings import REPO_ROOT

    copied = re.findall(r"^COPY (\S+)", (DEPLOY / "images" / "Containerfile.app").read_text(), re.M)
    for served in (WEBCHAT_DIR, DASHBOARD_DIR):
        relative = served.relative_to(REPO_ROOT).as_posix()
        assert [c for c in copied if relative.startswith(c.rstrip("/"))], relative
