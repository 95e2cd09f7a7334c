"""The bad-input catalogue: hostile or broken uploads, form values and API parameters, each answered with a
specific 4xx message (Bahasa Indonesia), nothing written, no temporary files left, never a 500."""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.assets.test_foto import png_bom
from tests.importers.test_impor import BERKAS_RUSAK

DATA = Path(__file__).resolve().parent.parent / "data"
VSICURL = "/vsicurl/http://169.254.169.254/latest/meta-data/"
PG = "PG:host=db dbname=sigdesa user=postgres"


@dataclass
class Kasus:
    id: str
    url: Callable[[Any], str]
    status: int
    pesan: str  # regex that the response body must contain
    role: str = "op_a"
    method: str = "POST"
    data: Callable[[Any], Any] = field(default=lambda w: {})
    extra: dict[str, Any] = field(default_factory=dict)


def berkas(nama: str, isi: bytes | None = None, ct: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi if isi is not None else (DATA / nama).read_bytes(), content_type=ct)


def unggah(nama: str, target: str, **extra: Any) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"berkas": berkas(nama), "target": target, "desa": w.desa.pk, **extra}


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (1, 2, 3)).save(out, "JPEG")
    return out.getvalue()


FOTO_BURUK = {
    "bom-dekompresi": ("bom.png", png_bom(), "terlalu besar|piksel"),
    "svg-skrip": ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "SVG/HTML tidak diterima"),
    "jpeg-terpotong": ("t.jpg", jpeg()[:60], "rusak|tidak dapat dibaca|bukan foto"),
    "teks-bernama-jpg": ("x.jpg", b"bukan gambar sama sekali", "bukan foto|tidak dikenali"),
}

ADUAN = {
    "kategori": "banjir",
    "judul": "Banjir",
    "deskripsi": "Air meluap ke jalan desa.",
    "lon": "107.82",
    "lat": "-7.25",
}


def aduan(**extra: Any) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {**ADUAN, **extra}


