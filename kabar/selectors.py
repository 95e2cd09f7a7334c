"""Reads of kabar and agenda with their rule: the public sees what is published and due; staff their scope."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kabar.models import Agenda, Kabar, Terbitan
from sig.akun import scope
from sig.akun.scope import Action

if TYPE_CHECKING:
    from sig.akun.models import AnyUser


def _milik(qs: QuerySet, *, desa: Any = None, kecamatan: Any = None, dengan_desa: bool = False) -> QuerySet:
    if desa is not None:
        return qs.filter(desa=desa)
    if kecamatan is not None:
        return qs.filter(kecamatan=kecamatan) if dengan_desa else qs.filter(kecamatan=kecamatan, desa__isnull=True)
    return qs


def kabar_publik(*, desa: Any = None, kecamatan: Any = None, dengan_desa: bool = False) -> QuerySet[Kabar]:
    """Published kabar (scheduled ones from their time on), newest first."""
    qs = Kabar.objects.filter(Kabar.scope_public_q()).select_related("desa", "kecamatan")
    return _milik(qs, desa=desa, kecamatan=kecamatan, dengan_desa=dengan_desa).order_by("-terbit_pada", "-pk")


def agenda_publik(*, desa: Any = None, kecamatan: Any = None, dengan_desa: bool = False) -> QuerySet[Agenda]:
    qs = Agenda.objects.filter(Agenda.scope_public_q()).select_related("desa", "kecamatan")
    return _milik(qs, desa=desa, kecamatan=kecamatan, dengan_desa=dengan_desa)


def agenda_mendatang(**where: Any) -> QuerySet[Agenda]:
    """Events not over yet (an event without an end lasts its day), soonest first."""
    now = timezone.now()
    return (
        agenda_publik(**where)
        .filter(Q(selesai__gte=now) | Q(selesai__isnull=True, mulai__gte=now - timedelta(hours=12)))
        .order_by("mulai", "pk")
    )


def lihat_atau_404(user: AnyUser, model: type[Terbitan], pk: int) -> Any:
    """One kabar/agenda for `user`: drafts and scheduled ones only for staff in scope (404 for everyone else)."""
    obj = model._default_manager.select_related("desa", "kecamatan").filter(pk=pk).first()
    if obj is None or not scope.can(user, Action.VIEW, obj):
        raise Http404("Kabar atau agenda tidak ditemukan.")
    return obj


def kelola(user: AnyUser, model: type[Terbitan]) -> QuerySet:
    """Everything `user` may change, drafts first, newest first."""
    qs = model._default_manager.select_related("desa", "kecamatan", "penulis")
    return scope.filter_queryset(user, Action.CHANGE, qs).order_by("status", "-diubah")
