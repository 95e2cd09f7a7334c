"""Photos of any village data (re-encoded, metadata-free; see sig.foto)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from sig.penyimpanan import penyimpanan_privat


def _path(kind: str) -> str:
    return f"foto/{kind}/{uuid.uuid4().hex}.jpg"


def foto_path(instance: Foto, filename: str) -> str:
    return _path("asli")


def thumb_path(instance: Foto, filename: str) -> str:
    return _path("kecil")


class Foto(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    objek = GenericForeignKey("content_type", "object_id")
    # Private storage: a photo is served by assets.views.publik.foto, only to those who may see its object.
    berkas = models.ImageField(_("foto"), upload_to=foto_path, storage=penyimpanan_privat)
    thumbnail = models.ImageField(upload_to=thumb_path, storage=penyimpanan_privat)
    lebar = models.PositiveIntegerField(default=0)
    tinggi = models.PositiveIntegerField(default=0)
    keterangan = models.CharField(_("keterangan"), max_length=200, blank=True)
    diunggah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto")
        ordering = ["dibuat", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.keterangan or f"Foto #{self.pk}"

    def url(self, ukuran: str = "kecil") -> str:
        from django.urls import reverse

        return reverse("assets:foto", args=[self.pk, ukuran])

    @property
    def url_kecil(self) -> str:
        return self.url("kecil")

    @property
    def url_asli(self) -> str:
        return self.url("asli")
