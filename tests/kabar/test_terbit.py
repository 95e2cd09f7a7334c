"""Publishing kabar and agenda: who may publish where, drafts and scheduling, history, clean bodies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kabar import services
from kabar.models import Agenda, Kabar

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://jahat.example"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">teks</p>',
    '"><script>alert(1)</script>',
]


def kabar(by, desa=None, kecamatan=None, **extra):
    data = {"judul": "Kerja bakti", "isi": "Warga bergotong royong.", "jenis": "kabar", "terbit": True} | extra
    return services.kabar_simpan(by=by, desa=desa, kecamatan=kecamatan, **data)


def test_operator_publishes_for_their_desa_only(wilayah, pengguna):
    obj = kabar(pengguna.operator_a, desa=wilayah.desa_a)
    assert obj.is_public and obj.kecamatan == wilayah.kecamatan and obj.penulis == pengguna.operator_a
    with pytest.raises(PermissionDenied):
        kabar(pengguna.operator_a, desa=wilayah.desa_b)
    with pytest.raises(PermissionDenied):
        kabar(pengguna.operator_a, kecamatan=wilayah.kecamatan)  # the kecamatan speaks through its admin
    with pytest.raises(PermissionDenied):
        kabar(pengguna.warga, desa=wilayah.desa_a)
    with pytest.raises(PermissionDenied):
        kabar(pengguna.perencana, desa=wilayah.desa_a)
    assert Kabar.objects.count() == 1


def test_operator_cannot_change_or_move_another_desas_kabar(wilayah, pengguna):
    obj = kabar(pengguna.operator_b, desa=wilayah.desa_b)
    with pytest.raises(PermissionDenied):
        kabar(pengguna.operator_a, desa=wilayah.desa_a, kabar=obj)  # "moving" it into A is a change of B's post
    with pytest.raises(PermissionDenied):
        services.terbitan_hapus(by=pengguna.operator_a, obj=obj)
    obj.refresh_from_db()
    assert obj.desa == wilayah.desa_b and obj.judul == "Kerja bakti"


def test_admin_kecamatan_publishes_for_the_kecamatan_and_its_desa(wilayah, pengguna):
    own = kabar(pengguna.admin_kecamatan, kecamatan=wilayah.kecamatan)
    assert own.desa is None and own.pemilik == "Kecamatan Samarang Uji"
    kabar(pengguna.admin_kecamatan, desa=wilayah.desa_b)
    with pytest.raises(PermissionDenied):
        kabar(pengguna.admin_kecamatan_lain, kecamatan=wilayah.kecamatan)
    with pytest.raises(PermissionDenied):
        kabar(pengguna.admin_kecamatan, desa=wilayah.desa_lain)
    with pytest.raises(PermissionDenied):
        kabar(pengguna.operator_a, kabar=own, kecamatan=wilayah.kecamatan)
    with pytest.raises(ValidationError, match="tidak berada"):
        kabar(pengguna.superadmin, desa=wilayah.desa_lain, kecamatan=wilayah.kecamatan)


def test_drafts_and_scheduled_posts_stay_private_until_due(wilayah, pengguna, client):
    draft = kabar(pengguna.operator_a, desa=wilayah.desa_a, terbit=False, judul="Draf rahasia")
    later = kabar(
        pengguna.operator_a, desa=wilayah.desa_a, terbit_pada=timezone.now() + timedelta(days=1), judul="Besok"
    )
    assert not draft.is_public and later.terjadwal and not later.is_public
    for obj in (draft, later):
        assert client.get(obj.get_absolute_url()).status_code == 404
    page = client.get(wilayah.desa_a.get_absolute_url()).content.decode()
    assert "Draf rahasia" not in page and "Besok" not in page
    client.force_login(pengguna.operator_a)
    assert client.get(later.get_absolute_url()).status_code == 200  # preview for the desa's staff
    client.force_login(pengguna.operator_b)
    assert client.get(later.get_absolute_url()).status_code == 404
    Kabar.objects.filter(pk=later.pk).update(terbit_pada=timezone.now() - timedelta(minutes=1))
    client.logout()
    assert "Besok" in client.get(wilayah.desa_a.get_absolute_url()).content.decode()


def test_every_save_is_kept_in_history(wilayah, pengguna):
    obj = kabar(pengguna.operator_a, desa=wilayah.desa_a, terbit=False)
    kabar(pengguna.operator_a, desa=wilayah.desa_a, kabar=obj, judul="Kerja bakti (diralat)")
    pk = obj.pk
    services.terbitan_hapus(by=pengguna.operator_a, obj=obj)
    versi = Kabar.history.filter(id=pk).order_by("history_date")
    assert [v.history_type for v in versi] == ["+", "~", "-"]
    assert [v.judul for v in versi][:2] == ["Kerja bakti", "Kerja bakti (diralat)"]
    assert versi[1].history_user == pengguna.operator_a


def test_history_page_shows_the_newest_fifty_versions_and_who_saved_them(wilayah, pengguna, client):
    obj = kabar(pengguna.operator_a, desa=wilayah.desa_a, judul="Versi 0")
    for n in range(1, 52):
        kabar(pengguna.operator_a, desa=wilayah.desa_a, kabar=obj, judul=f"Versi {n}")
    client.force_login(pengguna.operator_a)
    body = client.get(f"/kelola/kabar/kabar/{obj.pk}/riwayat/").content.decode()
    assert body.count("<tr><td>") == 50  # 52 versions saved
    assert body.index("<td>Versi 51</td>") < body.index("<td>Versi 2</td>")
    assert "<td>Versi 1</td>" not in body and "<td>Versi 0</td>" not in body
    assert str(pengguna.operator_a) in body


@pytest.mark.parametrize("payload", XSS)
def test_body_title_and_summary_never_become_html(wilayah, pengguna, client, payload):
    obj = kabar(
        pengguna.operator_a, desa=wilayah.desa_a, judul=f"Judul {payload}", isi=f"Isi {payload}", ringkasan=payload
    )
    for forbidden in ("<script", "onerror", "javascript:", "<svg", "<iframe", "onload", "onclick", "style="):
        assert forbidden not in obj.isi.lower()
    for url in (obj.get_absolute_url(), wilayah.desa_a.get_absolute_url(), "/kecamatan/32.05.07/"):
        page = client.get(url).content.decode()
        assert payload not in page, url
        assert "alert(1)</script>" not in page


def test_plain_text_becomes_paragraphs_and_links_stay_safe(wilayah, pengguna):
    obj = kabar(pengguna.operator_a, desa=wilayah.desa_a, isi="Satu < dua & tiga\n\nParagraf kedua")
    assert obj.isi == "<p>Satu &lt; dua &amp; tiga</p><p>Paragraf kedua</p>"
    obj = kabar(pengguna.operator_a, desa=wilayah.desa_a, isi='<p>Lihat <a href="https://garutkab.go.id">situs</a></p>')
    assert 'href="https://garutkab.go.id"' in obj.isi and 'rel="noopener noreferrer nofollow ugc"' in obj.isi
    assert obj.ringkasan == "Lihat situs"


def test_bad_input_gets_a_clear_message_and_writes_nothing(wilayah, pengguna):
    with pytest.raises(ValidationError, match="Judul wajib"):
        kabar(pengguna.operator_a, desa=wilayah.desa_a, judul="   ")
    with pytest.raises(ValidationError, match="terlalu panjang"):
        kabar(pengguna.operator_a, desa=wilayah.desa_a, isi="a" * 25000)
    with pytest.raises(ValidationError, match="Pilih desa"):
        kabar(pengguna.operator_a)
    mulai = timezone.now() + timedelta(days=2)
    agenda = {"judul": "Posyandu", "isi": "", "jenis": "posyandu", "mulai": mulai, "desa": wilayah.desa_a}
    with pytest.raises(ValidationError, match="sebelum waktu mulai"):
        services.agenda_simpan(by=pengguna.operator_a, selesai=mulai - timedelta(hours=1), **agenda)
    with pytest.raises(ValidationError, match="di luar Desa Desa A"):
        services.agenda_simpan(by=pengguna.operator_a, lokasi=Point(107.87, -7.25, srid=4326), **agenda)
    assert not Kabar.objects.exists() and not Agenda.objects.exists()


def test_the_screens_refuse_other_desa_and_citizens(wilayah, pengguna, client):
    form = {"tempat_terbit": wilayah.desa_b.kode, "jenis": "kabar", "judul": "Bukan desaku", "isi": "x", "terbit": "on"}
    client.force_login(pengguna.operator_a)
    response = client.post("/kelola/kabar/kabar/baru/", form)
    assert response.status_code == 400 and "bukan salah satu dari pilihan" in response.content.decode()
    assert not Kabar.objects.exists()
    other = kabar(pengguna.operator_b, desa=wilayah.desa_b)
    assert client.get(f"/kelola/kabar/kabar/{other.pk}/").status_code == 403
    assert client.post(f"/kelola/kabar/kabar/{other.pk}/hapus/").status_code == 403
    assert Kabar.objects.filter(pk=other.pk).exists()
    for url in ("/kelola/kabar/berita/baru/", f"/kelola/kabar/berita/{other.pk}/riwayat/"):
        assert client.get(url).status_code == 404  # only kabar and agenda are kinds
    client.force_login(pengguna.warga)
    assert client.get("/kelola/kabar/").status_code == 403
    client.force_login(pengguna.operator_a)
    response = client.post("/kelola/kabar/kabar/baru/", form | {"tempat_terbit": wilayah.desa_a.kode})
    assert response.status_code == 302
    assert Kabar.objects.get(judul="Bukan desaku").desa == wilayah.desa_a


def test_agenda_with_place_on_the_map_through_the_screen(wilayah, pengguna, client):
    client.force_login(pengguna.operator_a)
    response = client.post(
        "/kelola/kabar/agenda/baru/",
        {
            "tempat_terbit": wilayah.desa_a.kode,
            "jenis": "musdes",
            "judul": "Musyawarah desa",
            "mulai": "2027-01-15T19:00",
            "selesai": "2027-01-15T21:30",
            "tempat": "Balai desa",
            "lokasi": '{"type": "Point", "coordinates": [107.82, -7.25]}',
            "isi": "Membahas RKP Desa.",
            "terbit": "on",
        },
    )
    assert response.status_code == 302, [b for b in response.content.decode().splitlines() if "errorlist" in b]
    agenda = Agenda.objects.get()
    assert agenda.lokasi.coords == (107.82, -7.25) and agenda.mulai.hour == 12  # 19:00 WIB is 12:00 UTC
    page = client.get(agenda.get_absolute_url()).content.decode()
    assert "Musyawarah desa" in page and "19:00" in page and "Simpan ke kalender" in page
