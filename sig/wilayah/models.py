"""Territory: Kabupaten > Kecamatan > Desa > Dusun, with Kemendagri codes and boundaries."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import DecimalField, Func
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KODE_KABUPATEN = r"^\d{2}\.\d{2}$"
KODE_KECAMATAN = r"^\d{2}\.\d{2}\.\d{2}$"
KODE_DESA = r"^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$"


class LuasHa(Func):
    """Area in hectares on the spheroid (geography), rounded to 0.0001 ha; never from degrees."""

    template = "ROUND((ST_Area(%(expressions)s::geography) / 10000.0)::numeric, 4)"
    output_field = DecimalField(max_digits=14, decimal_places=4)


def luas_field() -> models.GeneratedField:
    return models.GeneratedField(
        expression=LuasHa("batas"),
        output_field=DecimalField(max_digits=14, decimal_places=4, null=True),
        db_persist=True,
        verbose_name=_("luas (ha)"),
    )


class Wilayah(models.Model):
    kode = models.CharField(_("kode Kemendagri"), max_length=16, unique=True)
    nama = models.CharField(_("nama"), max_length=120)
    batas = models.MultiPolygonField(_("batas wilayah"), srid=settings.STORAGE_SRID, null=True, blank=True)
    luas_ha = luas_field()
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.nama_tampil} ({self.kode})" if self.nama else self.nama_tampil

    @property
    def nama_tampil(self) -> str:
        """The name, or the code with a clear 'name unknown' (a kecamatan created from its desa codes has no
        name until its own boundary file is loaded; SIG Desa never invents one)."""
        if self.nama:
            return self.nama
        return gettext("%(kode)s (nama belum diketahui)") % {"kode": self.kode}


class Kabupaten(Wilayah):
    provinsi = models.CharField(_("provinsi"), max_length=120, blank=True)

    class Meta(Wilayah.Meta):
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        constraints = [
            models.CheckConstraint(condition=models.Q(kode__regex=KODE_KABUPATEN), name="kabupaten_kode_format"),
        ]


class Kecamatan(Wilayah):
    kabupaten = models.ForeignKey(Kabupaten, on_delete=models.PROTECT, related_name="kecamatan")

    class Meta(Wilayah.Meta):
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        constraints = [
            models.CheckConstraint(condition=models.Q(kode__regex=KODE_KECAMATAN), name="kecamatan_kode_format"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("wilayah:kecamatan", args=[self.kode])


class Desa(Wilayah):
    class Jenis(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="desa")
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices, default=Jenis.DESA)
    kepala_desa = models.CharField(_("kepala desa/lurah"), max_length=120, blank=True)
    alamat_kantor = models.CharField(_("alamat kantor"), max_length=255, blank=True)
    telepon_kantor = models.CharField(_("telepon kantor"), max_length=40, blank=True)
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    jumlah_penduduk = models.PositiveIntegerField(_("jumlah penduduk"), null=True, blank=True)
    # When this boundary came into force: set on creation and by a trigger whenever `batas` changes (every
    # path: imports, admin, SQL). Where desa overlap, the most recent boundary wins (wilayah_desa_berlaku).
    batas_sejak = models.DateTimeField(_("batas berlaku sejak"), default=timezone.now, editable=False)

    class Meta(Wilayah.Meta):
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")
        constraints = [
            models.CheckConstraint(condition=models.Q(kode__regex=KODE_DESA), name="desa_kode_format"),
            models.CheckConstraint(condition=models.Q(batas__isnull=False), name="desa_batas_wajib"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("wilayah:desa", args=[self.kode])


class Dusun(models.Model):
    desa = models.ForeignKey(Desa, on_delete=models.CASCADE, related_name="dusun")
    nama = models.CharField(_("nama"), max_length=120)
    nomor = models.PositiveSmallIntegerField(_("nomor urut"), null=True, blank=True)
    kepala_dusun = models.CharField(_("kepala dusun"), max_length=120, blank=True)
    batas = models.MultiPolygonField(_("batas wilayah"), srid=settings.STORAGE_SRID, null=True, blank=True)
    luas_ha = luas_field()

    class Meta:
        ordering = ["desa__kode", "nomor", "nama"]
        verbose_name = _("dusun")
        verbose_name_plural = _("dusun")
        constraints = [
            models.UniqueConstraint(fields=["desa", "nama"], name="dusun_nama_unik_per_desa"),
        ]

    def __str__(self) -> str:
        return f"Dusun {self.nama}, {self.desa.nama}"
