"""The import sandbox under attack: every hostile file of the catalogue (tests/importers/berkas_jahat.py) is
refused through the upload screen with its specific message, writes nothing, makes no outbound connection,
leaks no server file, and leaves the web process answering with its memory intact."""

from __future__ import annotations

import re
import secrets
import socket
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from importers.models import ImportRun
from tests.importers.berkas_jahat import Jahat, buat

# Server paths and the English of GDAL/Python errors: never shown to an operator.
RAW = r"/tmp/|/etc/|/work/|/root/|/srv/|sigdesa-impor|Traceback|not recognized|No such file|[Ee]rror|failed|Unable"
MODELS = [
    "wilayah.Kabupaten",
    "wilayah.Kecamatan",
    "wilayah.Desa",
    "assets.AsetDesa",
    "assets.LahanPertanian",
    "assets.PotensiDesa",
    "assets.ProyekPembangunan",
    "survei.LapisanSurvei",
    "survei.FiturSurvei",
    "survei.LapisanRaster",
]


class Pendengar:
    """A loopback listener that counts every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.koneksi = 0
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._layani, daemon=True).start()

    def _layani(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.koneksi += 1
            conn.close()


@pytest.fixture(scope="module")
def pendengar():
    listener = Pendengar()
    yield listener
    listener.sock.close()


@pytest.fixture(scope="module")
def katalog(tmp_path_factory, pendengar):
    folder = tmp_path_factory.mktemp("jahat")
    rahasia = folder / "rahasia.csv"
    token = "RAHASIA-" + secrets.token_hex(8)
    rahasia.write_text(f"kunci,nilai\n{token},{token}\n")
    return folder, buat(folder, pendengar.url, rahasia), token


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def hitung() -> dict[str, int]:
    return {name: apps.get_model(name).objects.count() for name in MODELS}


def test_catalogue_has_at_least_30_hostile_files(katalog):
    _folder, cases, _token = katalog
    assert len(cases) >= 30
    kinds = {Path(c.nama).suffix for c in cases}
    assert {".geojson", ".json", ".kml", ".kmz", ".gpkg", ".zip", ".csv", ".tif", ".xlsx"} <= kinds


@pytest.mark.django_db
def test_every_hostile_file_is_refused_without_trace(katalog, pendengar, client, pengguna, wilayah, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "impor"
    settings.IMPOR_LATAR = False
    folder, cases, token = katalog
    before = hitung()
    failures = []
    for case in cases:
        failures += _serang(case, folder, token, client, pengguna, wilayah, before, pendengar)
    assert not failures, "\n".join(failures)
    assert pendengar.koneksi == 0
    assert not list((tmp_path / "impor").glob("*")), "berkas unggahan yang gagal tertinggal"


def _serang(case: Jahat, folder: Path, token: str, client, pengguna, wilayah, before, pendengar) -> list[str]:
    client.force_login(getattr(pengguna, case.oleh))
    rss = rss_mb()
    runs = ImportRun.objects.count()
    upload = SimpleUploadedFile(case.nama, (folder / case.nama).read_bytes())
    data = {"berkas": upload, "target": case.target}
    if case.target not in {"desa", "raster"}:
        data["desa"] = wilayah.desa_a.pk
    response = client.post("/impor/", data)
    body = response.content.decode("utf-8", "replace")
    run = ImportRun.objects.order_by("-mulai").first()
    where = f"{case.nama}:"
    problems = []
    if response.status_code != 400:
        problems.append(f"{where} status {response.status_code}, bukan 400")
    if ImportRun.objects.count() != runs + 1 or run is None or run.status != "gagal":
        problems.append(f"{where} run tidak tercatat gagal")
    elif not re.search(case.pesan, run.pesan):
        problems.append(f"{where} pesan {run.pesan!r} tidak cocok dengan {case.pesan!r}")
    elif run.pesan not in body:
        problems.append(f"{where} pesan tidak tampil di halaman")
    stored = " ".join([run.pesan, str(run.masalah), str(run.pratinjau)]) if run else ""
    if token in body or token in stored:
        problems.append(f"{where} isi berkas server bocor")
    if re.search(RAW, run.pesan if run else ""):
        problems.append(f"{where} pesan memuat jalur server atau teks GDAL mentah: {run.pesan!r}")
    if hitung() != before:
        problems.append(f"{where} ada baris tertulis")
    if pendengar.koneksi:
        problems.append(f"{where} {pendengar.koneksi} koneksi keluar")
    if client.get("/ping").status_code != 200 or client.get("/impor/").status_code != 200:
        problems.append(f"{where} proses web tidak menjawab")
    if rss_mb() - rss > 100:
        problems.append(f"{where} memori proses web naik {rss_mb() - rss:.0f} MB")
    return problems


def test_only_text_codecs_name_a_shapefile_encoding():
    from importers.readers.encoding import codec_teks

    assert codec_teks("cp1252") == "cp1252" and codec_teks("UTF-8") == "utf-8"
    for bad in ("base64", "zlib", "rot13", "hex", "utf-16", "utf-32-le", "utf-7", "tidak-ada", "a\x00b"):
        assert codec_teks(bad) is None, bad


def test_attribute_names_never_collide_with_the_sandbox_columns():
    from importers.readers.kerja import KOLOM_GEOM, KOLOM_N, _nama_unik

    names = _nama_unik([KOLOM_N, f"{KOLOM_N}_", KOLOM_GEOM, "nama", "nama"])
    assert len(set(names)) == 5 and KOLOM_N not in names and KOLOM_GEOM not in names
