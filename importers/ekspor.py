"""Export a desa's village data as GeoJSON, GeoPackage, zipped shapefile, KML or CSV (formula-safe),
with the same field names the importer understands (so files round-trip)."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from django.http import FileResponse, Http404

from importers.targets import IMPORTERS
from sig.akun import scope
from sig.akun.scope import Action
from sig.wilayah.models import Desa

if TYPE_CHECKING:
    from sig.akun.models import AnyUser

FORMATS = {
    "geojson": ("GeoJSON", "application/geo+json"),
    "gpkg": ("GPKG", "application/geopackage+sqlite3"),
    "shp": ("ESRI Shapefile", "application/zip"),
    "kml": ("KML", "application/vnd.google-earth.kml+xml"),
    "csv": (None, "text/csv; charset=utf-8"),
}
FORMULA = ("=", "+", "-", "@", "\t", "\r")
KIND = {"Point": "titik", "LineString": "garis", "Polygon": "poligon"}


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


def data_desa(user: AnyUser, target: str, desa: Desa) -> gpd.GeoDataFrame:
    importer = IMPORTERS.get(target)
    if importer is None:
        raise Http404
    hidden = scope.atribut_tersembunyi(user, importer.model, desa_id=desa.pk)
    fields = [k.nama for k in importer.kolom if k.nama not in hidden]
    qs = scope.filter_queryset(user, Action.VIEW, importer.model._default_manager.filter(desa=desa)).order_by("pk")
    rows = list(qs.values("id", *fields, "geometri"))
    geoms = [shapely.from_wkb(bytes(r.pop("geometri").wkb)) for r in rows]
    frame = pd.DataFrame(rows, columns=["id", *fields])
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: float(v) if hasattr(v, "as_tuple") else v)
    return gpd.GeoDataFrame(frame, geometry=geoms, crs=4326)


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
                parts / f"{nama}_{KIND.get(kind, kind)}.shp",
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


def unduh(user: AnyUser, target: str, kode: str, fmt: str) -> FileResponse:
    if fmt not in FORMATS:
        raise Http404("Format unduhan tidak dikenal; pilih geojson, gpkg, shp, kml atau csv.")
    desa = Desa.objects.filter(kode=kode).first()
    if desa is None:
        raise Http404
    return berkas_unduhan(data_desa(user, target, desa), fmt, f"{target}_{kode.replace('.', '')}")


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
