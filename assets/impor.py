"""The files that import into village data (aset, lahan, proyek, potensi): the columns each understands, their
synonyms and defaults (sig/impor.py). IMPOR is named in settings.IMPOR_TUJUAN; exports write the same field names."""

from __future__ import annotations

from decimal import Decimal

from assets.models import AsetDesa, LahanPertanian, PotensiDesa, ProyekPembangunan
from assets.models.aset import Golongan, JenisAset, Kondisi
from assets.models.base import SumberDana
from assets.models.lahan import Irigasi, Komoditas, Penggunaan, Penguasaan
from assets.models.potensi import JenisPotensi
from assets.models.proyek import BidangProyek, StatusProyek
from sig.impor import Importer, Kolom, choices

TEBAK_NAMA = ("nama", "name", "namobj", "nama_objek", "keterangan_nama", "nm")


class ImporAset(Importer):
    target = "aset"
    model = AsetDesa
    kunci = "kode_register"
    kolom = (
        Kolom("kode_register", maks=40, tebakan=("kode", "kode_aset", "no_register", "register", "kd_aset", "id")),
        Kolom("nama", wajib=True, maks=200, tebakan=TEBAK_NAMA),
        Kolom(
            "golongan",
            "pilihan",
            wajib=True,
            pilihan=choices(Golongan),
            tebakan=("gol", "kelas", "kategori"),
            sinonim={
                "a": "tanah",
                "b": "peralatan_mesin",
                "c": "gedung_bangunan",
                "d": "jalan_irigasi_jaringan",
                "e": "aset_tetap_lainnya",
                "f": "konstruksi",
                "gedung": "gedung_bangunan",
                "bangunan": "gedung_bangunan",
                "jalan": "jalan_irigasi_jaringan",
                "irigasi": "jalan_irigasi_jaringan",
                "jaringan": "jalan_irigasi_jaringan",
                "peralatan": "peralatan_mesin",
                "mesin": "peralatan_mesin",
            },
        ),
        Kolom(
            "jenis",
            "pilihan",
            bawaan=JenisAset.LAINNYA,
            pilihan=choices(JenisAset),
            tebakan=("jenis_aset", "tipe", "type"),
            sinonim={
                "jalan": "jalan_desa",
                "jalan_lingkungan": "jalan_desa",
                "jembatan_desa": "jembatan",
                "sd": "sekolah",
                "paud": "sekolah",
                "mushola": "masjid",
                "musholla": "masjid",
                "kantor_kepala_desa": "kantor_desa",
                "irigasi": "saluran_irigasi",
                "drainase": "drainase",
                "gorong_gorong": "drainase",
                "sumur_bor": "sumur",
                "mck": "lainnya",
            },
        ),
        Kolom(
            "kondisi",
            "pilihan",
            bawaan=Kondisi.BAIK,
            pilihan=choices(Kondisi),
            tebakan=("kond", "keadaan"),
            sinonim={
                "b": "baik",
                "rr": "rusak_ringan",
                "rb": "rusak_berat",
                "rusak": "rusak_berat",
                "sedang": "rusak_ringan",
                "good": "baik",
                "kurang_baik": "rusak_ringan",
            },
        ),
        Kolom("tahun_perolehan", "bulat", bawaan=None, batas=(1945, 2100), tebakan=("tahun", "thn", "th_perolehan")),
        Kolom("nilai_perolehan", "desimal", bawaan=None, batas=(0, 1e15), tebakan=("nilai", "harga", "nilai_rp")),
        Kolom(
            "sumber_dana",
            "pilihan",
            bawaan="",
            pilihan=choices(SumberDana),
            tebakan=("sumber", "dana"),
            sinonim={
                "dd": "dana_desa",
                "apbdes": "dana_desa",
                "apbd": "apbd_kab",
                "apbd_ii": "apbd_kab",
                "apbd_i": "apbd_prov",
                "swadaya": "swadaya",
            },
        ),
        Kolom("keterangan", tebakan=("ket", "catatan", "remark")),
    )


