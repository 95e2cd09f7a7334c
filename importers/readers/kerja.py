"""What the import sandbox runs (see importers.sandbox): open an upload, send its description, then its
features chunk by chunk with geometries prepared (Arrow IPC), or a raster's checked metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from importers.readers import ImporError
from importers.readers.geometri import siapkan_geometri_potongan
from importers.readers.raster import NAMA_COG, jadikan_cog, periksa_citra, periksa_raster
from importers.readers.sumber import CHUNK, buka
from importers.sandbox.protocol import ARROW, tulis_json, tulis_pesan

KOLOM_N = "__sig_n"
KOLOM_GEOM = "__sig_geom"


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _nama_unik(names: list[str]) -> list[str]:
    """Attribute names with ours (and any repeat) moved aside by underscores, so every column stays apart."""
    dipakai = {KOLOM_N, KOLOM_GEOM}
    hasil = []
    for name in names:
        while name in dipakai:
            name += "_"
        dipakai.add(name)
        hasil.append(name)
    return hasil


def baca(permintaan: dict[str, Any], fd: int) -> None:
    sumber = buka(
        Path(permintaan["berkas"]),
        Path(permintaan["workdir"]),
        nama=permintaan["nama"],
        layer=permintaan.get("layer"),
        encoding=permintaan.get("encoding"),
        epsg=permintaan.get("epsg"),
    )
    tulis_json(fd, {"sumber": sumber.meta()})
    if sumber.format == "geotiff":
        assert sumber.path is not None
        info = periksa_raster(sumber.path)
        if permintaan.get("citra"):
            info = periksa_citra(sumber.path, info)
        if permintaan.get("cog"):
            jadikan_cog(sumber.path, Path(permintaan["workdir"]) / NAMA_COG, citra=bool(permintaan.get("citra")))
        tulis_json(fd, {"raster": info})
        return
    if sumber.epsg is None or sumber.jumlah == 0 or permintaan.get("hanya_info"):
        return
    maks = permintaan.get("maks_fitur")
    if maks and sumber.jumlah > maks:
        raise ImporError(permintaan.get("pesan_maks") or f"Berkas berisi lebih dari {maks} fitur.")
    jenis = tuple(permintaan["jenis"])
    for attrs, geoms, first in sumber.baca(int(permintaan.get("chunk") or CHUNK)):
        index = pd.RangeIndex(first, first + len(geoms))
        hasil = siapkan_geometri_potongan(geoms, index, epsg=sumber.epsg, jenis=jenis)
        try:
            attrs.validate(full=True)  # text that is not UTF-8 never leaves the sandbox
        except pa.ArrowInvalid as exc:
            raise ImporError(
                "Atribut berisi teks yang tidak dapat dibaca; pilih encoding yang benar (mis. cp1252)."
            ) from exc
        table = attrs.rename_columns(_nama_unik(attrs.column_names))
        table = table.append_column(KOLOM_N, pa.array(index.to_numpy(), pa.int64()))
        table = table.append_column(KOLOM_GEOM, pa.array(hasil.baris["geom"], pa.binary(), from_pandas=True))
        tulis_json(
            fd,
            {
                "ditolak": [m.as_dict() for m in hasil.ditolak.values()],
                "catatan": [m.as_dict() for m in hasil.catatan],
            },
        )
        tulis_pesan(fd, ARROW, _ipc(table))


FUNGSI = {"baca": baca}
