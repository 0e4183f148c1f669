"""docker-compose.yml describes the full stack; `docker compose config` accepts it where docker is present."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_the_five_services_with_health_checks():
    services = _compose()["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    # Worker and beat reuse the web image and wait for healthy services.
    images = {services[name]["image"] for name in ("web", "worker", "beat")}
    assert len(images) == 1
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
        assert "DATABASE_URL" in services[name]["environment"]
    assert "celery -A config worker" in services["worker"]["command"]
    assert "celery -A config beat" in services["beat"]["command"]


def test_compose_runs_redis_with_append_only_persistence_on_a_volume():
    redis = _compose()["services"]["redis"]
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command
    assert any(volume.endswith(":/data") for volume in redis["volumes"])


def test_every_environment_variable_is_documented_in_env_example():
    documented = (ROOT / ".env.example").read_text()
    for name in _compose()["services"]["web"]["environment"]:
        assert name in documented, name
    settings_source = (ROOT / "config" / "settings.py").read_text()
    for name in set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', settings_source)):
        assert name in documented, f"{name} is read by settings but missing from .env.example"


def _compose_command() -> list[str] | None:
    """`docker compose` (the plugin) or `docker-compose` (the standalone tool), whichever is here."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    return [standalone] if standalone else None


def test_docker_compose_config_accepts_the_file():
    command = _compose_command()
    if command is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed (.ci/run installs it)")
    result = subprocess.run(
        [*command, "-f", str(ROOT / "docker-compose.yml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
