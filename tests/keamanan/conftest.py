from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import Polygon
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from assets.models import AsetDesa, Foto
from importers.models import ImportRun
from layers.models import AnalisisTersimpan
from reports.services.lapor import pengaduan_buat
from survei.models import CitraUdara
from tests.factories import UserFactory
from tests.layers.test_lapisan import tile_of


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 40)).save(out, "JPEG")
    return out.getvalue()


@dataclass
class Dunia:
    kecamatan: Any
    desa: Any
    aset: Any
    proyek: Any
    lahan: Any
    potensi: Any
    aduan: Any
    foto_aduan: Any
    foto_aset: Any
    aset_riwayat: int
    run: Any
    tile: tuple[int, int]
    pemilik: Any
    users: dict[str, Any]
    ct_aset: int
    pk_api: dict[str, int]
    admin_pk: dict[str, Any]
    admin_hist: dict[str, Any]
    desa_b: Any = None
    media: Any = None
    privat: Any = None
    kabar: Any = None
    agenda: Any = None
    citra: Any = None  # desa A's private imagery (no file: the matrix asks for a zoom it does not serve)
    token: str = ""
    analisis: Any = None


@pytest.fixture
def dunia(settings, tmp_path, wilayah, pengguna, aset_a, proyek_a, lahan_a, potensi_menunggu):
    """Every kind of object in desa A, and one user per role (pemilik owns the potensi and the complaint)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    settings.MEDIA_ROOT = tmp_path / "media"
    pemilik = pengguna.warga
    EmailAddress.objects.create(user=pemilik, email=pemilik.email, verified=True, primary=True)
    warga = UserFactory(email="warga.lain@contoh.id")
    EmailAddress.objects.create(user=warga, email=warga.email, verified=True, primary=True)
    aduan = pengaduan_buat(
        kategori="banjir",
        judul="Banjir",
        deskripsi="Air meluap ke jalan desa.",
        lon=107.82,
        lat=-7.25,
        by=pemilik,
        foto=[SimpleUploadedFile("a.jpg", _jpeg(), content_type="image/jpeg")],
    ).pengaduan
    foto_aset = Foto(content_type=ContentType.objects.get_for_model(AsetDesa), object_id=aset_a.pk)
    foto_aset.berkas.save("a.jpg", ContentFile(_jpeg()), save=False)
    foto_aset.thumbnail.save("a.jpg", ContentFile(_jpeg()), save=False)
    foto_aset.save()
    AsetDesa.history.model.objects.filter(id=aset_a.pk).exists() or aset_a.save()
    run = ImportRun.objects.create(
        dibuat_oleh=pengguna.operator_a, desa=wilayah.desa_a, target="aset", nama_berkas="aset.zip", checksum="0"
    )
    _z, x, y = tile_of(107.82, -7.25, 14)
    users = {
        "warga": warga,
        "pemilik": pemilik,
        "op_a": pengguna.operator_a,
        "op_b": pengguna.operator_b,
        "perencana": pengguna.perencana,
        "camat": pengguna.admin_kecamatan,
        "super": pengguna.superadmin,
    }
    admin_pk = {
        "assets_asetdesa": aset_a.pk,
        "assets_lahanpertanian": lahan_a.pk,
        "assets_proyekpembangunan": proyek_a.pk,
        "assets_potensidesa": potensi_menunggu.pk,
        "wilayah_desa": wilayah.desa_a.pk,
        "wilayah_kecamatan": wilayah.kecamatan.pk,
        "wilayah_kabupaten": wilayah.kecamatan.kabupaten_id,
        "akun_user": pemilik.pk,
        "reports_pengaduan": aduan.pk,
        "reports_kategoripengaduan": "banjir",
        "layers_lapisan": 1,
        "account_emailaddress": EmailAddress.objects.get(user=pemilik).pk,
    }
    from kabar import services as kabar_services
    from layers.models import Lapisan

    kabar = kabar_services.kabar_simpan(
        by=pengguna.operator_a, desa=wilayah.desa_a, judul="Kabar", isi="x", jenis="kabar", terbit=True
    )
    agenda = kabar_services.agenda_simpan(
        by=pengguna.operator_a, desa=wilayah.desa_a, judul="Agenda", isi="", jenis="rapat",
        mulai=timezone.now() + timedelta(days=2), terbit=True,
    )  # fmt: skip
    langganan = kabar_services.langganan_atur(
        by=pemilik, desa=wilayah.desa_a, kabar=True, agenda=True, pengaduan=True, frekuensi="harian"
    )
    admin_pk |= {"kabar_kabar": kabar.pk, "kabar_agenda": agenda.pk, "kabar_langganan": langganan.pk}
    admin_pk["layers_lapisan"] = Lapisan.objects.get(slug="aset-desa").pk
    hist = {
        "assets_asetdesa": AsetDesa.history.filter(id=aset_a.pk).first(),
        "assets_potensidesa": potensi_menunggu.history.first(),
        "kabar_kabar": kabar.history.first(),
        "kabar_agenda": agenda.history.first(),
    }
    return Dunia(
        kecamatan=wilayah.kecamatan,
        desa=wilayah.desa_a,
        aset=aset_a,
        proyek=proyek_a,
        lahan=lahan_a,
        potensi=potensi_menunggu,
        aduan=aduan,
        foto_aduan=aduan.foto.get(),
        foto_aset=foto_aset,
        aset_riwayat=hist["assets_asetdesa"].history_id if hist["assets_asetdesa"] else 0,
        run=run,
        tile=(x, y),
        pemilik=pemilik,
        users=users,
        ct_aset=ContentType.objects.get_for_model(AsetDesa).pk,
        pk_api={"aset": aset_a.pk, "lahan": lahan_a.pk, "proyek": proyek_a.pk, "potensi": potensi_menunggu.pk},
        admin_pk=admin_pk,
        admin_hist={k: v.history_id for k, v in hist.items() if v},
        desa_b=wilayah.desa_b,
        analisis=AnalisisTersimpan.objects.create(
            nama="Lahan per desa",
            alat="agregasi",
            parameter={"lapisan": "lahan-pertanian"},
            dibuat_oleh=pengguna.perencana,
        ),
        media=settings.MEDIA_ROOT,
        privat=settings.PRIVATE_MEDIA_ROOT,
        kabar=kabar,
        agenda=agenda,
        citra=CitraUdara.objects.create(
            nama="Foto udara A",
            desa=wilayah.desa_a,
            berkas=str(tmp_path / "tiada.tif"),
            epsg=32748,
            lebar=1,
            tinggi=1,
            min_zoom=16,
            cakupan=Polygon.from_bbox((107.81, -7.26, 107.82, -7.25)),
        ),
    )
