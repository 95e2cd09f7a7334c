"""The demo generator: the real 13 desa of Samarang tiling their kecamatan, dusun inside desa, logins per role,
deterministic; fictional kecamatan beside it for benchmarks."""

import hashlib
import json
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import connection

from sig import demo
from sig.akun.models import Peran, User
from sig.wilayah.models import Desa, Dusun, Kecamatan


def fingerprint() -> str:
    digest = hashlib.sha256()
    for kode, wkb in Desa.objects.order_by("kode").values_list("kode", "batas"):
        digest.update(kode.encode() + bytes(wkb.wkb))
    for nama, wkb in Dusun.objects.order_by("desa__kode", "nomor").values_list("nama", "batas"):
        digest.update(nama.encode() + bytes(wkb.wkb))
    return digest.hexdigest()


def kosongkan_wilayah() -> None:
    """Remove the territory and everything that hangs on it (village data is PROTECTed per desa)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE wilayah_kecamatan, wilayah_desa, wilayah_dusun CASCADE")


def scalar(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_demo_kecamatan_is_tiled_by_its_desa(capsys):
    call_command("demo")
    kecamatan = Kecamatan.objects.get(kode="32.05.07")
    assert kecamatan.nama == "Samarang" and kecamatan.kabupaten.nama == "Garut"
    assert kecamatan.desa.count() == 13
    total = sum(float(d.luas_ha) for d in kecamatan.desa.all())
    assert total == pytest.approx(float(kecamatan.luas_ha), rel=5e-4)
    overlap = scalar(
        "SELECT coalesce(sum(ST_Area(ST_Intersection(a.batas, b.batas)::geography)), 0) FROM wilayah_desa a "
        "JOIN wilayah_desa b ON a.id < b.id AND ST_Intersects(a.batas, b.batas)"
    )
    assert overlap < 0.0005 * float(kecamatan.luas_ha) * 10_000  # m²: the real source's slivers (0.02%)
    gap = scalar(
        "SELECT ST_Area(ST_Difference(k.batas, (SELECT ST_Union(batas) FROM wilayah_desa))::geography) "
        "FROM wilayah_kecamatan k WHERE kode = '32.05.07'"
    )
    assert gap < 0.0005 * float(kecamatan.luas_ha) * 10_000  # m²: slivers between the real desa
    assert 8000 > total / 13 > 200  # village-sized: 2-80 km² each
    out = capsys.readouterr().out
    assert "13 desa" in out and demo.PASSWORD in out and "operator.samarang@demo.sigdesa.id" in out


@pytest.mark.django_db
def test_demo_dusun_lie_in_their_desa():
    demo.generate()
    for desa in Desa.objects.all():
        assert 3 <= desa.dusun.count() <= 5
        total = sum(float(d.luas_ha) for d in desa.dusun.all())
        assert total == pytest.approx(float(desa.luas_ha), rel=1e-3)
    assert Dusun.objects.filter(nama="Kaler").count() == 13


@pytest.mark.django_db
def test_demo_logins_per_role(client):
    report = demo.generate()
    roles = {User.objects.get(email=email).peran for _, email, _ in report.logins}
    assert roles == {Peran.SUPERADMIN, Peran.ADMIN_KECAMATAN, Peran.PERENCANA, Peran.OPERATOR, Peran.WARGA}
    assert EmailAddress.objects.filter(verified=True).count() == len(report.logins)
    operator = User.objects.get(email="operator.samarang@demo.sigdesa.id")
    assert [d.nama for d in operator.desa_kerja.all()] == ["Samarang"]
    client.post("/akun/login/", {"login": operator.email, "password": demo.PASSWORD})
    assert client.session["_auth_user_id"] == str(operator.pk)


REAL_DESA = {
    "32.05.07.2001": "Samarang",
    "32.05.07.2002": "Cintarakyat",
    "32.05.07.2003": "Sukarasa",
    "32.05.07.2004": "Parakan",
    "32.05.07.2005": "Sukakarya",
    "32.05.07.2006": "Cintakarya",
    "32.05.07.2007": "Tanjung Karya",
    "32.05.07.2008": "Cisarua",
    "32.05.07.2009": "Cintarasa",
    "32.05.07.2010": "Cintaasih",
    "32.05.07.2011": "Sirnasari",
    "32.05.07.2012": "Sukalaksana",
    "32.05.07.2013": "Tanjunganom",
}


@pytest.mark.django_db
def test_demo_desa_carry_real_names_codes_and_boundaries():
    demo.generate()
    assert dict(Desa.objects.values_list("kode", "nama")) == REAL_DESA
    # The shipped copy is the real boundary (to the 1e-6° it was rounded to).
    shared = Path(__file__).resolve().parents[2] / "shared" / "data" / "samarang_desa.geojson"
    if shared.exists():
        for feature in json.loads(shared.read_text())["features"]:
            distance = scalar(
                "SELECT ST_HausdorffDistance(batas, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)) FROM wilayah_desa "
                "WHERE kode = %s",
                (json.dumps(feature["geometry"]), feature["properties"]["kode"]),
            )
            assert distance < 1e-5
    source = demo.SAMARANG.parent / "LICENSE-wilayah_boundaries.txt"
    assert "MIT License" in source.read_text() and "cahya dsn" in source.read_text()


@pytest.mark.django_db
def test_demo_refuses_a_database_that_already_has_samarang():
    demo.generate()
    with pytest.raises(ValueError, match="Samarang"):
        demo.generate(seed=9)


@pytest.mark.django_db
def test_demo_is_deterministic_per_seed():
    demo.generate(seed=7)
    first = fingerprint()
    kosongkan_wilayah()
    demo.generate(seed=7)
    assert fingerprint() == first
    kosongkan_wilayah()
    demo.generate(seed=8)
    assert fingerprint() != first


@pytest.mark.django_db
def test_demo_scales_and_loads_only_once(capsys):
    call_command("demo", "--kecamatan", "2", "--desa", "40")
    assert Kecamatan.objects.count() == 2 and Desa.objects.count() == 13 + 40
    assert not scalar(
        "SELECT count(*) FROM wilayah_kecamatan a JOIN wilayah_kecamatan b ON a.id < b.id "
        "AND ST_Area(ST_Intersection(a.batas, b.batas)) > 0"
    )
    call_command("demo", "--once")
    assert "sudah ada" in capsys.readouterr().out
    assert Desa.objects.count() == 53


@pytest.mark.django_db
def test_demo_refuses_silly_sizes():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="1–9"):
        call_command("demo", "--kecamatan", "0")
    assert not Kecamatan.objects.exists()
