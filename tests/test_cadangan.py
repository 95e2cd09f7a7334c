"""Backup and restore: the demo round-trips with identical row counts and checksums; bad inputs refused."""

import json

import psycopg
import pytest
from django.db import connection

from sig import demo
from sig.cadangan import CadanganError, backup, restore, ringkasan_tabel

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def basis_data_kosong():
    settings = dict(connection.settings_dict)
    params = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
    }
    name = "sig_pulih_uji"
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    yield {**settings, "NAME": name}
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_demo_round_trips_through_backup_and_restore(tmp_path, basis_data_kosong):
    demo.generate()
    media = tmp_path / "media"
    (media / "foto").mkdir(parents=True)
    (media / "foto" / "balai.jpg").write_bytes(b"\xff\xd8\xff foto")
    privat = tmp_path / "privat"
    (privat / "pengaduan" / "asli").mkdir(parents=True)
    (privat / "pengaduan" / "asli" / "aduan.jpg").write_bytes(b"\xff\xd8\xff aduan")
    folder = backup(connection.settings_dict, media, tmp_path / "cadangan", privat_root=privat)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tabel"]["wilayah_desa"]["baris"] == 13 and manifest["tabel"]["assets_asetdesa"]["baris"] > 0
    assert manifest["tabel"]["reports_pengaduan"]["baris"] == 39 and "privat.tar.gz" in manifest["berkas"]
    restored_media = tmp_path / "media-pulih"
    result = restore(folder, basis_data_kosong, restored_media, privat_root=tmp_path / "privat-pulih")
    assert (tmp_path / "privat-pulih" / "pengaduan" / "asli" / "aduan.jpg").read_bytes() == b"\xff\xd8\xff aduan"
    assert result["baris"] == sum(t["baris"] for t in manifest["tabel"].values())
    assert (
        ringkasan_tabel(
            {
                "host": basis_data_kosong["HOST"] or None,
                "port": basis_data_kosong["PORT"] or 5432,
                "user": basis_data_kosong["USER"],
                "password": None,
                "dbname": basis_data_kosong["NAME"],
            }
        )
        == manifest["tabel"]
    )
    assert (restored_media / "foto" / "balai.jpg").read_bytes() == b"\xff\xd8\xff foto"
    with pytest.raises(CadanganError, match="tidak kosong"):
        restore(folder, basis_data_kosong, restored_media)


def test_a_damaged_backup_is_refused(tmp_path, basis_data_kosong):
    folder = backup(connection.settings_dict, tmp_path / "tidak-ada", tmp_path / "cadangan")
    with (folder / "db.dump").open("ab") as handle:
        handle.write(b"rusak")
    with pytest.raises(CadanganError, match=r"db\.dump rusak"):
        restore(folder, basis_data_kosong, tmp_path / "m")


def test_rotation_keeps_seven_days_and_four_weeks(tmp_path):
    from datetime import date, timedelta

    from sig.cadangan import rotasi

    start = date(2026, 12, 1)
    for i in range(40):  # 40 days, two backups on each day
        for jam in ("0230", "1400"):
            folder = tmp_path / f"sigdesa-{start - timedelta(days=i):%Y%m%d}T{jam}00000000Z"
            folder.mkdir()
            (folder / "manifest.json").write_text("{}")
    (tmp_path / "sigdesa-20261202T000000000000Z").mkdir()  # interrupted: no manifest, not counted
    rotasi(tmp_path, harian=7, mingguan=4)
    kept = sorted(f.name[8:21] for f in tmp_path.glob("sigdesa-*") if (f / "manifest.json").exists())
    days = [f"{start - timedelta(days=i):%Y%m%d}T1400" for i in range(7)]
    assert set(days) <= set(kept)
    weeks = {date(int(k[:4]), int(k[4:6]), int(k[6:8])).isocalendar()[:2] for k in kept}
    assert len(weeks) == 4 and len(kept) <= 7 + 4
