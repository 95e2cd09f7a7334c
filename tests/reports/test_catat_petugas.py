"""Staff recording a complaint for a walk-in or phone caller: only staff who handle the desa of the location,
name and phone optional and back-office only, the complaint marked as recorded by staff; the database refuses
inconsistent reporter fields."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from reports.models import FotoPengaduan, Pengaduan
from reports.services.lapor import pengaduan_buat
from tests.reports.conftest import LOKASI, foto
from tests.reports.test_publik import semua_keluaran

URL = "/kelola/pengaduan/catat/"
DATA = {
    "pelapor_nama": "Pak Ujang Sutisna",
    "pelapor_telepon": "0813 2222 3333",
    "kategori": "jembatan",
    "judul": "Jembatan gantung miring",
    "deskripsi": "Tali jembatan gantung ke sawah kendur, lantai miring.",
    **LOKASI,
}


def test_operator_records_a_walk_in_for_their_desa(client, pengguna):
    client.force_login(pengguna.operator_a)
    form = client.get(URL)
    assert form.status_code == 200 and 'id="form-catat"' in form.content.decode()
    assert "Catat laporan warga" in client.get("/kelola/pengaduan/").content.decode()
    r = client.post(URL, {**DATA, "foto": foto()})
    p = Pengaduan.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/kelola/pengaduan/{p.kode_lacak}/"
    assert (p.sumber, p.pelapor, p.dicatat_oleh, p.desa.nama) == ("petugas", None, pengguna.operator_a, "Desa A")
    assert (p.pelapor_nama, p.pelapor_telepon) == ("Pak Ujang Sutisna", "0813 2222 3333")
    assert FotoPengaduan.objects.filter(pengaduan=p).count() == 1
    halaman = client.get(r["Location"]).content.decode()
    assert "Pak Ujang Sutisna" in halaman and "0813 2222 3333" in halaman and "dicatat petugas desa" in halaman


def test_walk_in_name_and_phone_never_reach_the_public(client, pengguna):
    client.force_login(pengguna.operator_a)
    client.post(URL, DATA)
    client.logout()
    p = Pengaduan.objects.get()
    outputs = semua_keluaran(client, p)
    for name, response in outputs.items():
        assert response.status_code == 200, name
        body = response.content.decode("utf-8", "replace")
        for secret in ("Ujang", "0813 2222 3333", "081322223333", pengguna.operator_a.email):
            assert secret not in body, (name, secret)
    assert "dicatat petugas desa atas laporan warga" in outputs["halaman"].content.decode()
    client.force_login(pengguna.warga)
    assert "Ujang" not in client.get(p.get_absolute_url()).content.decode()


def test_name_and_phone_are_optional(client, pengguna):
    client.force_login(pengguna.admin_kecamatan)
    r = client.post(URL, {**DATA, "pelapor_nama": "", "pelapor_telepon": "", "lon": 107.87})  # desa B
    p = Pengaduan.objects.get()
    assert r.status_code == 302 and p.desa.nama == "Desa B" and p.pelapor_nama == ""
    assert "tanpa nama" in client.get(r["Location"]).content.decode()


@pytest.mark.parametrize(
    ("siapa", "ubah", "status"),
    [
        ("operator_a", {"lon": 107.87}, 403),  # desa B belongs to another operator
        ("admin_kecamatan", {"lon": 107.92}, 403),  # desa in another kecamatan
        ("operator_a", {"lon": 110.0}, 400),  # outside every desa
        ("operator_a", {"pelapor_telepon": "<script>"}, 400),
        ("operator_a", {"pelapor_telepon": "12"}, 400),
        ("operator_a", {"lon": "", "lat": ""}, 400),
        ("operator_a", {"kategori": "tidakada"}, 400),
        ("operator_a", {"deskripsi": "pendek"}, 400),
        ("perencana", {}, 403),
        ("warga", {}, 403),
    ],
)
def test_refusals_store_nothing(client, pengguna, siapa, ubah, status):
    client.force_login(getattr(pengguna, siapa))
    r = client.post(URL, {**DATA, **ubah})
    assert r.status_code == status
    assert not Pengaduan.objects.exists()


def test_citizen_and_visitor_cannot_open_the_form(client, pengguna):
    assert client.get(URL).status_code == 302  # to sign in
    client.force_login(pengguna.warga)
    assert client.get(URL).status_code == 403
    assert "Catat laporan warga" not in client.get("/pengaduan/").content.decode()


def test_personal_data_in_the_text_waits_for_redaction_as_on_the_web(client, pengguna):
    client.force_login(pengguna.operator_a)
    client.post(URL, {**DATA, "deskripsi": "Hubungi pelapor di 0812-3456-7890 untuk lokasi persisnya."})
    assert Pengaduan.objects.get().perlu_sunting is True


@pytest.mark.parametrize(
    "fields",
    [
        {"sumber": "web", "pelapor_telepon": "08123456789"},  # an account's contact lives on the account
        {"sumber": "petugas", "pelapor": "warga"},  # a walk-in belongs to no account
        {"sumber": "web", "dicatat_oleh": "operator_a"},  # only walk-ins name a recorder
        {"sumber": "sms"},  # unknown source
    ],
)
def test_database_keeps_reporter_fields_consistent(aduan, pengguna, fields):
    values = {k: getattr(pengguna, v) if k in {"pelapor", "dicatat_oleh"} else v for k, v in fields.items()}
    with pytest.raises(IntegrityError), transaction.atomic():
        Pengaduan.objects.filter(pk=aduan.pk).update(**values)


def test_service_refuses_unknown_sources_and_non_staff(warga):
    from django.core.exceptions import PermissionDenied

    from reports.services.lapor import AtasNama

    with pytest.raises(PermissionDenied):
        pengaduan_buat(
            kategori="banjir",
            judul="x",
            deskripsi="cukup panjang untuk lolos",
            by=warga,
            atas_nama=AtasNama(sumber="petugas"),
            **LOKASI,
        )
    with pytest.raises(ValueError):
        pengaduan_buat(
            kategori="banjir",
            judul="x",
            deskripsi="cukup panjang untuk lolos",
            by=None,
            atas_nama=AtasNama(sumber="whatsapp"),  # a channel report needs its identity key
            **LOKASI,
        )
    assert not Pengaduan.objects.exists()
