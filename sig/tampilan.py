"""Helpers every app's screens share: staff-only screens, service errors onto forms, notices, selections."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def staf_saja(view: Callable[..., Any]) -> Callable[..., Any]:
    """Management screens: signed-in staff (operator, perencana, admin kecamatan, superadmin) only."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied("Halaman ini khusus operator dan staf desa/kecamatan.")
        return view(request, *args, **kwargs)

    return wrapper


def pasang_error(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (or on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def umumkan(request: HttpRequest, notices: list[str]) -> None:
    for notice in notices:
        messages.info(request, notice)


def pilih_ids(request: HttpRequest, limit: int = 1000) -> list[int]:
    values = request.POST.getlist("pilih")
    ids = [int(v) for v in values if v.isdecimal()]
    if not ids or len(ids) != len(values) or len(ids) > limit:
        raise ValidationError(f"Pilih 1–{limit} data.")
    return ids
