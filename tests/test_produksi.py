"""The production stack on the host, as docker-compose runs it: docker/entrypoint.sh (web, worker, migrate) as an
unprivileged user from a virtualenv of Debian's Python installed from requirements/app.lock (like the image),
gunicorn with two workers, Debian's nginx with docker/nginx.conf in front, a second nginx terminating TLS
(self-signed) in front of that, and the embedded PostGIS. Only the upstream address and folders of nginx.conf
are substituted."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parent.parent
PYTHON_DEBIAN = Path("/usr/bin/python3.11")
APP_USER = "postgres"  # unprivileged, and the only account besides root that may use the embedded socket
HOST = "sigdesa.uji"
KLIEN = "127.0.0.7"  # the citizen's address; the proxies connect from other loopback addresses
PAKET = ROOT / ".data" / "produksi"

pytestmark = pytest.mark.skipif(
    os.getuid() != 0 or not shutil.which("nginx") or not PYTHON_DEBIAN.exists(),
    reason="uji produksi butuh root, nginx dan python3.11 Debian (./sigdesa test memasangnya)",
)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _venv() -> Path:
    """A virtualenv of Debian's Python from the app lock, readable by the app user (like the image's)."""
    venv = PAKET / "venv"
    stamp = venv / ".kunci"
    kunci = hashlib.sha256((ROOT / "requirements" / "app.lock").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == kunci:
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([str(PYTHON_DEBIAN), "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps"]
    subprocess.run([*pip, "--require-hashes", "-r", str(ROOT / "requirements" / "app.lock")], check=True)
    subprocess.run([*pip, "--no-build-isolation", "-e", str(ROOT)], check=True, cwd=ROOT)
    stamp.write_text(kunci)
    return venv


@dataclass
class Tumpukan:
    tmp: Path
    env: dict[str, str]
    db: dict[str, str]
    https: int
    http: int
    proses: list[subprocess.Popen] = field(default_factory=list)

    def sql(self, query: str, dbname: str | None = None) -> list[tuple]:
        with psycopg.connect(**{**self.db, "dbname": dbname or self.env["_DB"]}, autocommit=True) as conn:
            cursor = conn.execute(query)
            return cursor.fetchall() if cursor.description else []

    def jalankan(self, *args: str, timeout: int = 300, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(ROOT / "docker" / "entrypoint.sh"), *args],
            env={**self.env, **extra}, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip

    def mulai(self, nama: str, *args: str) -> None:
        log = (self.tmp / f"{nama}.log").open("wb")
        self.proses.append(
            subprocess.Popen(args, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        )

    def minta(
        self, path: str, *, https: bool = True, headers: dict[str, str] | None = None, method: str = "GET", body=None
    ) -> tuple[int, dict[str, str], bytes]:
        if https:
            context = ssl._create_unverified_context()  # noqa: S323 - our own self-signed test certificate
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                "127.0.0.1", self.https, context=context, source_address=(KLIEN, 0), timeout=60
            )
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.http, source_address=(KLIEN, 0), timeout=60)
        try:
            conn.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()


def _nginx_conf(tmp: Path, web: int, http_port: int, https: int) -> Path:
    inner = (ROOT / "docker" / "nginx.conf").read_text()
    for old, new in {
        "server web:8000;": f"server 127.0.0.1:{web};",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "/srv/static/": f"{tmp}/static/",
        "/srv/media/": f"{tmp}/media/",
        "/var/cache/nginx/sigdesa-petak": f"{tmp}/nginx/petak",
        "/etc/nginx/sigdesa_proxy_params": str(ROOT / "docker" / "nginx_proxy_params"),
    }.items():
        assert old in inner, f"docker/nginx.conf tidak lagi berisi {old!r}"
        inner = inner.replace(old, new)
    (tmp / "nginx" / "sigdesa.conf").write_text(inner)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-keyout", str(tmp / "nginx" / "kunci.pem"), "-out", str(tmp / "nginx" / "sertifikat.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    temp = " ".join(f"{k}_temp_path {tmp}/nginx/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = tmp / "nginx" / "nginx.conf"
    main.write_text(
        f"""user nobody nogroup;
