"""The import request travels form → run → background job unchanged: every option declared once."""

from dataclasses import fields

import pytest

from importers.models import ImportRun
from importers.permintaan import OPSI, Permintaan, folder_unggahan


@pytest.mark.django_db
def test_every_option_survives_the_trip_through_a_stored_run(pengguna, wilayah):
    p = Permintaan(
        berkas=folder_unggahan() / "abc.unggahan",
        nama_berkas="persil desa.zip",
        target="survei",
        by=pengguna.operator_a,
        desa=wilayah.desa_a,
        dry_run=True,
        pemetaan={"kode": "KODE"},
        epsg=32748,
        encoding="cp1252",
        layer="persil",
        ketat=True,
        ganti=True,
        paksa=True,
        nama_lapisan="Jalan desa",
        jenis_raster="dem",
        publik=True,
        tingkat="desa",
        kabupaten_nama="Garut",
        provinsi="Jawa Barat",
    )
    run = p.to_run()
    run.save()
    stored = ImportRun.objects.get(pk=run.pk)
    assert stored.dibuat_oleh == pengguna.operator_a and stored.desa == wilayah.desa_a and stored.dry_run
    assert stored.opsi["berkas"] == "abc.unggahan" and stored.opsi["epsg"] == 32748
    assert Permintaan.from_run(stored) == p
    # Every field but the run's own columns is an option stored on the run; none is forgotten.
    assert set(OPSI) | {"berkas", "nama_berkas", "target", "by", "desa", "dry_run"} == {f.name for f in fields(p)}


@pytest.mark.django_db
def test_saving_a_preview_changes_only_what_is_asked_and_keeps_results_out(pengguna, wilayah):
    preview = Permintaan(
        berkas=folder_unggahan() / "x.unggahan", nama_berkas="x.zip", target="lahan", desa=wilayah.desa_a,
        by=pengguna.operator_a, dry_run=True, encoding="cp1252",
    ).to_run()  # fmt: skip
    preview.opsi["dihapus"] = 3  # a result of the preview's run, not an option
    preview.save()
    saved = Permintaan.from_run(preview, dry_run=False, paksa=True).to_run()
    assert not saved.dry_run and saved.opsi["paksa"] and saved.opsi["encoding"] == "cp1252"
    assert "dihapus" not in saved.opsi
