"""The upload screen (preview, then save), run visibility per desa, exports that round-trip, the command."""

import io
import re
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from assets.models import AsetDesa, LahanPertanian
from importers.models import ImportRun

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(autouse=True)
def _unggahan(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "impor"
    settings.IMPOR_LATAR = False


def unggah(client, nama, **data):
    upload = SimpleUploadedFile(nama, (DATA / nama).read_bytes())
    return client.post("/impor/", {"berkas": upload, **data})


@pytest.mark.django_db
def test_upload_previews_then_saves(client, pengguna, wilayah):
    client.force_login(pengguna.operator_a)
    response = unggah(client, "persil_utm_cp1252.zip", target="lahan", desa=wilayah.desa_a.pk)
    assert response.status_code == 302
    preview = ImportRun.objects.get()
    assert preview.status == "pratinjau" and preview.dry_run and not LahanPertanian.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert 'data-hitung="dibuat">6<' in page and "Pa Énté" in page and "Simpan ke basis data" in page
    assert "PROD" in page and "abc" in page  # value notices with column and value
    saved = client.post(f"/impor/{preview.pk}/simpan/")
    run = ImportRun.objects.exclude(pk=preview.pk).get()
    assert saved["Location"] == f"/impor/{run.pk}/"
    assert run.status == "selesai" and LahanPertanian.objects.count() == 6
    assert client.get(f"/impor/{run.pk}/status/").json()["status"] == "selesai"


@pytest.mark.django_db
def test_runs_are_private_to_their_desa(client, pengguna, wilayah):
    client.force_login(pengguna.operator_a)
    unggah(client, "persil_utm_cp1252.zip", target="lahan", desa=wilayah.desa_a.pk)
    run = ImportRun.objects.get()
    client.force_login(pengguna.operator_b)
    assert client.get(f"/impor/{run.pk}/").status_code == 404
    assert client.post(f"/impor/{run.pk}/simpan/").status_code == 404
    assert run.nama_berkas not in client.get("/impor/").content.decode()
    client.force_login(pengguna.admin_kecamatan)
    assert client.get(f"/impor/{run.pk}/").status_code == 200
    assert client.post(f"/impor/{run.pk}/simpan/").status_code == 403  # only its uploader saves a preview
    client.force_login(pengguna.warga)
    assert client.get("/impor/").status_code == 403


@pytest.mark.django_db
def test_upload_form_errors_are_specific(client, pengguna, wilayah):
    client.force_login(pengguna.operator_a)
    response = unggah(client, "persil_utm_cp1252.zip", target="lahan")
    assert response.status_code == 400 and "Pilih desa tujuan impor" in response.content.decode()
    response = unggah(client, "persil_utm_cp1252.zip", target="lahan", desa=wilayah.desa_b.pk)
    assert response.status_code == 400 and "Masukkan pilihan yang valid" in response.content.decode()
    bad = unggah(client, "xxe.kml", target="potensi", desa=wilayah.desa_a.pk)
    run = ImportRun.objects.get()
    assert bad.status_code == 400 and run.status == "gagal"
    assert "XXE" in bad.content.decode() and "XXE" in client.get(f"/impor/{run.pk}/").content.decode()
    assert ImportRun.objects.count() == 1 and not AsetDesa.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "shp", "kml", "csv"])