class ImporLahan(Importer):
    target = "lahan"
    model = LahanPertanian
    kunci = "kode_persil"
    geometri = ("Polygon",)
    multi = True
    kolom = (
        Kolom("kode_persil", maks=40, tebakan=("kode", "id_persil", "no_persil", "nib", "persil", "id")),
        Kolom("nama", maks=200, tebakan=(*TEBAK_NAMA, "blok")),
        Kolom(
            "penggunaan",
            "pilihan",
            bawaan=Penggunaan.LAINNYA,
            pilihan=choices(Penggunaan),
            tebakan=("guna_lahan", "penggunaan_lahan", "landuse", "remark"),
            sinonim={
                "sawah_irigasi": "sawah",
                "sawah_tadah_hujan": "sawah",
                "ladang": "tegalan",
                "tegal": "tegalan",
                "kebun_campuran": "kebun",
                "perkebunan": "kebun",
            },
        ),
        Kolom(
            "komoditas",
            "pilihan",
            wajib=True,
            pilihan=choices(Komoditas),
            tebakan=("komoditi", "tanaman", "jenis_tanaman", "crop"),
            sinonim={
                "padi": "padi_sawah",
                "sawah": "padi_sawah",
                "kopi_arabika": "kopi",
                "kopi_robusta": "kopi",
                "sayur": "hortikultura",
                "sayuran": "hortikultura",
                "cabe": "cabai",
                "jagung_hibrida": "jagung",
            },
        ),
        Kolom(
            "irigasi",
            "pilihan",
            bawaan=Irigasi.TADAH_HUJAN,
            pilihan=choices(Irigasi),
            tebakan=("jenis_irigasi", "pengairan"),
            sinonim={
                "teknis": "teknis",
                "semi_teknis": "setengah_teknis",
                "1_2_teknis": "setengah_teknis",
                "non_teknis": "sederhana",
                "tadah": "tadah_hujan",
            },
        ),
        Kolom(
            "penguasaan",
            "pilihan",
            bawaan=Penguasaan.MILIK,
            pilihan=choices(Penguasaan),
            tebakan=("status", "status_lahan", "hak"),
            sinonim={"milik": "milik", "shm": "milik", "bengkok": "tanah_kas_desa", "maro": "bagi_hasil"},
        ),
        Kolom("penggarap", maks=150, tebakan=("pemilik", "penggarap", "nama_pemilik", "petani")),
        Kolom(
            "produktivitas_ton_ha",
            "desimal",
            bawaan=Decimal(0),
            batas=(0, 200),
            tebakan=("produktivitas", "prod", "hasil_ton_ha", "provitas"),
        ),
        Kolom("panen_per_tahun", "bulat", bawaan=1, batas=(0, 4), tebakan=("panen", "ip", "indeks_pertanaman")),
    )


class ImporProyek(Importer):
    target = "proyek"
    model = ProyekPembangunan
    kolom = (
        Kolom("nama", wajib=True, maks=200, tebakan=(*TEBAK_NAMA, "kegiatan", "nama_kegiatan")),
        Kolom("tahun_anggaran", "bulat", wajib=True, batas=(2000, 2100), tebakan=("tahun", "ta", "thn")),
        Kolom("bidang", "pilihan", bawaan=BidangProyek.LAINNYA, pilihan=choices(BidangProyek)),
        Kolom("status", "pilihan", bawaan=StatusProyek.RENCANA, pilihan=choices(StatusProyek)),
        Kolom("pelaksana", maks=200, tebakan=("tpk", "kontraktor")),
        Kolom("deskripsi", tebakan=("ket", "keterangan", "uraian")),
    )


class ImporPotensi(Importer):
    target = "potensi"
    model = PotensiDesa
    geometri = ("Point", "Polygon")
    kolom = (
        Kolom("nama", wajib=True, maks=150, tebakan=TEBAK_NAMA),
        Kolom(
            "jenis",
            "pilihan",
            bawaan=JenisPotensi.LAINNYA,
            pilihan=choices(JenisPotensi),
            tebakan=("kategori",),
            sinonim={"umkm": "produk_unggulan", "produk": "produk_unggulan", "objek_wisata": "wisata"},
        ),
        Kolom("tagline", maks=200),
        Kolom("deskripsi", tebakan=("ket", "keterangan", "uraian")),
        Kolom("kontak", maks=150, tebakan=("telepon", "hp", "no_hp", "wa")),
    )
    tetap = {"status": "terbit"}


IMPOR: dict[str, Importer] = {i.target: i for i in (ImporAset(), ImporLahan(), ImporProyek(), ImporPotensi())}
