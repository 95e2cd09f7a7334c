"""Internal attributes are declared once on the model (LahanPertanian.atribut_internal) and every path agrees:
tenure (penguasaan) for staff of the desa and planners, the tiller's name (penggarap) only for those who may
change the parcel. The test walks every path that shows a parcel, for every role, and compares."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import mapbox_vector_tile
import pytest
from django.test import Client

from tests.factories import UserFactory

PENGGARAP = "Pak Ujang Sutisna"
LIHAT = {"op_a", "perencana", "camat", "super"}  # penguasaan
UBAH = {"op_a", "camat", "super"}  # penggarap


@pytest.fixture
def peran(pengguna, wilayah) -> dict[str, Any]:
    from sig.akun.models import Peran

    camat_lain = UserFactory(email="camat.lain2@contoh.id", peran=Peran.ADMIN_KECAMATAN)
    camat_lain.kecamatan_kerja.add(wilayah.kecamatan_lain)
    return {
        "anon": None,
        "warga": pengguna.warga,
        "op_a": pengguna.operator_a,
        "op_b": pengguna.operator_b,
        "perencana": pengguna.perencana,
        "camat": pengguna.admin_kecamatan,
        "camat_lain": camat_lain,
        "super": pengguna.superadmin,
    }


def _fitur(data: Any, pk: int) -> dict[str, Any] | None:
    """The properties of feature `pk` anywhere in a JSON answer (FeatureCollection, paged list, one feature)."""
    if isinstance(data, dict):
        props = data.get("properties") or {}
        if data.get("type") == "Feature" and str(pk) in (str(data.get("id")), str(props.get("id"))):
            return props
        for value in data.values():
            found = _fitur(value, pk)
            if found is not None:
                return found
    if isinstance(data, list):
        for item in data:
            found = _fitur(item, pk)
            if found is not None:
                return found
    return None


def _json(body: bytes, pk: int) -> set[str] | None:
    props = _fitur(json.loads(body), pk)
    # A key left null on rows of another desa (one SQL for all rows) shows nothing.
    return None if props is None else {k for k in ("penguasaan", "penggarap") if props.get(k) is not None}


def _csv(body: bytes, pk: int) -> set[str] | None:
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return {k for k in ("penguasaan", "penggarap") if k in header}


def _html(body: bytes, pk: int) -> set[str] | None:
    page = body.decode()
    seen = set()
    if 'name="penguasaan"' in page or "field-penguasaan" in page:
        seen.add("penguasaan")
    if PENGGARAP in page or 'name="penggarap"' in page:
        seen.add("penggarap")
    return seen


def _cari(body: bytes, pk: int) -> set[str] | None:
    """A search by the tiller's name must find the parcel only for those who may see the name."""
    return {"penggarap"} if f"/kelola/lahan/{pk}/" in body.decode() else set()


def _tile(body: bytes, pk: int) -> set[str] | None:
    layers = mapbox_vector_tile.decode(body)
    props = [f["properties"] for layer in layers.values() for f in layer["features"]]
    return {k for p in props for k in ("penguasaan", "penggarap") if k in p} if props else None


@pytest.mark.django_db
def test_every_path_agrees_on_internal_attributes(peran, lahan_a, wilayah):
    from tests.layers.test_lapisan import tile_of

    lahan_a.penggarap = PENGGARAP
    lahan_a.save()
    record = lahan_a.history.latest()
    pk, kode = lahan_a.pk, wilayah.desa_a.kode
    z, x, y = tile_of(107.815, -7.255, 15)
    paths = {
        "api daftar": (f"/api/lahan/?desa={wilayah.desa_a.pk}", _json),
        "api satu": (f"/api/lahan/{pk}/", _json),
        "ekspor geojson": (f"/ekspor/lahan/{kode}.geojson", _json),
        "ekspor csv": (f"/ekspor/lahan/{kode}.csv", _csv),
        "lapisan geojson": ("/lapisan/lahan-pertanian.geojson", _json),
        "lapisan unduh": ("/lapisan/lahan-pertanian/unduh.geojson", _json),
        "ogc items": ("/ogc/collections/lahan-pertanian/items", _json),
        "ogc item": (f"/ogc/collections/lahan-pertanian/items/{pk}", _json),
        "tile": (f"/tiles/lahan-pertanian/{z}/{x}/{y}.pbf", _tile),
        "kelola form": (f"/kelola/lahan/{pk}/", _html),
        "kelola cari": ("/kelola/lahan/?q=Ujang+Sutisna", _cari),
        "admin ubah": (f"/admin/assets/lahanpertanian/{pk}/change/", _html),
        "admin riwayat": (f"/admin/assets/lahanpertanian/{pk}/history/{record.history_id}/", _html),
    }
    differences, reached = [], set()
    for role, user in peran.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        expected = {"penguasaan"} & ({"penguasaan"} if role in LIHAT else set())
        expected |= {"penggarap"} if role in UBAH else set()
        for name, (url, extract) in paths.items():
            response = client.get(url)
            if response.status_code != 200:
                continue
            body = b"".join(response.streaming_content) if response.streaming else response.content
            seen = extract(body, pk)
            if seen is None:  # the parcel itself is not in this answer for this role
                continue
            reached.add((name, role))
            want = expected if name not in {"tile", "kelola cari"} else expected & {"penggarap"}
            if name == "tile":
                want = set()  # tiles carry only the map's colouring attributes
            if seen != want:
                differences.append(f"{name} / {role}: terlihat {sorted(seen)}, seharusnya {sorted(want)}")
    assert not differences, "\n".join(differences)
    for name in paths:
        assert (name, "super") in reached or (name == "tile" and (name, "anon") in reached), f"{name} tidak teruji"
    assert ("api satu", "perencana") in reached and ("kelola form", "perencana") in reached