def test_exports_round_trip(client, pengguna, wilayah, fmt, tmp_path):
    from importers.pipeline import Permintaan, run_import

    run_import(
        Permintaan(berkas=DATA / "persil_utm_cp1252.zip", nama_berkas="a.zip", target="lahan", desa=wilayah.desa_a)
    )
    client.force_login(pengguna.operator_a)
    response = client.get(f"/ekspor/lahan/{wilayah.desa_a.kode}.{fmt}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    path = tmp_path / f"ekspor.{'zip' if fmt == 'shp' else fmt}"
    path.write_bytes(body)
    if fmt == "csv":
        assert "penggarap" in body.decode("utf-8-sig") and "Pa Énté" in body.decode("utf-8-sig")
        return
    fields = [
        "kode_persil",
        "komoditas",
        "irigasi",
        "penggunaan",
        "penguasaan",
        "penggarap",
        "produktivitas_ton_ha",
        "panen_per_tahun",
    ]
    before = sorted(LahanPertanian.objects.values_list(*fields))
    again = run_import(Permintaan(berkas=path, nama_berkas=path.name, target="lahan", desa=wilayah.desa_a, paksa=True))
    assert again.status == "selesai", again.pesan
    # Every feature found again by its key; formats that round coordinates count as updated, never as new.
    assert again.dibuat == 0 and again.diperbarui + again.tidak_berubah == 6, (again.pemetaan, again.masalah[:3])
    assert sorted(LahanPertanian.objects.values_list(*fields)) == before


@pytest.mark.django_db
def test_export_hides_internal_fields_and_escapes_formulas(client, pengguna, wilayah, tmp_path):
    from importers.pipeline import Permintaan, run_import

    run_import(
        Permintaan(berkas=DATA / "persil_utm_cp1252.zip", nama_berkas="a.zip", target="lahan", desa=wilayah.desa_a)
    )
    run_import(Permintaan(berkas=DATA / "formula.csv", nama_berkas="f.csv", target="aset", desa=wilayah.desa_a))
    public = client.get(f"/ekspor/lahan/{wilayah.desa_a.kode}.geojson")
    assert b"penggarap" not in b"".join(public.streaming_content)
    csv_text = b"".join(client.get(f"/ekspor/aset/{wilayah.desa_a.kode}.csv").streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'@SUM(1)" in csv_text
    assert not re.search(r"(^|,)=HYPERLINK", csv_text, re.M)
    assert client.get("/ekspor/lahan/99.99.99.9999.geojson").status_code == 404
    assert client.get(f"/ekspor/lahan/{wilayah.desa_a.kode}.vrt").status_code == 404
    assert client.get(f"/ekspor/rahasia/{wilayah.desa_a.kode}.csv").status_code == 404


@pytest.mark.django_db
def test_import_layer_command(wilayah, capsys):
    call_command(
        "import_layer", str(DATA / "persil_utm_cp1252.zip"), "--tujuan", "lahan", "--desa", wilayah.desa_a.kode
    )
    out = capsys.readouterr()
    assert "Selesai" in out.out and "6 baru" in out.out and "PENGAIRAN" in out.out and "100%" in out.err
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="gagal"):
        call_command("import_layer", str(DATA / "zip_slip.zip"), "--tujuan", "lahan", "--desa", wilayah.desa_a.kode)
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_layer", str(DATA / "zip_slip.zip"), "--tujuan", "lahan", "--desa", "32.05.07.9999")


def test_data_files_stay_small():
    assert sum(p.stat().st_size for p in DATA.iterdir()) < 1024 * 1024
    with zipfile.ZipFile(DATA / "zip_bomb.zip") as zf:
        assert zf.infolist()[0].file_size > 50 * 1024 * 1024  # the bomb really is one
    assert gpd.read_file(io.BytesIO((DATA / "kupu_kupu.geojson").read_bytes())).geometry.is_valid.sum() == 0


@pytest.mark.django_db
def test_preview_again_with_another_mapping_and_keep_it_as_a_profile(client, pengguna, wilayah):
    from importers.models import ProfilPemetaan

    client.force_login(pengguna.operator_a)
    unggah(client, "persil_utm_cp1252.zip", target="lahan", desa=wilayah.desa_a.pk)
    first = ImportRun.objects.get()
    page = client.get(f"/impor/{first.pk}/").content.decode()
    assert "Pratinjau ulang" in page and 'name="peta_komoditas"' in page
    data = {
        "peta_kode_persil": "ID_PERSIL",
        "peta_komoditas": "KOMODITI",
        "peta_penggarap": "PEMILIK",
        "epsg": "",
        "encoding": "latin-1",
        "nama_profil": "Konsultan BPN 2024",
    }
    response = client.post(f"/impor/{first.pk}/ulang/", data)
    second = ImportRun.objects.exclude(pk=first.pk).get()
    assert response["Location"] == f"/impor/{second.pk}/"
    assert second.status == "pratinjau" and second.encoding == "iso8859-1"  # codecs name of latin-1
    assert second.pemetaan == {"kode_persil": "ID_PERSIL", "komoditas": "KOMODITI", "penggarap": "PEMILIK"}
    profil = ProfilPemetaan.objects.get(nama="Konsultan BPN 2024")
    assert profil.desa == wilayah.desa_a and profil.pemetaan["komoditas"] == "KOMODITI"
    # The profile is offered on the next upload and its mapping is used.
    unggah(client, "persil_utm_cp1252.zip", target="lahan", desa=wilayah.desa_a.pk, profil=profil.pk)
    third = ImportRun.objects.order_by("-mulai").first()
    assert third.pemetaan == profil.pemetaan
    client.force_login(pengguna.operator_b)
    assert client.post(f"/impor/{first.pk}/ulang/", data).status_code == 404


@pytest.mark.django_db
def test_background_job_runs_a_stored_import(pengguna, wilayah, settings, tmp_path):
    import shutil

    from importers.permintaan import folder_unggahan
    from importers.tasks import jalankan_impor

    shutil.copyfile(DATA / "persil_utm_cp1252.zip", folder_unggahan() / "x.unggahan")
    run = ImportRun.objects.create(
        target="lahan",
        nama_berkas="persil.zip",
        desa=wilayah.desa_a,
        dibuat_oleh=pengguna.operator_a,
        opsi={"berkas": "x.unggahan"},
    )
    jalankan_impor(run_id=str(run.pk))  # what the procrastinate worker calls
    run.refresh_from_db()
    assert run.status == "selesai" and run.progres == 100 and LahanPertanian.objects.count() == 6
    assert not (folder_unggahan() / "x.unggahan").exists()


@pytest.mark.django_db
def test_the_wizard_shows_only_the_options_of_the_chosen_target(client, pengguna, wilayah):
    client.force_login(pengguna.superadmin)
    step1 = client.get("/impor/").content.decode()
    assert 'type="file"' not in step1 and 'href="?tujuan=lahan"' in step1 and 'href="?tujuan=desa"' in step1
    assert client.get("/impor/?tujuan=tidak-ada").content.decode().count('type="file"') == 0

    def names(tujuan):
        page = client.get(f"/impor/?tujuan={tujuan}").content.decode()
        form = page[page.index('enctype="multipart/form-data"') :].split("</form>")[0]
        return set(re.findall(r'name="([a-z_]+)"', form)) - {"csrfmiddlewaretoken"}

    assert names("desa") == {"berkas", "target", "epsg", "encoding", "layer", "paksa"}
    assert names("raster") == {"berkas", "target", "nama_lapisan", "jenis_raster", "epsg", "paksa"}
    assert names("lahan") == {
        "berkas",
        "target",
        "desa",
        "profil",
        "epsg",
        "encoding",
        "layer",
        "ketat",
        "ganti",
        "paksa",
    }
    assert names("survei") == names("lahan") - {"profil"} | {"nama_lapisan"}
    assert 'type="hidden" name="target" value="desa"' in client.get("/impor/?tujuan=desa").content.decode()
