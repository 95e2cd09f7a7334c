"""CRS text from users is resolved by pyproj against an allow-list (the rule behind silencing gis.W001)."""

import pyproj
import pytest

from sig.crs import ALLOWED_EPSG, CrsError, resolve_epsg, utm_epsg_for


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4326, 4326),
        ("EPSG:32748", 32748),
        ("4755", 4755),
        (pyproj.CRS(23878), 23878),
        (pyproj.CRS(32749).to_wkt(), 32749),
        (pyproj.CRS(23834).to_wkt("WKT1_ESRI"), 23834),
        ("+proj=utm +zone=48 +south +datum=WGS84 +units=m +no_defs", 32748),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", 4326),
    ],
)
def test_allowed_crs_resolve_to_epsg(value, expected):
    assert resolve_epsg(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "tidak diketahui"),
        ("", "tidak diketahui"),
        (3035, "tidak didukung"),
        ("EPSG:2154", "tidak didukung"),
        ("/vsicurl/http://169.254.169.254/latest", "ditolak"),
        ("PG:dbname=sigdesa", "ditolak"),
        ("+proj=longlat +init=epsg:4326", "ditolak"),
        ("+proj=utm +zone=48 +nadgrids=@null", "ditolak"),
        ("file:///etc/passwd", "ditolak"),
        ("../../etc/passwd", "ditolak"),
        ("bukan crs", "tidak dapat dibaca"),
        ('LOCAL_CS["arbitrary"]', "tidak"),
        (True, "tidak valid"),
        ("x" * 30000, "ditolak"),
    ],
)
def test_bad_or_dangerous_crs_text_is_refused(value, message):
    with pytest.raises(CrsError, match=message):
        resolve_epsg(value)


def test_allow_list_covers_indonesian_utm_and_tm3():
    for zone in range(46, 55):
        assert 32700 + zone in ALLOWED_EPSG and 32600 + zone in ALLOWED_EPSG
    assert {4755, 23830, 23845, 23866, 23884} <= set(ALLOWED_EPSG)


def test_utm_zone_for_garut_and_papua():
    assert utm_epsg_for(107.85, -7.2) == 32748
    assert utm_epsg_for(140.7, -2.5) == 32754
    assert utm_epsg_for(95.3, 5.5) == 32646


def test_gis_w001_is_silenced_only_with_the_rule_in_place():
    from django.conf import settings

    assert "gis.W001" in settings.SILENCED_SYSTEM_CHECKS
