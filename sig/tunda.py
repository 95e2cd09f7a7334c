"""tunda(): run a job now, or queue it for the worker — the one place that reads the "background or now" switch
of each queue. Callers name the job by its dotted path, so a service never imports its own tasks module (no
import cycle: tasks import services, never the other way round)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

# Queue → the setting that sends its jobs to the worker (off: the work runs in the request, e.g. `sig run`).
SAKLAR = {"notifikasi": "NOTIFIKASI_LATAR", "impor": "IMPOR_LATAR"}


def di_latar(antrean: str) -> bool:
    return bool(getattr(settings, SAKLAR[antrean]))


def tunda(tugas: str, antrean: str, sekarang: Callable[[], Any], **kwargs: Any) -> None:
    """Queue job `tugas` (e.g. "reports.tasks.kirim_notifikasi") with `kwargs` when `antrean` runs in the
    background, else call `sekarang()`. An unknown job name is an error, not a silently lost job."""
    if di_latar(antrean):
        from procrastinate.contrib.django import app

        app.configure_task(tugas, allow_unknown=False).defer(**kwargs)
    else:
        sekarang()
