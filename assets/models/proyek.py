"""Proyek pembangunan: budget per fund source, realisation and dated progress, published for transparency."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assets.models.base import FiturDesa, SumberDana, luas_m2_field, panjang_m_field
from assets.models.riwayat import RiwayatRingan


class StatusProyek(models.TextChoices):
    RENCANA = "rencana", _("Rencana")
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")
    MANGKRAK = "mangkrak", _("Mangkrak")


class BidangProyek(models.TextChoices):
    INFRASTRUKTUR = "infrastruktur", _("Infrastruktur dan sarana prasarana")
    KESEHATAN = "kesehatan", _("Kesehatan")
    PENDIDIKAN = "pendidikan", _("Pendidikan")
    EKONOMI = "ekonomi", _("Ekonomi dan pertanian")
    LINGKUNGAN = "lingkungan", _("Lingkungan hidup")
    SOSIAL = "sosial", _("Sosial dan budaya")
    LAINNYA = "lainnya", _("Lainnya")


PERSEN = [MinValueValidator(0), MaxValueValidator(100)]


class ProyekPembangunan(FiturDesa):
    nama = models.CharField(_("nama kegiatan"), max_length=200)
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    bidang = models.CharField(
        _("bidang"), max_length=20, choices=BidangProyek.choices, default=BidangProyek.INFRASTRUKTUR
    )
    tahun_anggaran = models.PositiveSmallIntegerField(_("tahun anggaran"), validators=[MinValueValidator(2000)])
    status = models.CharField(_("status"), max_length=10, choices=StatusProyek.choices, default=StatusProyek.RENCANA)
    pelaksana = models.CharField(_("pelaksana"), max_length=200, blank=True, help_text=_("mis. TPK Desa, CV …"))
    volume = models.CharField(_("volume"), max_length=100, blank=True, help_text=_("mis. 350 m × 3 m"))
    tanggal_mulai = models.DateField(_("tanggal mulai"), null=True, blank=True)
    tanggal_selesai = models.DateField(_("tanggal selesai"), null=True, blank=True)
    progres_persen = models.DecimalField(_("progres (%)"), max_digits=5, decimal_places=2, default=0, validators=PERSEN)
    publik = models.BooleanField(_("tampil di peta publik"), default=True)
    geometri = models.GeometryField(_("lokasi"), srid=4326)
    luas_m2 = luas_m2_field()
    panjang_m = panjang_m_field()
    history = RiwayatRingan(excluded_fields=["luas_m2", "panjang_m", "diubah"])

    class Meta:
        verbose_name = _("proyek pembangunan")
        verbose_name_plural = _("proyek pembangunan")
        ordering = ["-tahun_anggaran", "nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progres_persen__gte=0, progres_persen__lte=100), name="proyek_progres_0_100"
            ),
            models.CheckConstraint(
                condition=Q(tanggal_selesai__isnull=True)
                | Q(tanggal_mulai__isnull=True)
                | Q(tanggal_selesai__gte=models.F("tanggal_mulai")),
                name="proyek_tanggal_urut",
            ),
        ]
        indexes = [models.Index(fields=["desa", "tahun_anggaran", "status"])]

    def get_absolute_url(self) -> str:
        return reverse("assets:proyek_publik", args=[self.pk])


class AnggaranProyek(models.Model):
    proyek = models.ForeignKey(ProyekPembangunan, on_delete=models.CASCADE, related_name="anggaran")
    sumber_dana = models.CharField(_("sumber dana"), max_length=20, choices=SumberDana.choices)
    anggaran = models.DecimalField(
        _("anggaran (Rp)"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )
    realisasi = models.DecimalField(
        _("realisasi (Rp)"),
        max_digits=18,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    history = HistoricalRecords()

    scope_desa_field = "proyek__desa"

    class Meta:
        verbose_name = _("anggaran proyek")
        verbose_name_plural = _("anggaran proyek")
        ordering = ["proyek", "sumber_dana"]
        constraints = [
            models.UniqueConstraint(fields=["proyek", "sumber_dana"], name="anggaran_satu_per_sumber"),
            models.CheckConstraint(condition=Q(anggaran__gte=0, realisasi__gte=0), name="anggaran_tidak_negatif"),
        ]

    def __str__(self) -> str:
        return f"{self.get_sumber_dana_display()}: Rp {self.anggaran:,.2f}"


class ProgresProyek(models.Model):
    proyek = models.ForeignKey(ProyekPembangunan, on_delete=models.CASCADE, related_name="progres")
    tanggal = models.DateField(_("tanggal"))
    persen = models.DecimalField(_("progres (%)"), max_digits=5, decimal_places=2, validators=PERSEN)
    catatan = models.TextField(_("catatan"), blank=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    scope_desa_field = "proyek__desa"

    class Meta:
        verbose_name = _("progres proyek")
        verbose_name_plural = _("progres proyek")
        ordering = ["proyek", "tanggal", "dibuat"]
        constraints = [models.CheckConstraint(condition=Q(persen__gte=0, persen__lte=100), name="progres_0_100")]

    def __str__(self) -> str:
        return f"{self.tanggal}: {self.persen}%"
