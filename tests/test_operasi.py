"""Operations: the `sig` command line, the embedded cluster, refusing to start without PostGIS,
production settings (`check --deploy`) and the docker-compose file."""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from sig import embedded_db

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "sigdesa.garutkab.go.id",
    "DATABASE_URL": "postgis://sigdesa:rahasia@db.invalid:5432/sigdesa",
}


def run(args, env_extra=None, timeout=120):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(env_extra or {})
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def sig(*args, env_extra=None):
    return run([sys.executable, "-m", "sig.cli", *args], env_extra=env_extra)


def test_app_refuses_to_start_without_postgis():
    result = sig("serve", "--port", "8097", env_extra={"DATABASE_URL": "postgis://x:y@127.0.0.1:9/tidakada"})
    assert result.returncode == 2
    assert "SIG Desa tidak dapat berjalan: PostGIS tidak dapat dihubungi di 127.0.0.1" in result.stderr
    assert "periksa DATABASE_URL" in result.stderr


def test_non_postgres_database_url_is_refused():
    result = sig("serve", env_extra={"DATABASE_URL": "sqlite:///tmp/x.db"})
    assert result.returncode != 0 and "harus menunjuk ke PostgreSQL/PostGIS" in result.stderr


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="PostGIS eksternal dipakai (DATABASE_URL)")
def test_db_status_reports_the_running_embedded_cluster():
    result = sig("db", "status")
    assert result.returncode == 0, result.stderr
    assert "status    : berjalan (pid" in result.stdout
    assert f".s.PGSQL.{embedded_db.PORT}" in result.stdout


@pytest.mark.skipif(not Path("/usr/lib/postgresql").exists(), reason="server PostgreSQL tidak terpasang")
def test_second_embedded_cluster_start_stop_status(tmp_path):
    env = {"SIG_DATA_DIR": str(tmp_path / "klaster"), "DATABASE_URL": ""}
    try:
        assert "belum dibuat" in sig("db", "status", env_extra=env).stdout
        started = sig("db", "start", env_extra=env)
        assert started.returncode == 0, started.stderr
        assert "berjalan" in started.stdout
        again = sig("db", "start", env_extra=env)  # idempotent
        assert again.returncode == 0 and "berjalan" in again.stdout
        stopped = sig("db", "stop", env_extra=env)
        assert "berhenti" in stopped.stdout
        assert sig("db", "status", env_extra=env).returncode == 3
    finally:
        sig("db", "stop", env_extra=env)
        state = tmp_path / "klaster" / "cluster.json"
        if state.exists():  # the cluster may live in a fallback dir postgres can reach
            shutil.rmtree(Path(json.loads(state.read_text())["pgdata"]).parent, ignore_errors=True)


def test_long_project_paths_get_a_short_socket_dir(monkeypatch, tmp_path):
    monkeypatch.setattr(embedded_db, "DATA_DIR", tmp_path / ("x" * 120))
    monkeypatch.setattr(embedded_db, "_as_root", lambda: False)
    layout = embedded_db.planned_layout()
    assert len(str(layout.socket_dir)) < embedded_db.SOCKET_MAX
    assert layout.pgdata == tmp_path / ("x" * 120) / "pg"


def test_production_settings_pass_check_deploy():
    result = run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings",
            "sig.settings.production",
        ],
        env_extra=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_secrets(missing):
    env = {**PRODUCTION_ENV, missing: ""}
    result = run([sys.executable, "manage.py", "check", "--settings", "sig.settings.production"], env_extra=env)
    assert result.returncode != 0 and f"{missing} wajib diisi" in result.stderr


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose tidak terpasang")
def test_docker_compose_file_is_valid():
    env = {
        "SECRET_KEY": "x" * 60,
        "POSTGRES_PASSWORD": "rahasia",
        "ALLOWED_HOSTS": "sigdesa.example.id",
        "SITE_URL": "https://sigdesa.example.id",
    }
    result = run(["docker-compose", "-f", "docker-compose.yml", "config"], env_extra=env)
    assert result.returncode == 0, result.stderr
    import yaml

    services = yaml.safe_load(result.stdout)["services"]
    # the roles of docker/entrypoint.sh that tests/test_produksi.py runs on the host
    roles = {name: s.get("command") for name, s in services.items() if s.get("image") == "sigdesa:latest"}
    assert roles == {"migrate": ["migrate"], "web": ["web"], "worker": ["worker"], "worker-impor": ["worker-impor"]}
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "2"
    sources = [v["source"] if isinstance(v, dict) else v.split(":")[0] for v in services["proxy"]["volumes"]]
    mounts = {source.rsplit("/", 1)[-1] for source in sources}
    assert {"nginx.conf", "nginx_proxy_params"} <= mounts
    config = run(["docker-compose", "-f", "docker-compose.yml", "config", "--services"], env_extra=env).stdout.split()
    assert set(config) == {"db", "migrate", "web", "worker", "worker-impor", "proxy"}
    missing = run(["docker-compose", "-f", "docker-compose.yml", "config", "-q"], env_extra={"POSTGRES_PASSWORD": ""})
    assert missing.returncode != 0


def test_ruff_is_clean():
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        pytest.skip("ruff tidak terpasang")
    result = run([str(ruff), "check", "."])
    assert result.returncode == 0, result.stdout


def test_setup_is_idempotent_and_quick():
    result = run(["bash", "scripts/sigdesa.sh", "setup"], timeout=300)
    assert result.returncode == 0, result.stderr
    assert "menyiapkan" not in result.stdout and "memasang" not in result.stdout  # nothing left to install


@pytest.fixture
def scratch_database_url(settings):
    """A fresh, empty database on the same PostGIS server, dropped afterwards."""
    import psycopg

    db = settings.DATABASES["default"]
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
    name = "sig_run_uji"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    host = quote(str(params["host"]), safe="")
    auth = f"{quote(params['user'])}:{quote(params['password'] or '')}@" if params["password"] else f"{params['user']}@"
    yield f"postgis://{auth}{host}:{params['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.django_db
def test_sig_run_migrates_loads_demo_once_and_serves(scratch_database_url):
    port = free_port()
    env = {"DATABASE_URL": scratch_database_url, "DJANGO_SETTINGS_MODULE": "sig.settings.dev"}
    for attempt in range(2):  # the second start must find the demo already there
        process = subprocess.Popen(
            [sys.executable, "-m", "sig.cli", "run", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            body = wait_for_page(f"http://127.0.0.1:{port}/", process)
            assert "Kecamatan Samarang" in body
        finally:
            process.terminate()
            output = process.communicate(timeout=30)[0]
        if attempt == 0:
            assert "Data demo dibuat" in output and "admin@demo.sigdesa.id" in output
        else:
            assert "Data demo sudah ada" in output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_page(url: str, process: subprocess.Popen, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"sig run berhenti: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} tidak menjawab dalam {seconds} detik")


def test_mypy_is_clean_on_services_selectors_and_importers():
    mypy = Path(sys.executable).parent / "mypy"
    if not mypy.exists():
        pytest.skip("mypy tidak terpasang")
    result = run([str(mypy)], timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
