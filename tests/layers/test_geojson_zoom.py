"""GeoJSON for a map at a zoom: coordinates carry only the decimals that zoom can show (fewer bytes)."""

from __future__ import annotations

import json
import re

import pytest

from layers.selectors import desimal_zoom


def desimal(body: bytes) -> int:
    coords = json.loads(body)["features"][0]["geometry"]["coordinates"]
    flat = re.findall(r"-?\d+\.(\d+)", json.dumps(coords))
    return max(len(d) for d in flat)


@pytest.mark.django_db
def test_coordinates_are_quantised_to_the_zoom(client, wilayah, lahan_a):
    from django.contrib.gis.geos import MultiPolygon, Polygon

    ring = ((107.8112345, -7.2512345), (107.8187654, -7.2512345), (107.8187654, -7.2587654), (107.8112345, -7.2512345))
    type(lahan_a).objects.filter(pk=lahan_a.pk).update(geometri=MultiPolygon(Polygon(ring), srid=4326))
    full = client.get("/lapisan/lahan-pertanian.geojson")
    far = client.get("/lapisan/lahan-pertanian.geojson?zoom=10")
    near = client.get("/lapisan/lahan-pertanian.geojson?zoom=18")
    assert full.status_code == far.status_code == near.status_code == 200
    assert desimal(far.content) <= 4 < desimal(near.content) <= 6
    assert len(far.content) < len(full.content)
    assert [desimal_zoom(z) for z in (None, 4, 10, 14, 18, 22)] == [7, 2, 4, 5, 6, 7]
