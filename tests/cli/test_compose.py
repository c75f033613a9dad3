"""docker-compose.yml and the monitoring files under deploy/: compose names every variable
Teczka needs on PostgreSQL and refuses to start without it (TECZKA_FEDERATION_KEY was once
missing, so the first return's submission failed); the API and the projectors have
healthchecks; Prometheus scrapes the ports the services serve metrics on; the dashboard
and the alert rules ask only for series Teczka exports. `docker compose config` checks the
file itself where docker's compose plugin is installed (skipped with a message otherwise)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from services.settings import MissingSettingError, Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
TECZKA_SERVICES = ("api", "projector-1", "projector-2")
KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # 32 bytes, base64: a test value


def required_on_postgres() -> set[str]:
    """The variables Settings refuses to go without on PostgreSQL, as it names them."""
    settings = Settings(database_url="postgresql://teczka@localhost/teczka")
    names = set()
    for ask in (settings.token_secret, settings.personal_data_master_key,
                settings.federation_signing_seed):
        with pytest.raises(MissingSettingError) as missing:
            ask()
        names.add(re.search(r"TECZKA_[A-Z_]+", str(missing.value))[0])
    return names


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_compose_requires_every_variable_teczka_needs_on_postgres():
    required = required_on_postgres()
    assert "TECZKA_FEDERATION_KEY" in required
    for name in TECZKA_SERVICES:
        environment = compose()["services"][name]["environment"]
        for variable in required:
            assert f"${{{variable}:?" in str(environment.get(variable)), (name, variable)
        assert environment["TECZKA_DATABASE_URL"].startswith("postgresql://")


def test_the_api_and_the_projectors_have_healthchecks():
    services = compose()["services"]
    assert "/readyz" in " ".join(services["api"]["healthcheck"]["test"])
    for name in ("projector-1", "projector-2"):
        port = services[name]["environment"]["TECZKA_PROJECTOR_METRICS_PORT"]
        assert f":{port}/" in " ".join(services[name]["healthcheck"]["test"])
    assert "HEALTHCHECK" in (ROOT / "Dockerfile").read_text()


def test_prometheus_scrapes_the_ports_the_services_serve_metrics_on():
    services = compose()["services"]
    config = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    api_port = int(services["api"]["environment"]["TECZKA_METRICS_PORT"])
    assert jobs["teczka-api"]["dns_sd_configs"][0]["port"] == api_port
    projector_port = services["projector-1"]["environment"]["TECZKA_PROJECTOR_METRICS_PORT"]
    assert set(jobs["teczka-projector"]["static_configs"][0]["targets"]) == {
        f"projector-1:{projector_port}", f"projector-2:{projector_port}"}
    for name in ("prometheus", "grafana"):
        assert services[name]["profiles"] == ["monitoring"]


def exported_series() -> set[str]:
    """Every series name Teczka's metrics modules declare (with the suffixes Prometheus
    adds to counters and histograms)."""
    names = set()
    for module in ("services/observability/metrics.py", "services/observability/lag.py"):
        source = (ROOT / module).read_text()
        for kind, name in re.findall(r'(Counter|Histogram|Gauge|GaugeMetricFamily)\(\s*"(\w+)"',
                                     source):
            names |= {"Counter": {f"{name}_total"},
                      "Histogram": {f"{name}_bucket", f"{name}_count", f"{name}_sum"},
                      }.get(kind, {name})
    return names


def test_the_dashboard_and_alerts_ask_only_for_exported_series():
    exported = exported_series() | {"up"}
    dashboard = json.loads((ROOT / "deploy/grafana/dashboards/teczka.json").read_text())
    expressions = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    rules = yaml.safe_load((ROOT / "deploy/prometheus/alerts.yml").read_text())
    expressions += [r["expr"] for g in rules["groups"] for r in g["rules"]]
    asked = {name for e in expressions for name in re.findall(r"\b(teczka_\w+|up)\b", e)}
    assert asked and asked <= exported, asked - exported
    assert {"teczka_projection_lag_seconds", "teczka_projection_stalled"} <= asked


def docker_compose() -> list[str]:
    if shutil.which("docker") is None:
        pytest.skip("docker is not installed: `docker compose config` not checked here")
    found = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True,
                           timeout=30)
    if found.returncode != 0:
        pytest.skip("docker's compose plugin is not installed: `docker compose config` not "
                    "checked here (CI with docker checks it)")
    return ["docker", "compose", "-f", str(COMPOSE)]


@pytest.mark.parametrize("profile", [[], ["--profile", "monitoring"]])
def test_docker_compose_config_is_valid(profile):
    command = docker_compose()
    env = os.environ | {name: KEY for name in required_on_postgres()}
    done = subprocess.run([*command, *profile, "config", "-q"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr


def test_docker_compose_refuses_to_start_without_the_federation_key():
    command = docker_compose()
    env = {k: v for k, v in os.environ.items() if k != "TECZKA_FEDERATION_KEY"}
    env |= {name: KEY for name in required_on_postgres() - {"TECZKA_FEDERATION_KEY"}}
    done = subprocess.run([*command, "config", "-q"], capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode != 0 and "TECZKA_FEDERATION_KEY" in done.stderr


@pytest.mark.parametrize("text", ["not base64!", "c2hvcnQ=", "MDEy" + "=" * 3])
def test_a_key_that_is_not_32_bytes_of_base64_is_named_not_a_decoder_traceback(text):
    settings = Settings(master_key=text, federation_key=text)
    for ask, name in ((settings.personal_data_master_key, "TECZKA_MASTER_KEY"),
                      (settings.federation_signing_seed, "TECZKA_FEDERATION_KEY")):
        with pytest.raises(MissingSettingError, match=name):
            ask()
    assert len(Settings(master_key=KEY).personal_data_master_key()) == 32
