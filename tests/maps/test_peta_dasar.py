"""Basemaps declared once: checked at start, the CSP follows, every map gets the same configuration."""

from __future__ import annotations

import json

import pytest

from sig import peta_dasar


def test_added_basemaps_are_checked():
    drone = {"kode": "foto-udara", "nama": "Foto udara 2026", "url": "https://citra.example.id/{z}/{x}/{y}.jpg"}
    daftar = peta_dasar.baca(json.dumps([drone]))
    assert [d["kode"] for d in daftar] == ["osm", "foto-udara"] and daftar[1]["maks_zoom"] == 19
    for salah, pesan in (
        ("{", "bukan JSON"),
        ('{"kode": "x"}', "daftar"),
        (json.dumps([{**drone, "url": "http://citra.example.id/{z}/{x}/{y}.jpg"}]), "https"),
        (json.dumps([{**drone, "url": "https://citra.example.id/tile.jpg"}]), "{z}"),
        (json.dumps([{**drone, "kode": "osm"}]), "ganda"),
        (json.dumps([{**drone, "kode": "Foto Udara"}]), "tidak sah"),
        (json.dumps([{**drone, "maks_zoom": 40}]), "maks_zoom"),
    ):
        with pytest.raises(peta_dasar.PetaDasarSalah, match=pesan):
            peta_dasar.baca(salah)


def test_csp_image_sources_follow_the_basemaps():
    daftar = peta_dasar.baca(json.dumps([{"kode": "a", "url": "https://{s}.tiles.example.id/{z}/{x}/{y}.png"}]))
    assert peta_dasar.asal_gambar(daftar) == ["https://tile.openstreetmap.org", "https://*.tiles.example.id"]


@pytest.mark.django_db
def test_every_page_hands_the_same_configuration_to_its_maps(client):
    response = client.get("/peta/")
    html = response.content.decode()
    start = html.index(">", html.index('id="sig-peta-konfigurasi"')) + 1
    konf = json.loads(html[start : html.index("</script>", start)])
    assert konf["dasar"][0]["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert konf["awal"]["pusat"] == [-7.2, 107.9]
    assert "https://tile.openstreetmap.org" in response["Content-Security-Policy"]


def test_no_map_script_names_a_basemap_of_its_own():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    skrip = [*(root / "maps/static/maps").glob("*.js"), *(root / "sig/static/sig").glob("*.js")]
    assert skrip and not [p.name for p in skrip if "openstreetmap" in p.read_text() or "107.9" in p.read_text()]
