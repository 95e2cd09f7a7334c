"""Features as a download: GeoJSON, GeoPackage, zipped shapefile (one per geometry kind), KML or CSV with WKT,
every text cell formula-safe (a spreadsheet never runs what a user typed)."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from django.http import FileResponse

from sig.teks import NAMA_JENIS

FORMATS = {
    "geojson": ("GeoJSON", "application/geo+json"),
    "gpkg": ("GPKG", "application/geopackage+sqlite3"),
    "shp": ("ESRI Shapefile", "application/zip"),
    "kml": ("KML", "application/vnd.google-earth.kml+xml"),
    "csv": (None, "text/csv; charset=utf-8"),
}
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def aman_sel(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA) else value


def aman_formula(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of the frame, and every column name (the header row), through aman_sel."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(aman_sel)
    out.columns = [aman_sel(str(c)) for c in out.columns]
    return out


def tulis(frame: gpd.GeoDataFrame, fmt: str, folder: Path, nama: str) -> Path:
    driver = FORMATS[fmt][0]
    if fmt == "csv":
        path = folder / f"{nama}.csv"
        table = aman_formula(pd.DataFrame(frame.drop(columns="geometry")))
        table["wkt"] = shapely.to_wkt(frame.geometry.values, rounding_precision=7)
        table.to_csv(path, index=False, encoding="utf-8-sig")
        return path
    if fmt == "shp":
        parts = folder / nama
        parts.mkdir()
        kinds = frame.geometry.geom_type.str.removeprefix("Multi")
        for kind in sorted(set(kinds)) or ["Point"]:
            subset = frame[kinds == kind]
            pyogrio.write_dataframe(
                subset,
                parts / f"{nama}_{NAMA_JENIS.get(kind, kind)}.shp",
                driver=driver,
                encoding="UTF-8",
                promote_to_multi=kind != "Point",
            )
        archive = folder / f"{nama}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(parts.iterdir()):
                zf.write(f, f.name)
        return archive
    suffix = {"geojson": ".geojson", "gpkg": ".gpkg", "kml": ".kml"}[fmt]
    path = folder / f"{nama}{suffix}"
    extra = {"geometry_type": "Unknown"} if fmt == "gpkg" else {}
    pyogrio.write_dataframe(frame, path, driver=driver, layer=nama, **extra)
    return path


def berkas_unduhan(frame: gpd.GeoDataFrame, fmt: str, nama: str) -> FileResponse:
    """Write `frame` in `fmt` to a private temporary folder and stream it as an attachment."""
    folder = Path(tempfile.mkdtemp(prefix="sigdesa-ekspor-"))
    try:
        path = tulis(frame, fmt, folder, nama)
        handle = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
    finally:
        # The open handle keeps the data readable after the folder is gone (POSIX).
        shutil.rmtree(folder, ignore_errors=True)
    return FileResponse(handle, as_attachment=True, filename=path.name, content_type=FORMATS[fmt][1])
