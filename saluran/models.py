"""Channel identities, the inbound log (idempotency), conversation state, report links and the outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Saluran(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"


class Identitas(models.Model):
    """A phone number (WhatsApp) or chat id (Telegram), verified by the channel itself; back-office data like
    an account's phone, never shown publicly. `berhenti`: the person sent STOP (nothing is sent until MULAI)."""

    saluran = models.CharField(_("saluran"), max_length=10, choices=Saluran.choices)
    id_eksternal = models.CharField(_("nomor / chat id"), max_length=40)
    nama = models.CharField(_("nama profil"), max_length=120, blank=True)
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="identitas_saluran",
        verbose_name=_("akun terhubung"),
    )
    berhenti = models.BooleanField(_("berhenti berlangganan (STOP)"), default=False)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identitas saluran")
        verbose_name_plural = _("identitas saluran")
        constraints = [models.UniqueConstraint(fields=["saluran", "id_eksternal"], name="identitas_unik")]

    def __str__(self) -> str:
        return f"{self.get_saluran_display()} {self.id_eksternal}"


class PesanMasuk(models.Model):
    """One inbound message, stored once: a replayed webhook finds its (saluran, id_pesan) and does nothing."""

    saluran = models.CharField(max_length=10, choices=Saluran.choices)
    id_pesan = models.CharField(max_length=128)
    identitas = models.ForeignKey(Identitas, on_delete=models.CASCADE, related_name="pesan_masuk")
    jenis = models.CharField(max_length=10)
    diterima = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pesan masuk")
        verbose_name_plural = _("pesan masuk")
        constraints = [models.UniqueConstraint(fields=["saluran", "id_pesan"], name="pesan_masuk_sekali")]

    def __str__(self) -> str:
        return f"{self.saluran} {self.id_pesan}"


class Langkah(models.TextChoices):
    LOKASI = "lokasi", _("menunggu lokasi")
    FOTO = "foto", _("menunggu foto")
    TEKS = "teks", _("menunggu uraian dan tagar")


class Percakapan(models.Model):
    """Where one identity is in the report conversation: location, then photo (optional), then text."""

    identitas = models.OneToOneField(Identitas, on_delete=models.CASCADE, related_name="percakapan")
    langkah = models.CharField(max_length=10, choices=Langkah.choices, default=Langkah.LOKASI)
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    desa_nama = models.CharField(max_length=100, blank=True)
    foto = models.CharField(max_length=200, blank=True)  # name of the cleaned photo in private storage
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(langkah="lokasi") | Q(lon__isnull=False, lat__isnull=False), name="percakapan_lokasi"
            )
        ]

    def __str__(self) -> str:
        return f"{self.identitas}: {self.langkah}"


class PengaduanSaluran(models.Model):
    """The channel identity a complaint came from: status changes and replies go back to it."""

    pengaduan = models.OneToOneField("reports.Pengaduan", on_delete=models.CASCADE, related_name="saluran_asal")
    identitas = models.ForeignKey(Identitas, on_delete=models.PROTECT, related_name="pengaduan")
    id_pesan = models.CharField(max_length=128)

    def __str__(self) -> str:
        return f"{self.pengaduan_id} ← {self.identitas}"


class PesanKeluar(models.Model):
    """Outbox of channel messages: written with the change it reports, sent after commit, retried with growing
    pauses (reports.services.pemberitahuan.JEDA_MENIT) until delivered or dead; never sent to an opted-out identity."""

    identitas = models.ForeignKey(Identitas, on_delete=models.CASCADE, related_name="pesan_keluar")
    teks = models.TextField(max_length=4096)
    dibuat = models.DateTimeField(auto_now_add=True)
    terkirim_pada = models.DateTimeField(null=True, blank=True)
    percobaan = models.PositiveSmallIntegerField(default=0)
    galat = models.CharField(max_length=300, blank=True)
    coba_lagi_pada = models.DateTimeField(null=True, blank=True)
    mati = models.BooleanField(_("gagal permanen"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")
        indexes = [
            models.Index(
                fields=["coba_lagi_pada"],
                condition=Q(terkirim_pada__isnull=True, mati=False),
                name="pesan_keluar_jatuh",
            )
        ]

    def __str__(self) -> str:
        return f"{self.identitas} #{self.pk}"