worker_processes 1;
pid {tmp}/nginx/nginx.pid;
error_log {tmp}/nginx/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/nginx/access.log;
    {temp}
    include {tmp}/nginx/sigdesa.conf;
    server {{  # the TLS terminator in front (a load balancer or a second nginx in real installs)
        listen 127.0.0.1:{https} ssl;
        ssl_certificate {tmp}/nginx/sertifikat.pem;
        ssl_certificate_key {tmp}/nginx/kunci.pem;
        location / {{
            proxy_pass http://127.0.0.1:{http_port};
            proxy_bind 127.0.0.3;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
        }}
    }}
}}
"""
    )
    return main


def _tunggu(cek, detik: float = 90, pesan: str = "") -> None:
    end = time.monotonic() + detik
    while time.monotonic() < end:
        try:
            if cek():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"tidak terjadi dalam {detik} detik: {pesan}")


@pytest.fixture(scope="module")
def tumpukan() -> Iterator[Tumpukan]:
    venv = _venv()
    test_db = django_settings.DATABASES["default"]
    db = {"host": test_db["HOST"], "port": str(test_db["PORT"] or 5432), "user": test_db["USER"] or "postgres"}
    nama_db = "sigdesa_produksi_uji"
    tmp = Path(tempfile.mkdtemp(prefix="sigdesa-produksi-"))
    tmp.chmod(0o755)
    for sub in ("static", "static-build", "media", "privat", "impor", "cadangan", "nginx/petak", "mpl"):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
    shutil.chown(tmp / "nginx" / "petak", "nobody")
    shutil.chown(tmp / "mpl", APP_USER)
    web, http_port, https = _port(), _port(), _port()
    env = {
        "PATH": f"{venv}/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "sig.settings.production",
        "DATABASE_URL": f"postgis://{db['user']}@%2F{db['host'].strip('/').replace('/', '%2F')}:{db['port']}/{nama_db}",
        "_DB": nama_db,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "SITE_URL": f"https://{HOST}",
        "TRUSTED_PROXY_COUNT": "2",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(tmp / "static"),
        "STATIC_BUILD": str(tmp / "static-build"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "privat"),
        "IMPORT_UPLOAD_DIR": str(tmp / "impor"),
        "BACKUP_DIR": str(tmp / "cadangan"),
        "MPLCONFIGDIR": str(tmp / "mpl"),
        "APP_USER": APP_USER,
        "GUNICORN_BIND": f"127.0.0.1:{web}",
        "GUNICORN_WORKERS": "2",
        "NOTIFIKASI_LATAR": "1",
        "IMPOR_LATAR": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "CETAK_BATAS_ANONIM_PER_JAM": "3",
        "LOG_LEVEL": "WARNING",
    }
    stack = Tumpukan(tmp=tmp, env=env, db=db, https=https, http=http_port)
    for name in (nama_db, f"{nama_db}_pulih"):
        stack.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', "postgres")
    stack.sql(f'CREATE DATABASE "{nama_db}"', "postgres")
    try:
        for step in (["migrate"], ["python", "-m", "sig.cli", "demo", "--fitur", "200"]):
            result = stack.jalankan(*step, timeout=600)
            assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
        # the image's build step: collected, pre-compressed assets
        build = {**env, "STATIC_ROOT": str(tmp / "static-build")}
        subprocess.run(
            [f"{venv}/bin/python", "manage.py", "collectstatic", "--noinput", "-v0"], env=build, cwd=ROOT, check=True
        )
        for asset in (a for a in (tmp / "static-build").rglob("*") if a.is_file() and a.suffix in {".css", ".js"}):
            asset.with_name(asset.name + ".gz").write_bytes(gzip.compress(asset.read_bytes(), 9))
        stack.mulai("web", str(ROOT / "docker" / "entrypoint.sh"), "web")
        stack.mulai("worker", str(ROOT / "docker" / "entrypoint.sh"), "worker")
        main = _nginx_conf(tmp, web, http_port, https)
        subprocess.run(["nginx", "-t", "-q", "-c", str(main), "-e", str(tmp / "nginx" / "error.log")], check=True)
        stack.mulai("nginx", "nginx", "-c", str(main), "-e", str(tmp / "nginx" / "error.log"), "-g", "daemon off;")
        _tunggu(lambda: stack.minta("/kesehatan/")[0] == 200, pesan="web melalui kedua proksi")
        yield stack
    finally:
        for proc in reversed(stack.proses):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGKILL)
        for name in (nama_db, f"{nama_db}_pulih"):
            stack.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', "postgres")
        shutil.rmtree(tmp, ignore_errors=True)


def test_https_through_both_proxies_without_redirect_loops(tumpukan):
    status, _, body = tumpukan.minta("/kesehatan/")
    assert status == 200 and json.loads(body)["database"] == "ok"
    status, headers, body = tumpukan.minta("/peta/", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and b"<html" in body.lower()
    assert "content-encoding" not in headers  # HTML with CSRF tokens is never compressed (BREACH)
    status, headers, _ = tumpukan.minta("/peta/", https=False)  # plain HTTP to the inner proxy
    assert status == 301 and headers["location"].startswith(f"https://{HOST}/")
    web = next(p for p in tumpukan.proses if "web" in str(p.args))  # exec'd into gunicorn's master
    ps = ["ps", "-ww", "-o", "user=,args="]
    master = subprocess.run([*ps, "-p", str(web.pid)], capture_output=True, text=True).stdout
    workers = subprocess.run([*ps, "--ppid", str(web.pid)], capture_output=True, text=True).stdout.splitlines()
    assert master.split()[0] == APP_USER and "gunicorn" in master
    assert len(workers) == 2 and {w.split()[0] for w in workers} == {APP_USER}


def test_static_and_media_come_from_nginx_compressed(tumpukan):
    css = next((tumpukan.tmp / "static").rglob("*.css"))
    path = "/static/" + str(css.relative_to(tumpukan.tmp / "static"))
    status, headers, body = tumpukan.minta(path, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip" and headers["server"].startswith("nginx")
    assert gzip.decompress(body) == css.read_bytes()
    (tumpukan.tmp / "media" / "uji.txt").write_text("foto desa")
    (tumpukan.tmp / "media" / "uji.txt").chmod(0o644)
    assert tumpukan.minta("/media/uji.txt")[2] == b"foto desa"


def test_data_is_compressed_and_public_tiles_are_never_stale(tumpukan):
    status, headers, packed = tumpukan.minta("/lapisan/batas-desa.geojson", headers={"Accept-Encoding": "gzip"})
    plain = tumpukan.minta("/lapisan/batas-desa.geojson")[2]
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed)) == json.loads(plain) and len(packed) * 3 < len(plain)
    lon, lat = tumpukan.sql("SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_PointOnSurface(batas) c FROM wilayah_desa "
                            "ORDER BY kode LIMIT 1) s")[0]  # fmt: skip
    import math

    z = 10  # the whole kecamatan: a tile worth compressing
    x = int((lon + 180) / 360 * 2**z)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * 2**z)
    url = f"/tiles/batas-desa/{z}/{x}/{y}.pbf"
    first = tumpukan.minta(url, headers={"Accept-Encoding": "gzip"})
    assert first[0] == 200 and first[1].get("content-encoding") == "gzip" and first[1]["x-cache"] == "MISS", first
    time.sleep(1.2)
    again = tumpukan.minta(url, headers={"Accept-Encoding": "gzip"})
    assert again[1]["x-cache"] in {"REVALIDATED", "HIT"} and again[2] == first[2]
    tumpukan.sql("UPDATE wilayah_desa SET nama = nama || ' Baru' WHERE kode = (SELECT min(kode) FROM wilayah_desa)")
    # nginx keeps a tile 1 s, then revalidates: the new name shows within a few seconds even on a busy machine.
    for _ in range(10):
        time.sleep(0.6)
        after = tumpukan.minta(url, headers={"Accept-Encoding": "gzip"})
        if b" Baru" in gzip.decompress(after[2]):
            break
    assert b" Baru" in gzip.decompress(after[2]) and b" Baru" not in gzip.decompress(first[2])


def test_the_app_sees_the_real_client_address(tumpukan):
    status, headers, body = tumpukan.minta("/akun/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    cookie = re.search(r"csrftoken=([^;]+)", headers["set-cookie"]).group(1)
    form = f"csrfmiddlewaretoken={token}&login=siapa%40contoh.id&password=salah"
    status, _, _ = tumpukan.minta(
        "/akun/login/",
        method="POST",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Referer": f"https://{HOST}/akun/login/",
            "X-Forwarded-For": "6.6.6.6",  # forged by the client: must not be believed
        },
    )
    assert status in {200, 400}
    assert [str(r[0]) for r in tumpukan.sql("SELECT DISTINCT ip_address FROM axes_accessattempt")] == [KLIEN]


def test_the_print_limit_holds_across_gunicorn_workers(tumpukan):
    codes = [tumpukan.minta("/peta/cetak.png?lebar=120")[0] for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_a_job_runs_in_the_worker_and_its_backup_restores(tumpukan):
    result = tumpukan.jalankan(
        "python", "-m", "sig.cli", "manage", "shell", "-c",
        "from sig.tasks import cadangan_sekarang; cadangan_sekarang.defer()",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    folder = tumpukan.tmp / "cadangan"
    _tunggu(lambda: any(folder.glob("sigdesa-*/manifest.json")), 120, "cadangan dari worker")
    backup = next(folder.glob("sigdesa-*/manifest.json")).parent
    assert backup.owner() == APP_USER  # written by the worker, as the app user
    pulih = f"{tumpukan.env['_DB']}_pulih"
    tumpukan.sql(f'CREATE DATABASE "{pulih}"', "postgres")
    url = tumpukan.env["DATABASE_URL"].rsplit("/", 1)[0] + f"/{pulih}"
    restored = tumpukan.jalankan("python", "-m", "sig.cli", "restore", str(backup), DATABASE_URL=url, timeout=600)
    assert restored.returncode == 0, restored.stdout[-2000:] + restored.stderr[-2000:]
    assert tumpukan.sql("SELECT count(*) FROM wilayah_desa", pulih) == tumpukan.sql("SELECT count(*) FROM wilayah_desa")
