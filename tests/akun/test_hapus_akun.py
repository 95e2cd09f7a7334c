"""Account deletion (UU PDP): contributions stay anonymised; the person's name, e-mail and phone are gone from
every table, history tables included."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessLog
from django.db import connection

from assets.services.potensi import potensi_ajukan
from reports.models import Notifikasi
from reports.services.lapor import pengaduan_buat
from sig.akun.models import User


def jejak(*needles: str) -> list[str]:
    """Every text/JSON column of every table that still contains one of the needles."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type IN ('text', 'character varying', 'jsonb', 'json')"
        )
        columns = cursor.fetchall()
        hits = []
        for table, column in columns:
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608 (catalogue names)
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append(f"{table}.{column} ∋ {needle}")
    return hits


@pytest.mark.django_db
def test_deleting_an_account_anonymises_and_scrubs(client, wilayah, pengguna, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    user = User.objects.create_user(
        "siti.unik@contoh.id", "kopi-garut-2026", nama="Siti Unikawati", telepon="0813-9999-1111"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    p = pengaduan_buat(
        kategori="banjir",
        judul="Banjir",
        deskripsi="Air meluap ke jalan desa.",
        lon=107.82,
        lat=-7.25,
        by=user,
        ip="10.1.2.3",
    ).pengaduan
    from django.contrib.gis.geos import Point

    potensi = potensi_ajukan(
        data={
            "jenis": "kuliner",
            "nama": "Dodol",
            "tagline": "",
            "deskripsi": "",
            "kontak": "",
            "geometri": Point(107.82, -7.25, srid=4326),
        },
        by=user,
    ).obj
    Notifikasi.objects.create(penerima=user.email, subjek="x", isi="x")
    AccessLog.objects.create(username=user.email, ip_address="10.1.2.3", user_agent="uji")
    client.force_login(user)
    assert jejak("siti.unik", "Unikawati", "9999-1111")  # the needles are really there before
    bad = client.post("/akun/hapus/", {"password": "salah"})
    assert bad.status_code == 400 and User.objects.filter(pk=user.pk).exists()
    response = client.post("/akun/hapus/", {"password": "kopi-garut-2026"})
    assert response.status_code == 302 and not User.objects.filter(pk=user.pk).exists()
    p.refresh_from_db()
    potensi.refresh_from_db()
    assert p.pelapor is None and p.anonim and p.ip_hash == "" and potensi.diajukan_oleh is None
    assert potensi.history.filter(history_user_id=user.pk).count() == 0
    assert jejak("siti.unik", "Unikawati", "9999-1111") == []
    assert client.get("/akun/profil/").status_code == 302  # signed out
    assert "Siti" not in client.get(p.get_absolute_url()).content.decode()
