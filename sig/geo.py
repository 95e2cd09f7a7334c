"""Geometries from user text (GeoJSON/WKT) for forms and APIs, parsed by GEOS only; CRS rules live in
sig.crs (a `crs` member other than WGS 84 is refused, never resolved by GDAL)."""

from __future__ import annotations

import json
import re
from typing import Any

import shapely
import shapely.geometry
from django.contrib.gis import forms
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError

from sig.teks import MAKS_KEDALAMAN_JSON, MAKS_KEDALAMAN_WKT, kedalaman

_HEX = re.compile(r"[0-9A-Fa-f]+")
GEOJSON_TYPES = {"Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"}


WGS84_NAMES = {"EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "OGC:CRS84"}


class CrsGeometriAsing(ValueError):
    """A geometry that declares a CRS other than WGS 84."""


def _from_geojson(text: str) -> GEOSGeometry:
    """GeoJSON geometry via shapely (GEOS only): no `crs` member or other text ever reaches GDAL/OGR."""
    data = json.loads(text)
    crs = data.get("crs") if isinstance(data, dict) else None
    if crs is not None:  # legacy GeoJSON CRS: only WGS 84 names, checked as text (never resolved by GDAL)
        name = str(((crs or {}).get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
        if name not in WGS84_NAMES:
            raise CrsGeometriAsing(name)
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in GEOJSON_TYPES or "coordinates" not in data:
        raise ValueError("bukan geometri GeoJSON")
    geom = shapely.geometry.shape({"type": data["type"], "coordinates": data["coordinates"]})
    return GEOSGeometry(memoryview(shapely.to_wkb(geom, include_srid=False)), srid=4326)


def baca_geometri(value: Any) -> GEOSGeometry:
    """A GEOSGeometry in EPSG:4326 from GEOS, GeoJSON or WKT; ValidationError otherwise. The text is bounded
    (length, nesting) before any parser sees it: GEOS and json recurse per level."""
    if isinstance(value, GEOSGeometry):
        geom = value.clone()
    else:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError({"geometri": "Lokasi wajib digambar di peta."})
        if len(value) > 5_000_000:
            raise ValidationError({"geometri": "Geometri terlalu besar (lebih dari 5 juta karakter)."})
        if _HEX.fullmatch(value.strip()):  # (E)WKB hex: nesting cannot be bounded before GEOS reads it
            raise ValidationError({"geometri": "Kirim geometri sebagai GeoJSON atau WKT."})
        json_like = value.lstrip().startswith("{")
        limit = MAKS_KEDALAMAN_JSON if json_like else MAKS_KEDALAMAN_WKT
        if kedalaman(value) > limit:
            raise ValidationError({"geometri": f"Geometri bersarang terlalu dalam (lebih dari {limit} tingkat)."})
        try:
            geom = _from_geojson(value) if json_like else GEOSGeometry(value)
        except CrsGeometriAsing as exc:
            raise ValidationError(
                {"geometri": "Geometri harus dalam koordinat lintang/bujur WGS 84 (EPSG:4326); CRS lain ditolak."}
            ) from exc
        except (
            GEOSException,
            ValueError,
            TypeError,
            IndexError,
            AttributeError,
            RecursionError,
            shapely.errors.GEOSException,
        ) as exc:
            raise ValidationError({"geometri": "Geometri tidak dapat dibaca (GeoJSON/WKT)."}) from exc
    if geom.srid is None:
        geom.srid = 4326
    if geom.srid != 4326:
        raise ValidationError({"geometri": "Geometri harus dalam koordinat lintang/bujur WGS 84 (EPSG:4326)."})
    return geom


class GeometriAmanField(forms.GeometryField):
    """GeoDjango's form field (admin map widgets), reading text through baca_geometri: bounded, GEOS only."""

    def to_python(self, value: Any) -> GEOSGeometry | None:
        if value in self.empty_values:
            return None
        try:
            return baca_geometri(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages, code="invalid_geom") from exc
