"""Kabar desa (news), pengumuman (announcements) and agenda kegiatan (events) of a desa or of a kecamatan."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class StatusTerbit(models.TextChoices):
    DRAF = "draf", _("Draf")
    TERBIT = "terbit", _("Terbit")


class Terbitan(models.Model):
    """What kabar and agenda share: where they belong, who wrote them, when they go public."""

    kecamatan = models.ForeignKey(
        "wilayah.Kecamatan", on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan")
    )
    desa = models.ForeignKey(
        "wilayah.Desa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desa"),
        help_text=_("Kosong: terbitan kecamatan."),
    )
    judul = models.CharField(_("judul"), max_length=150)
    ringkasan = models.CharField(_("ringkasan"), max_length=300, blank=True)
    isi = models.TextField(_("isi"), max_length=20000, blank=True)  # sanitised HTML (kabar.isi), never raw
    status = models.CharField(_("status"), max_length=10, choices=StatusTerbit.choices, default=StatusTerbit.DRAF)
    terbit_pada = models.DateTimeField(
        _("terbit pada"), null=True, blank=True, help_text=_("Isi waktu mendatang untuk menjadwalkan.")
    )
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    scope_kecamatan_field = "kecamatan"

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.judul

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(status=StatusTerbit.TERBIT, terbit_pada__lte=timezone.now())

    @property
    def is_public(self) -> bool:
        return (
            self.status == StatusTerbit.TERBIT and self.terbit_pada is not None and self.terbit_pada <= timezone.now()
        )

    @property
    def terjadwal(self) -> bool:
        return self.status == StatusTerbit.TERBIT and self.terbit_pada is not None and self.terbit_pada > timezone.now()

    @property
    def slug(self) -> str:
        return slugify(self.judul)[:60] or "-"

    @property
    def pemilik(self) -> str:
        """Whose voice this is, for the byline: 'Desa Samarang' or 'Kecamatan Samarang'."""
        if self.desa is not None:
            return f"{self.desa.get_jenis_display()} {self.desa.nama}"
        return f"{_('Kecamatan')} {self.kecamatan.nama}"


class JenisKabar(models.TextChoices):
    KABAR = "kabar", _("Kabar")
    PENGUMUMAN = "pengumuman", _("Pengumuman")


class Kabar(Terbitan):
    jenis = models.CharField(_("jenis"), max_length=12, choices=JenisKabar.choices, default=JenisKabar.KABAR)
    history = HistoricalRecords(excluded_fields=["diubah"])

    class Meta:
        verbose_name = _("kabar")
        verbose_name_plural = _("kabar")
        ordering = ["-terbit_pada", "-pk"]
        indexes = [
            models.Index(fields=["desa", "status", "-terbit_pada"], name="kabar_desa_terbit"),
            models.Index(fields=["kecamatan", "status", "-terbit_pada"], name="kabar_kecamatan_terbit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draf") | Q(terbit_pada__isnull=False), name="kabar_terbit_berwaktu"
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("kabar:kabar", args=[self.pk, self.slug])


class JenisKegiatan(models.TextChoices):
    MUSDES = "musdes", _("Musyawarah desa")
    POSYANDU = "posyandu", _("Posyandu")
    KERJA_BAKTI = "kerja_bakti", _("Kerja bakti")
    RAPAT = "rapat", _("Rapat warga")
    PELATIHAN = "pelatihan", _("Pelatihan")
    PERAYAAN = "perayaan", _("Perayaan dan hari besar")
    LAINNYA = "lainnya", _("Kegiatan lain")


class Agenda(Terbitan):
    jenis = models.CharField(
        _("jenis kegiatan"), max_length=12, choices=JenisKegiatan.choices, default=JenisKegiatan.LAINNYA
    )
    mulai = models.DateTimeField(_("mulai"))
    selesai = models.DateTimeField(_("selesai"), null=True, blank=True)
    tempat = models.CharField(_("tempat"), max_length=200, blank=True)
    lokasi = models.PointField(_("lokasi di peta"), srid=4326, null=True, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # stable calendar identity
    diingatkan_pada = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["diubah", "diingatkan_pada"])

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agenda")
        ordering = ["mulai", "pk"]
        indexes = [models.Index(fields=["desa", "status", "mulai"], name="agenda_desa_mulai")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draf") | Q(terbit_pada__isnull=False), name="agenda_terbit_berwaktu"
            ),
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="agenda_selesai_setelah_mulai",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("kabar:agenda", args=[self.pk, self.slug])


class Frekuensi(models.TextChoices):
    HARIAN = "harian", _("Setiap hari (bila ada yang baru)")
    MINGGUAN = "mingguan", _("Setiap minggu")


class Langganan(models.Model):
    """A citizen follows a desa: an e-mail digest of new kabar, agenda and public reports, and agenda reminders."""

    pengguna = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desa_diikuti")
    desa = models.ForeignKey("wilayah.Desa", on_delete=models.CASCADE, related_name="+", verbose_name=_("desa"))
    kabar = models.BooleanField(_("kabar dan pengumuman"), default=True)
    agenda = models.BooleanField(_("agenda kegiatan dan pengingatnya"), default=True)
    pengaduan = models.BooleanField(_("pengaduan warga"), default=True)
    frekuensi = models.CharField(_("ringkasan"), max_length=10, choices=Frekuensi.choices, default=Frekuensi.MINGGUAN)
    terakhir_dikirim = models.DateTimeField(default=timezone.now)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("langganan desa")
        verbose_name_plural = _("langganan desa")
        constraints = [models.UniqueConstraint(fields=["pengguna", "desa"], name="langganan_sekali_per_desa")]

    def __str__(self) -> str:
        return f"{self.pengguna} → {self.desa}"
