"""What every piece of village data shares: its desa, who made it, when, and its full history."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Func, Q
from django.utils.translation import gettext_lazy as _


class SumberDana(models.TextChoices):
    DANA_DESA = "dana_desa", _("Dana Desa (DD)")
    ADD = "add", _("Alokasi Dana Desa (ADD)")
    BAGI_HASIL = "bhpr", _("Bagi hasil pajak dan retribusi")
    APBD_KABUPATEN = "apbd_kab", _("APBD kabupaten")
    APBD_PROVINSI = "apbd_prov", _("APBD provinsi")
    APBN = "apbn", _("APBN")
    PADES = "pades", _("Pendapatan asli desa")
    SWADAYA = "swadaya", _("Swadaya masyarakat")
    HIBAH = "hibah", _("Hibah/bantuan pihak ketiga")
    LAINNYA = "lainnya", _("Lainnya")


class GeoArea(Func):
    """Area in m² on the spheroid; 0 for points and lines."""

    template = "ROUND(ST_Area(%(expressions)s::geography)::numeric, 2)"
    output_field = models.DecimalField(max_digits=16, decimal_places=2)


class GeoLength(Func):
    """Length in m on the spheroid; 0 for points and polygons."""

    template = "ROUND(ST_Length(%(expressions)s::geography)::numeric, 2)"
    output_field = models.DecimalField(max_digits=14, decimal_places=2)


def luas_m2_field() -> models.GeneratedField:
    return models.GeneratedField(
        expression=GeoArea("geometri"),
        output_field=models.DecimalField(max_digits=16, decimal_places=2, null=True),
        db_persist=True,
        verbose_name=_("luas (m²)"),
    )


def panjang_m_field() -> models.GeneratedField:
    return models.GeneratedField(
        expression=GeoLength("geometri"),
        output_field=models.DecimalField(max_digits=14, decimal_places=2, null=True),
        db_persist=True,
        verbose_name=_("panjang (m)"),
    )


class FiturDesa(models.Model):
    """Abstract base of the four village data models (scope: `desa`; visibility: `is_public`)."""

    # No separate index: every model has a composite index that starts with desa.
    desa = models.ForeignKey(
        "wilayah.Desa", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa"), db_index=False
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    scope_desa_field = "desa"
    # Geometry kinds the model accepts, for the form widget and validation.
    geometry_kinds: tuple[str, ...] = ("Point", "LineString", "Polygon")

    class Meta:
        abstract = True

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(publik=True)

    @property
    def is_public(self) -> bool:
        return bool(getattr(self, "publik", True))

    def __str__(self) -> str:
        return str(getattr(self, "nama", self.pk))
