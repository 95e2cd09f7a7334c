"""Generated national boundaries for the benchmarks: a coverage of desa polygons (shared, noisy edges: ~200
vertices per desa), grouped into kecamatan, kabupaten and provinsi with Kemendagri-style codes and names, written
as a GeoPackage with the columns of the BIG boundary data (KDEPUM, WADMKD, WADMKC, WADMKK, WADMPR). No real data.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

X0, Y0, DX, DY = 100.0, -9.0, 0.06, 0.038  # ~6.6 x 4.2 km cells (~28 km², the national mean desa area)
TITIK_PER_SISI = 48  # 4 sides x 48 + 5 corners = 197 vertices per desa


def _sisi(keys: np.ndarray, amp: float) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic wiggles of edges, zero at both ends (so neighbours share them exactly)."""
    t = np.linspace(0, 1, TITIK_PER_SISI + 2)[1:-1]
    k = keys[:, None].astype(np.float64)
    wave = np.sin(t * 7.3 + k * 0.37) * 0.5 + np.sin(t * 19.1 + k * 1.13) * 0.3 + np.sin(t * 41.7 + k * 2.71) * 0.2
    return wave * np.sin(np.pi * t) * amp, t


def _poligon(nx: int, ny: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    oh, t = _sisi(np.arange(nx * (ny + 1)), DY * 0.25)
    ov, _ = _sisi(np.arange((nx + 1) * ny) + 10**7, DX * 0.25)
    grid_i, grid_j = np.meshgrid(np.arange(nx), np.arange(ny), indexing="xy")
    i, j = grid_i.ravel(), grid_j.ravel()

    def datar(ii: np.ndarray, jj: np.ndarray, balik: bool) -> tuple[np.ndarray, np.ndarray]:
        xs = X0 + (ii[:, None] + t[None, :]) * DX
        ys = Y0 + jj[:, None] * DY + oh[jj * nx + ii]
        return (xs[:, ::-1], ys[:, ::-1]) if balik else (xs, ys)

    def tegak(ii: np.ndarray, jj: np.ndarray, balik: bool) -> tuple[np.ndarray, np.ndarray]:
        ys = Y0 + (jj[:, None] + t[None, :]) * DY
        xs = X0 + ii[:, None] * DX + ov[ii * ny + jj]
        return (xs[:, ::-1], ys[:, ::-1]) if balik else (xs, ys)

    def sudut(ii: np.ndarray, jj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (X0 + ii * DX)[:, None], (Y0 + jj * DY)[:, None]

    ring = [
        sudut(i, j),
        datar(i, j, False),
        sudut(i + 1, j),
        tegak(i + 1, j, False),
        sudut(i + 1, j + 1),
        datar(i, j + 1, True),
        sudut(i, j + 1),
        tegak(i, j, True),
        sudut(i, j),
    ]
    xs = np.concatenate([s[0] for s in ring], axis=1)
    ys = np.concatenate([s[1] for s in ring], axis=1)
    per = xs.shape[1]
    rings = shapely.linearrings(np.stack([xs.ravel(), ys.ravel()], axis=1), indices=np.repeat(np.arange(len(i)), per))
    return shapely.polygons(rings), i, j


def _nomor(groups: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """1-based number of each group within its parent, in order of first appearance."""
    pairs = sorted(set(zip(parent.tolist(), groups.tolist(), strict=True)))
    seen: dict[int, int] = {}
    nomor: dict[tuple[int, int], int] = {}
    for p, g in pairs:
        seen[p] = seen.get(p, 0) + 1
        nomor[(p, g)] = seen[p]
    return np.array([nomor[(p, g)] for p, g in zip(parent.tolist(), groups.tolist(), strict=True)])


def buat_desa(n: int = 83_200) -> gpd.GeoDataFrame:
    """About `n` desa (ratio 400 x 208 cells at the national size) with codes, names and hierarchy."""
    ny = max(3, round(math.sqrt(n * 208 / 400)))
    nx = max(4, round(n / ny))
    geoms, i, j = _poligon(nx, ny)
    kec = (j // 3) * 1000 + i // 4  # 4 x 3 desa per kecamatan
    kab = (j // 12) * 1000 + i // 16  # 4 x 4 kecamatan per kabupaten
    prov = (j // 36) * 100 + i // 64  # 4 x 3 kabupaten per provinsi
    prov_ids = {p: 11 + k for k, p in enumerate(sorted(set(prov.tolist())))}
    prov_kode = np.array([prov_ids[p] for p in prov.tolist()])
    kab_no, kec_no = _nomor(kab, prov), _nomor(kec, kab)
    desa_no = _nomor(j * 100_000 + i, kec)
    kelurahan = (desa_no % 10) == 0
    kode = [
        f"{p:02d}.{b:02d}.{c:02d}.{1 if k else 2}{d:03d}"
        for p, b, c, d, k in zip(prov_kode, kab_no, kec_no, desa_no, kelurahan, strict=True)
    ]
    return gpd.GeoDataFrame(
        {
            "KDEPUM": kode,
            "WADMKD": [f"Désa Buatan {k[-7:]}" for k in kode],
            "WADMKC": [f"Kecamatan {k[:8]}" for k in kode],
            "WADMKK": [f"Kabupaten {k[:5]}" for k in kode],
            "WADMPR": [f"Provinsi {k[:2]}" for k in kode],
        },
        geometry=geoms,
        crs=4326,
    )


def tulis_gpkg(frame: gpd.GeoDataFrame, folder: Path) -> Path:
    path = folder / "desa_nasional.gpkg"
    frame.to_file(path, layer="desa", driver="GPKG", engine="pyogrio")
    return path