def aset(geometri: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {
        "desa": w.desa.pk,
        "nama": "Gudang",
        "golongan": "gedung_bangunan",
        "jenis": "balai_desa",
        "kondisi": "baik",
        "geometri": geometri,
    }


GEOJSON = "/lapisan/aset-desa.geojson"
OGC = "/ogc/collections/aset-desa/items"

KATALOG: list[Kasus] = [
    # --- uploads through the import screen (every file reaches GDAL only as a server-made local path) ---
    *[
        Kasus(f"impor-{nama}", lambda w: "/impor/", 400, pesan, data=unggah(nama, target))
        for nama, target, pesan in [
            *BERKAS_RUSAK[:-1],  # the last one is a boundary file for desa, not an upload of this screen
            ("vsicurl_crs.geojson", "lahan", "CRS|sistem koordinat|EPSG"),
        ]
    ],
    Kasus(
        "impor-lapisan-PG",
        lambda w: "/impor/",
        400,
        "lapisan|Lapisan",
        data=unggah("dua_lapisan.gpkg", "lahan", layer=PG),
    ),
    Kasus(
        "impor-lapisan-vsicurl",
        lambda w: "/impor/",
        400,
        "lapisan|Lapisan",
        data=unggah("dua_lapisan.gpkg", "lahan", layer=VSICURL),
    ),
    Kasus(
        "impor-epsg-vsicurl",
        lambda w: "/impor/",
        400,
        "pilihan yang valid|EPSG",
        data=unggah("kosong.geojson", "lahan", epsg=VSICURL),
    ),
    Kasus(
        "impor-encoding-PG",
        lambda w: "/impor/",
        400,
        "pilihan yang valid",
        data=unggah("kosong.geojson", "lahan", encoding=PG),
    ),
    Kasus(
        "impor-target-asing", lambda w: "/impor/", 400, "pilihan yang valid", data=unggah("kosong.geojson", "../etc")
    ),
    Kasus(
        "impor-desa-lain",
        lambda w: "/impor/",
        400,
        "pilihan yang valid",
        data=lambda w: {"berkas": berkas("kosong.geojson"), "target": "lahan", "desa": w.desa_b.pk},
    ),
    Kasus(
        "impor-tanpa-berkas",
        lambda w: "/impor/",
        400,
        "harus diisi",
        data=lambda w: {"target": "lahan", "desa": w.desa.pk},
    ),
    # --- photos: operator upload and citizen complaint ---
    *[
        Kasus(
            f"foto-aset-{k}",
            lambda w: f"/kelola/aset/{w.aset.pk}/foto/",
            302,
            pesan,
            data=lambda w, n=n, b=b: {"foto": berkas(n, b, "image/jpeg")},
        )
        for k, (n, b, pesan) in FOTO_BURUK.items()
    ],
    *[
        Kasus(
            f"foto-aduan-{k}",
            lambda w: "/pengaduan/baru/",
            400,
            pesan,
            role="pemilik",
            data=lambda w, n=n, b=b: {**ADUAN, "foto": berkas(n, b, "image/jpeg")},
        )
        for k, (n, b, pesan) in FOTO_BURUK.items()
    ],
    Kasus(
        "aduan-5-foto",
        lambda w: "/pengaduan/baru/",
        400,
        "Paling banyak 4 foto",
        role="pemilik",
        data=lambda w: {**ADUAN, "foto": [berkas("a.jpg", jpeg(), "image/jpeg") for _ in range(5)]},
    ),
    # --- complaint form values ---
    Kasus(
        "aduan-luar-wilayah",
        lambda w: "/pengaduan/baru/",
        400,
        "di luar wilayah desa",
        role="pemilik",
        data=aduan(lon="110.5"),
    ),
    Kasus("aduan-lon-nan", lambda w: "/pengaduan/baru/", 400, "Tentukan lokasi", role="pemilik", data=aduan(lon="nan")),
    Kasus("aduan-lon-inf", lambda w: "/pengaduan/baru/", 400, "Tentukan lokasi", role="pemilik", data=aduan(lat="inf")),
    Kasus(
        "aduan-honeypot",
        lambda w: "/pengaduan/baru/",
        400,
        "Pengiriman ditolak",
        role="pemilik",
        data=aduan(website="http://spam"),
    ),
    Kasus(
        "aduan-kategori-sql",
        lambda w: "/pengaduan/baru/",
        400,
        "kategori",
        role="pemilik",
        data=aduan(kategori="banjir' OR '1'='1"),
    ),
    Kasus("aduan-judul-kosong", lambda w: "/pengaduan/baru/", 400, "harus diisi", role="pemilik", data=aduan(judul="")),
    Kasus("aduan-judul-panjang", lambda w: "/pengaduan/baru/", 400, "120", role="pemilik", data=aduan(judul="x" * 121)),
    Kasus(
        "aduan-uraian-pendek", lambda w: "/pengaduan/baru/", 400, "10", role="pemilik", data=aduan(deskripsi="pendek")
    ),
    Kasus(
        "aduan-client-id-bukan-uuid",
        lambda w: "/pengaduan/baru/",
        400,
        "UUID",
        role="pemilik",
        data=aduan(client_id="../../etc"),
    ),
    Kasus(
        "aduan-belum-verifikasi", lambda w: "/pengaduan/baru/", 403, "Verifikasi email", role="warga_baru", data=aduan()
    ),
    # --- geometry fields that could reach GDAL/GEOS ---
    Kasus("aset-geometri-vsicurl", lambda w: "/kelola/aset/tambah/", 400, "tidak dapat dibaca", data=aset(VSICURL)),
    Kasus("aset-geometri-PG", lambda w: "/kelola/aset/tambah/", 400, "tidak dapat dibaca", data=aset(PG)),
    Kasus(
        "aset-geometri-crs-vsicurl",
        lambda w: "/kelola/aset/tambah/",
        400,
        "WGS 84|tidak dapat dibaca",
        data=aset(
            '{"type":"Point","coordinates":[107.82,-7.25],"crs":{"type":"name","properties":{"name":"'
            + VSICURL
            + '"}}}'
        ),
    ),
    Kasus(
        "aset-geometri-luar-desa",
        lambda w: "/kelola/aset/tambah/",
        400,
        "di luar batas Desa",
        data=aset('{"type":"Point","coordinates":[108.9,-7.25]}'),
    ),
    Kasus(
        "aset-geometri-json-rusak",
        lambda w: "/kelola/aset/tambah/",
        400,
        "tidak dapat dibaca",
        data=aset('{"type":"Point","coordinates":['),
    ),
    Kasus(
        "aset-desa-lain",
        lambda w: "/kelola/aset/tambah/",
        400,
        "pilihan yang valid",
        data=lambda w: {**aset('{"type":"Point","coordinates":[107.87,-7.25]}')(w), "desa": w.desa_b.pk},
    ),
    Kasus(
        "potensi-geometri-vsicurl",
        lambda w: "/potensi/ajukan/",
        400,
        "tidak dapat dibaca",
        role="pemilik",
        data=lambda w: {"jenis": "kuliner", "nama": "Dodol", "geometri": VSICURL},
    ),
    # --- API parameters ---
    *[
        Kasus(f"geojson-{k}", lambda w: GEOJSON, 400, pesan, role="anon", method="GET", data=lambda w, p=p: p)
        for k, p, pesan in [
            ("bbox-3", {"bbox": "1,2,3"}, "4 angka"),
            ("bbox-nan", {"bbox": "nan,1,2,3"}, "terhingga"),
            ("bbox-terbalik", {"bbox": "108,-7,107,-8"}, "terbalik"),
            ("bbox-teks", {"bbox": "a,b,c,d"}, "angka"),
            ("limit-0", {"limit": "0"}, "limit"),
            ("limit-besar", {"limit": "99999"}, "limit"),
            ("offset-negatif", {"offset": "-1"}, "offset"),
            ("atribut-asing", {"f.password": "x"}, "tidak tersedia"),
            ("properties-asing", {"properties": "nama,penggarap;DROP TABLE"}, "tidak dikenal"),
            ("desa-sql", {"desa": "1 OR 1=1"}, "tidak sah"),
            ("tahun-teks", {"tahun": "abc"}, "tahun"),
            ("tahun-superskrip", {"tahun": "²⁰²⁶"}, "tahun"),  # str.isdigit() says yes, int() says no
            ("limit-superskrip", {"limit": "²"}, "limit"),
        ]
    ],
    Kasus("ogc-crs-vsicurl", lambda w: OGC, 400, "crs|CRS", role="anon", method="GET", data=lambda w: {"crs": VSICURL}),
    Kasus(
        "ogc-bbox-crs-PG",
        lambda w: OGC,
        400,
        "crs|CRS",
        role="anon",
        method="GET",
        data=lambda w: {"bbox": "1,2,3,4", "bbox-crs": PG},
    ),
    Kasus("ogc-limit-teks", lambda w: OGC, 400, "limit", role="anon", method="GET", data=lambda w: {"limit": "semua"}),
    Kasus(
        "ogc-limit-superskrip", lambda w: OGC, 400, "limit", role="anon", method="GET", data=lambda w: {"limit": "²"}
    ),
    Kasus(
        "ogc-datetime-rusak",
        lambda w: OGC,
        400,
        "datetime|tanggal",
        role="anon",
        method="GET",
        data=lambda w: {"datetime": "kemarin sore"},
    ),
    Kasus("tile-zoom-30", lambda w: "/tiles/aset-desa/30/1/1.pbf", 400, "Zoom", role="anon", method="GET"),
    Kasus("tile-x-luar", lambda w: "/tiles/aset-desa/2/9/1.pbf", 400, "di luar rentang", role="anon", method="GET"),
    Kasus(
        "open311-tanggal",
        lambda w: "/open311/v2/requests.json",
        400,
        "ISO 8601",
        role="anon",
        method="GET",
        data=lambda w: {"start_date": "kemarin"},
    ),
    Kasus(
        "open311-status",
        lambda w: "/open311/v2/requests.json",
        400,
        "open atau closed",
        role="anon",
        method="GET",
        data=lambda w: {"status": "maybe"},
    ),
    Kasus(
        "open311-kunci-salah",
        lambda w: "/open311/v2/requests.json",
        403,
        "api_key",
        role="anon",
        data=lambda w: {"api_key": "' OR 1=1 --", "service_code": "banjir", "lat": "-7.25", "long": "107.82"},
    ),
    Kasus(
        "open311-lat-teks",
        lambda w: "/open311/v2/requests.json",
        400,
        "lat",
        role="anon",
        data=lambda w: {
            "api_key": w.token,
            "service_code": "banjir",
            "lat": "x",
            "long": "107.82",
            "description": "Air meluap ke jalan.",
        },
    ),
    Kasus("serupa-tanpa-lon", lambda w: "/pengaduan/serupa/", 400, "lon dan lat", role="anon", method="GET"),
    Kasus(
        "cari-satu-huruf", lambda w: "/peta/cari/", 400, "2 huruf", role="anon", method="GET", data=lambda w: {"q": "a"}
    ),
    Kasus(
        "lacak-skrip",
        lambda w: "/pengaduan/lacak/",
        400,
        "ADU-XXXX-XXXX",
        role="anon",
        method="GET",
        data=lambda w: {"kode": "<script>alert(1)</script>"},
    ),
    Kasus(
        "unduh-format-asing", lambda w: "/lapisan/aset-desa/unduh.exe", 404, "Format unduhan", role="anon", method="GET"
    ),
    Kasus("ekspor-format-asing", lambda w: f"/ekspor/aset/{w.desa.kode}.exe", 404, "Format unduhan", method="GET"),
    Kasus(
        "api-desa-bukan-angka",
        lambda w: "/api/aset/",
        400,
        "id angka",
        role="anon",
        method="GET",
        data=lambda w: {"desa": "1 OR 1=1"},
    ),
    Kasus(
        "api-geometri-PG",
        lambda w: "/api/aset/",
        400,
        "geometri|Geometri",
        data=lambda w: {"desa": w.desa.pk, "nama": "X", "golongan": "tanah", "jenis": "tanah_kas_desa", "geometri": PG},
    ),
    # --- request shape ---
    Kasus(
        "badan-6MB",
        lambda w: "/pengaduan/baru/",
        400,
        "terlalu besar",
        role="pemilik",
        data=lambda w: {**ADUAN, "deskripsi": "x" * (6 * 1024 * 1024)},
        extra={"urlencoded": True},
    ),
    Kasus(
        "10000-kolom",
        lambda w: "/pengaduan/baru/",
        400,
        "Terlalu banyak kolom",
        role="pemilik",
        data=lambda w: {f"k{i}": "x" for i in range(10_000)},
    ),
    Kasus(
        "25-berkas",
        lambda w: "/pengaduan/baru/",
        400,
        "Terlalu banyak berkas",
        role="pemilik",
        data=lambda w: {**ADUAN, "foto": [berkas(f"{i}.jpg", b"x", "image/jpeg") for i in range(25)]},
    ),
]

TABEL_DIHITUNG = [
    "assets.AsetDesa",
    "assets.LahanPertanian",
    "assets.ProyekPembangunan",
    "assets.PotensiDesa",
    "assets.Foto",
    "reports.Pengaduan",
    "reports.FotoPengaduan",
    "reports.Tanggapan",
    "reports.Notifikasi",
    "survei.LapisanRaster",
    "survei.LapisanSurvei",
    "wilayah.Desa",
    "akun.User",
]


def potret(w: Any) -> tuple[Any, ...]:
    counts = tuple(apps.get_model(label).objects.count() for label in TABEL_DIHITUNG)
    files = tuple(sorted(str(p) for root in (w.media, w.privat) for p in Path(root).rglob("*") if p.is_file()))
    temp = tuple(sorted(p.name for p in Path(tempfile.gettempdir()).glob("sigdesa-impor-*")))
    return counts, files, temp


def test_catalogue_has_at_least_60_cases():
    assert len(KATALOG) >= 60 and len({k.id for k in KATALOG}) == len(KATALOG)


@pytest.mark.django_db
@pytest.mark.parametrize("kasus", KATALOG, ids=[k.id for k in KATALOG])
def test_bad_input_is_refused_with_a_message_and_writes_nothing(kasus, dunia, client, settings):
    from allauth.account.models import EmailAddress
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from tests.factories import UserFactory

    settings.IMPORT_UPLOAD_DIR = dunia.media.parent / "impor"
    settings.IMPOR_LATAR = False
    dunia.token = Token.objects.create(user=dunia.pemilik).key
    if kasus.role == "warga_baru":
        user = UserFactory(email="baru@contoh.id")
        EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
        client.force_login(user)
    elif kasus.role != "anon":
        client.force_login(dunia.users[kasus.role])
    client.raise_request_exception = False
    before = potret(dunia)
    data = kasus.data(dunia)
    url = kasus.url(dunia)
    if kasus.method == "GET":
        response = client.get(url, data)
    elif kasus.extra.get("urlencoded"):
        from urllib.parse import urlencode

        response = client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")
    else:
        response = client.post(url, data)
    body = response.content.decode("utf-8", "replace")
    if response.status_code == 302 and kasus.status == 302:  # operator screens answer with a message
        follow = Client()
        follow.cookies = client.cookies
        body = follow.get(response["Location"]).content.decode()
    assert response.status_code == kasus.status, (response.status_code, body[:500])
    shown = re.findall(r'(?:errorlist[^>]*>|class="error">|data-pesan>)(.*?)</', body, re.S)
    assert re.search(kasus.pesan, body), shown or body[:1500]
    assert potret(dunia) == before
