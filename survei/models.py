"""Data brought from the field, each kept as it came: survey layers (any attributes, as JSON), rasters for
analysis (DEM, slope, rainfall, NDVI) and aerial imagery offered as a basemap. The importers app writes them;
layers and maps read them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LapisanSurvei(models.Model):
    """A generic layer from a survey file: any attributes kept as JSON with inferred column types."""

    nama = models.CharField(_("nama lapisan"), max_length=150)
    desa = models.ForeignKey("wilayah.Desa", on_delete=models.PROTECT, related_name="+")
    kolom = models.JSONField(_("kolom dan tipenya"), default=dict)
    versi = models.PositiveIntegerField(default=1)
    publik = models.BooleanField(default=False)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)
    scope_desa_field = "desa"

    class Meta:
        db_table = "importers_lapisansurvei"  # made by the importers app before survei had its own
        constraints = [models.UniqueConstraint(fields=["desa", "nama"], name="lapisan_survei_unik")]

    @property
    def is_public(self) -> bool:
        return self.publik

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(publik=True)

    def __str__(self) -> str:
        return self.nama


class FiturSurvei(models.Model):
    lapisan = models.ForeignKey(LapisanSurvei, on_delete=models.CASCADE, related_name="fitur")
    versi = models.PositiveIntegerField(default=1)
    kunci = models.CharField(max_length=120, blank=True)
    atribut = models.JSONField(default=dict)
    geometri = models.GeometryField(srid=4326)

    class Meta:
        db_table = "importers_fitursurvei"  # made by the importers app before survei had its own
        indexes = [models.Index(fields=["lapisan", "versi"])]


class LapisanRaster(models.Model):
    """A GeoTIFF registered for analysis (DEM, slope, rainfall, NDVI)."""

    class Jenis(models.TextChoices):
        DEM = "dem", _("Elevasi (DEM)")
        LERENG = "lereng", _("Kemiringan lereng")
        CURAH_HUJAN = "curah_hujan", _("Curah hujan")
        NDVI = "ndvi", _("NDVI")
        LAINNYA = "lainnya", _("Lainnya")

    nama = models.CharField(max_length=150)
    jenis = models.CharField(max_length=20, choices=Jenis.choices, default=Jenis.LAINNYA)
    berkas = models.CharField(max_length=500)  # server path under MEDIA_ROOT/raster/, never a user string
    epsg = models.PositiveIntegerField()
    lebar = models.PositiveIntegerField()
    tinggi = models.PositiveIntegerField()
    jumlah_band = models.PositiveSmallIntegerField(default=1)
    nodata = models.FloatField(null=True, blank=True)
    cakupan = models.PolygonField(srid=4326)
    statistik = models.JSONField(default=dict, blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    scope_owner_field = "dibuat_oleh"  # no desa: in forms, each user picks among the rasters they registered

    class Meta:
        db_table = "importers_lapisanraster"  # made by the importers app before survei had its own

    def __str__(self) -> str:
        return self.nama


class CitraUdara(models.Model):
    """A drone or orthophoto GeoTIFF stored as a COG and offered as a basemap (layers.citra serves its tiles):
    public imagery for everyone, private imagery for the staff of its desa."""

    nama = models.CharField(_("nama"), max_length=150)
    desa = models.ForeignKey(
        "wilayah.Desa",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("kosong: seluruh instalasi"),
    )
    publik = models.BooleanField(_("publik"), default=False)
    berkas = models.CharField(max_length=500)  # server path under PRIVATE_MEDIA_ROOT/citra/, never a user string
    epsg = models.PositiveIntegerField()  # of the upload; the COG itself is in Web Mercator
    lebar = models.PositiveIntegerField()
    tinggi = models.PositiveIntegerField()
    jumlah_band = models.PositiveSmallIntegerField(default=3)
    min_zoom = models.PositiveSmallIntegerField(default=12)
    maks_zoom = models.PositiveSmallIntegerField(default=20)  # the COG's native zoom; deeper tiles are scaled up
    cakupan = models.PolygonField(srid=4326)
    atribusi = models.CharField(_("atribusi"), max_length=200, blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "importers_citraudara"  # made by the importers app before survei had its own
        ordering = ["nama", "pk"]
        verbose_name = _("citra udara")
        verbose_name_plural = _("citra udara")

    def __str__(self) -> str:
        return self.nama

    @property
    def is_public(self) -> bool:
        return self.publik

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(publik=True)
