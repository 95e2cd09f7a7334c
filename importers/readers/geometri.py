"""Geometries of one chunk, vectorised (shapely 2): 2D, in EPSG:4326, valid, of an accepted kind, inside
Indonesia. Runs in the import sandbox, so what reaches the parent is plain (Multi)Point/LineString/Polygon."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyproj
import shapely

from importers.readers import ImporError, Masalah
from sig.crs import INDONESIA_BBOX
from sig.teks import NAMA_JENIS, alasan_geometri


@dataclass
class HasilGeometri:
    baris: pd.DataFrame  # n (index) and geom (EWKB bytes: GEOS writes hex ~10x slower; the parent hexes them)
    ditolak: dict[int, Masalah] = field(default_factory=dict)
    catatan: list[Masalah] = field(default_factory=list)


def siapkan_geometri_potongan(
    geoms: np.ndarray, index: pd.Index, *, epsg: int, jenis: tuple[str, ...]
) -> HasilGeometri:
    """2D, in EPSG:4326, valid (repaired with a notice), of an accepted kind, inside Indonesia."""
    rejects: dict[int, Masalah] = {}
    notes: list[Masalah] = []
    array = np.asarray(geoms, dtype=object)
    empty = shapely.is_missing(array) | shapely.is_empty(array)
    for n in index[empty]:
        rejects[int(n)] = Masalah("baris", "Geometri kosong.", int(n))
    array = array.copy()
    array[empty] = None
    array = shapely.force_2d(array)
    if epsg != 4326:
        transformer = pyproj.Transformer.from_crs(epsg, 4326, always_xy=True)
        array = shapely.transform(array, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))
    _periksa_letak(array, index, rejects, epsg)
    invalid = ~empty & ~shapely.is_valid(array)
    if invalid.any():
        reasons = shapely.is_valid_reason(array[invalid])
        array[invalid] = shapely.make_valid(array[invalid])
        for n, reason in zip(index[invalid], reasons, strict=True):
            notes.append(
                Masalah("nilai", f"Geometri tidak valid ({alasan_geometri(reason)}) diperbaiki.", int(n), "geometri")
            )
    kinds = _base_kinds(array, jenis)
    for n, kind in zip(index, kinds, strict=True):
        if int(n) in rejects:
            continue
        if kind is None:
            rejects[int(n)] = Masalah("baris", "Geometri campuran/kosong setelah perbaikan.", int(n), "geometri")
        elif kind not in jenis:
            allowed = ", ".join(NAMA_JENIS[k] for k in jenis)
            rejects[int(n)] = Masalah(
                "baris",
                f"Jenis geometri {NAMA_JENIS.get(kind, kind)} tidak diterima; tujuan ini menerima {allowed}.",
                int(n),
                "geometri",
            )
    array = _ambil_jenis(array, kinds)
    array[index.isin(list(rejects))] = None  # only plain, accepted geometries leave the sandbox
    array = shapely.set_srid(array, 4326)
    wkb = shapely.to_wkb(array, include_srid=True)
    return HasilGeometri(baris=pd.DataFrame({"geom": wkb}, index=index), ditolak=rejects, catatan=notes)


def _periksa_letak(array: np.ndarray, index: pd.Index, rejects: dict[int, Masalah], epsg: int) -> None:
    bounds = shapely.bounds(array)
    ok = ~np.isnan(bounds[:, 0])
    if not ok.any():
        return
    minx, miny, maxx, maxy = bounds[:, 0], bounds[:, 1], bounds[:, 2], bounds[:, 3]
    inside = (
        (minx >= INDONESIA_BBOX[0])
        & (maxx <= INDONESIA_BBOX[2])
        & (miny >= INDONESIA_BBOX[1])
        & (maxy <= INDONESIA_BBOX[3])
    )
    metres = ok & ((np.abs(maxx) > 180) | (np.abs(maxy) > 90))
    swapped = (
        ok
        & ~inside
        & (minx >= INDONESIA_BBOX[1])
        & (maxx <= INDONESIA_BBOX[3])
        & (miny >= INDONESIA_BBOX[0])
        & (maxy <= INDONESIA_BBOX[2])
    )
    zero = ok & (np.abs(minx) < 1e-9) & (np.abs(miny) < 1e-9) & (np.abs(maxx) < 1e-9) & (np.abs(maxy) < 1e-9)
    outside = ok & ~inside
    if swapped.sum() > ok.sum() / 2:
        raise ImporError(
            "Lintang dan bujur tertukar: koordinat x berada di rentang lintang Indonesia. "
            "Tukar kolom lintang/bujur atau pilih CRS yang benar."
        )
    if metres.sum() > ok.sum() / 2:
        raise ImporError(
            f"Koordinat berupa meter (mis. {maxx[metres][0]:.0f}, {maxy[metres][0]:.0f}) sedangkan CRS "
            f"berkas EPSG:{epsg} memakai derajat. Pilih CRS yang benar (mis. UTM 48S, EPSG:32748)."
        )
    if (outside & ~zero).sum() > ok.sum() / 2:
        raise ImporError(f"Sebagian besar fitur berada di luar Indonesia dengan CRS EPSG:{epsg}; periksa CRS berkas.")
    for n in index[zero]:
        rejects.setdefault(int(n), Masalah("baris", "Koordinat (0,0): lokasi belum diisi.", int(n), "geometri"))
    for n in index[outside & ~zero]:
        rejects.setdefault(int(n), Masalah("baris", "Fitur berada di luar Indonesia.", int(n), "geometri"))


NAMES = {0: "Point", 1: "LineString", 2: "LineString", 3: "Polygon", 4: "Point", 5: "LineString", 6: "Polygon"}
MULTI = {"Point": shapely.multipoints, "LineString": shapely.multilinestrings, "Polygon": shapely.multipolygons}


def _base_kinds(array: np.ndarray, jenis: tuple[str, ...]) -> list[str | None]:
    type_ids = shapely.get_type_id(array)
    kinds: list[str | None] = [NAMES.get(int(t)) for t in type_ids]
    for i in np.flatnonzero(type_ids == 7):  # collections, e.g. from make_valid: keep the accepted kind if present
        parts = {NAMES[int(t)] for t in shapely.get_type_id(shapely.get_parts(array[i])) if int(t) in NAMES}
        wanted = [k for k in jenis if k in parts]
        kinds[i] = wanted[0] if wanted else (parts.pop() if len(parts) == 1 else None)
    return kinds


def _ambil_jenis(array: np.ndarray, kinds: list[str | None]) -> np.ndarray:
    """Collections are reduced to their parts of the accepted kind; Multi promotion happens in SQL."""
    out = array.copy()
    for i in np.flatnonzero(shapely.get_type_id(array) == 7):
        kind = kinds[i]
        parts = [g for g in shapely.get_parts(array[i]) if NAMES.get(int(shapely.get_type_id(g))) == kind]
        out[i] = MULTI[kind](parts) if kind and parts else None
    return out
