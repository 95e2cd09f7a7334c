from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from kabar.models import Agenda, Kabar, Langganan

if TYPE_CHECKING:  # what the mixin is mixed into
    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object


class TanpaAwalanWaktu(_AdminBase):
    """The admin pre-fills an add form from the query string; a date/time given as text there would reach the
    date widget unparsed (500). Times are typed in the form instead."""

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, str | list[str]]:
        initial = super().get_changeform_initial_data(request)
        waktu = {f.name for f in self.model._meta.fields if isinstance(f, models.DateTimeField | models.DateField)}
        return {k: v for k, v in initial.items() if k not in waktu}


@admin.register(Kabar)
class KabarAdmin(TanpaAwalanWaktu, SimpleHistoryAdmin):
    list_display = ["judul", "jenis", "desa", "kecamatan", "status", "terbit_pada"]
    list_filter = ["jenis", "status", "kecamatan"]
    search_fields = ["judul"]
    readonly_fields = ["isi"]  # written through the screens, which clean it


@admin.register(Agenda)
class AgendaAdmin(TanpaAwalanWaktu, SimpleHistoryAdmin):
    list_display = ["judul", "jenis", "desa", "mulai", "status"]
    list_filter = ["jenis", "status", "kecamatan"]
    search_fields = ["judul", "tempat"]
    readonly_fields = ["isi"]


@admin.register(Langganan)
class LanggananAdmin(admin.ModelAdmin):
    list_display = ["pengguna", "desa", "frekuensi", "terakhir_dikirim"]
    list_filter = ["frekuensi"]
