"""Lahan pertanian: farmland parcels, their commodity and potential production."""

from __future__ import annotations

from typing import Any

from django.contrib.gis.db import models
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Func, Q
from django.utils.translation import gettext_lazy as _

from assets.models.base import FiturDesa
from assets.models.riwayat import RiwayatRingan


class Penggunaan(models.TextChoices):
    SAWAH = "sawah", _("Sawah")
    TEGALAN = "tegalan", _("Tegalan/ladang")
    KEBUN = "kebun", _("Kebun/perkebunan")
    PEKARANGAN = "pekarangan", _("Pekarangan")
    KOLAM = "kolam", _("Kolam/tambak")
    LAINNYA = "lainnya", _("Lainnya")


class Komoditas(models.TextChoices):
    PADI_SAWAH = "padi_sawah", _("Padi sawah")
    PADI_GOGO = "padi_gogo", _("Padi gogo")
    JAGUNG = "jagung", _("Jagung")
    KEDELAI = "kedelai", _("Kedelai")
    PALAWIJA = "palawija", _("Palawija lainnya")
    HORTIKULTURA = "hortikultura", _("Hortikultura (sayuran)")
    CABAI = "cabai", _("Cabai")
    KENTANG = "kentang", _("Kentang")
    TOMAT = "tomat", _("Tomat")
    KOPI = "kopi", _("Kopi")
    TEH = "teh", _("Teh")
    TEMBAKAU = "tembakau", _("Tembakau")
    PERKEBUNAN = "perkebunan", _("Perkebunan lainnya")
    BUAH = "buah", _("Buah-buahan")
    IKAN = "ikan", _("Ikan")
    LAINNYA = "lainnya", _("Lainnya")


class Irigasi(models.TextChoices):
    TEKNIS = "teknis", _("Irigasi teknis")
    SETENGAH_TEKNIS = "setengah_teknis", _("Irigasi setengah teknis")
    SEDERHANA = "sederhana", _("Irigasi sederhana")
    TADAH_HUJAN = "tadah_hujan", _("Tadah hujan")


class Penguasaan(models.TextChoices):
    MILIK = "milik", _("Milik sendiri")
    SEWA = "sewa", _("Sewa")
    BAGI_HASIL = "bagi_hasil", _("Bagi hasil (maro)")
    TANAH_KAS_DESA = "tanah_kas_desa", _("Tanah kas desa (bengkok)")
    TANAH_NEGARA = "tanah_negara", _("Tanah negara/Perhutani")
    LAINNYA = "lainnya", _("Lainnya")


class KelasKesesuaian(models.TextChoices):
    S1 = "S1", _("S1 — sangat sesuai")
    S2 = "S2", _("S2 — cukup sesuai")
    S3 = "S3", _("S3 — sesuai marginal")
    N = "N", _("N — tidak sesuai")


class PotensiProduksi(Func):
    """Estimated production (ton/year) = area (ha, geography) × productivity × harvests per year (the generated
    column of migration 0001; since 0008 the trigger assets_lahan_turunan computes it, the class stays for 0001)."""

    template = (
        "ROUND((ST_Area(%(expressions)s::geography) / 10000.0)::numeric * produktivitas_ton_ha * panen_per_tahun, 2)"
    )
    output_field = models.DecimalField(max_digits=14, decimal_places=2)


class NilaiTurunan(models.DecimalField):
    """A value the database derives on every write (not editable; a value written here is ignored) and, like a
    generated column, returns on insert. Two generated columns computed the spheroid area twice per row; one
    trigger computes it once (see migration assets 0008)."""

    db_returning = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(editable=False, null=True, blank=True)
        super().__init__(*args, **kwargs)


class LahanPertanian(FiturDesa):
    kode_persil = models.CharField(_("kode persil"), max_length=40, blank=True)
    nama = models.CharField(_("nama/blok"), max_length=200, blank=True)
    penggunaan = models.CharField(_("penggunaan lahan"), max_length=20, choices=Penggunaan.choices)
    komoditas = models.CharField(_("komoditas"), max_length=20, choices=Komoditas.choices)
    irigasi = models.CharField(_("irigasi"), max_length=20, choices=Irigasi.choices)
    penguasaan = models.CharField(_("status penguasaan"), max_length=20, choices=Penguasaan.choices)
    penggarap = models.CharField(_("nama pemilik/penggarap (internal)"), max_length=150, blank=True)
    produktivitas_ton_ha = models.DecimalField(
        _("produktivitas (ton/ha)"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
    )
    panen_per_tahun = models.PositiveSmallIntegerField(
        _("panen per tahun"),
        default=1,
        validators=[MaxValueValidator(4)],
    )
    kelas_kesesuaian = models.CharField(
        _("kelas kesesuaian"),
        max_length=2,
        choices=KelasKesesuaian.choices,
        blank=True,
    )
    alasan_kesesuaian = models.JSONField(_("alasan kesesuaian"), default=list, blank=True)

    # Who sees which attribute (declared once; read by sig.akun.scope for the API, exports, layers, OGC API,
    # operator screens, history and the admin): tenure for staff of the desa and planners, the tiller's name
    # only for those who may change the parcel.
    atribut_internal = {"penguasaan": "lihat", "penggarap": "ubah"}
    publik = models.BooleanField(_("tampil di peta publik"), default=True)
    geometri = models.MultiPolygonField(_("batas lahan"), srid=4326)
    # Area (ha, on the spheroid) and production (area × productivity × harvests): trigger assets_lahan_turunan.
    luas_ha = NilaiTurunan(_("luas (ha)"), max_digits=14, decimal_places=4)
    potensi_produksi_ton = NilaiTurunan(_("potensi produksi (ton/tahun)"), max_digits=14, decimal_places=2)
    history = RiwayatRingan(excluded_fields=["luas_ha", "potensi_produksi_ton", "diubah"])

    geometry_kinds = ("Polygon",)

    class Meta:
        verbose_name = _("lahan pertanian")
        verbose_name_plural = _("lahan pertanian")
        ordering = ["desa", "kode_persil", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(produktivitas_ton_ha__gte=0, produktivitas_ton_ha__lte=200),
                name="lahan_produktivitas_wajar",
            ),
            models.CheckConstraint(condition=Q(panen_per_tahun__lte=4), name="lahan_panen_maks_4"),
            models.UniqueConstraint(
                fields=["desa", "kode_persil"],
                condition=~Q(kode_persil=""),
                name="lahan_kode_persil_unik",
            ),
        ]
        indexes = [models.Index(fields=["desa", "komoditas"])]

    def __str__(self) -> str:
        return self.nama or self.kode_persil or f"Lahan #{self.pk}"
