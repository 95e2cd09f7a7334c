"""The admin kecamatan's screen for the operators of their kecamatan: list, invite, assign desa, (de)activate.
Who may do what is decided in sig.akun.scope (desa_kelola_operator, penolakan_kelola_operator)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sig.akun import scope, services
from sig.akun.forms import OperatorBaruForm, OperatorDesaForm
from sig.akun.models import User
from sig.tampilan import pasang_error
from sig.wilayah.models import Desa


def _wajib_pengelola(request: HttpRequest) -> None:
    if not scope.boleh_kelola_operator(request.user):
        raise PermissionDenied(scope.PESAN_BUKAN_PENGELOLA)


def _operator(request: HttpRequest, pk: int) -> User:
    """The account `pk`, when the rule lets this user manage it (a clear 403 otherwise)."""
    _wajib_pengelola(request)
    operator = User.objects.filter(pk=pk).first()
    if operator is None:
        raise Http404(_("Akun operator tidak ditemukan."))
    if refusal := scope.penolakan_kelola_operator(request.user, operator):
        raise PermissionDenied(refusal)
    return operator


@login_required
def daftar(request):
    """The operators of the user's kecamatan, and the invitation form."""
    _wajib_pengelola(request)
    form = OperatorBaruForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            baru = services.operator_undang(email=d["email"], nama=d["nama"], desa=d["desa"], by=request.user)
        except ValidationError as exc:
            pasang_error(form, exc)
        else:
            messages.success(
                request,
                _("Akun operator %(email)s dibuat; undangan untuk membuat kata sandi dikirim ke email itu.")
                % {"email": baru.email},
            )
            return redirect("akun_operator")
    operators = (
        scope.operator_terkelola(request.user, User.objects.all())
        .prefetch_related(Prefetch("desa_kerja", queryset=Desa.objects.select_related("kecamatan").order_by("nama")))
        .order_by("-is_active", "nama", "email")
    )
    context = {"form": form, "operators": operators}
    return render(request, "akun/operator_daftar.html", context, status=400 if form.errors else 200)


@login_required
def ubah(request, pk: int):
    """Assign the desa of the user's kecamatan to one operator; deactivate or reactivate it."""
    operator = _operator(request, pk)
    reach = scope.desa_kelola_operator(request.user)
    milik = operator.desa_kerja.select_related("kecamatan").order_by("nama")
    initial = {"desa": [d.pk for d in milik if reach is scope.ALL or d.pk in reach]}
    data = request.POST if request.method == "POST" else None
    form = OperatorDesaForm(data, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.operator_atur_desa(operator=operator, desa=form.cleaned_data["desa"], by=request.user)
        except ValidationError as exc:
            pasang_error(form, exc)
        else:
            messages.success(request, _("Desa tugas %(nama)s tersimpan.") % {"nama": operator})
            return redirect("akun_operator_ubah", pk=operator.pk)
    context = {
        "operator": operator,
        "form": form,
        "desa_lain": [d for d in milik if reach is not scope.ALL and d.pk not in reach],
    }
    return render(request, "akun/operator_ubah.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def aktif(request, pk: int):
    """Deactivate (aktif=0) or reactivate (aktif=1) an operator account."""
    _wajib_pengelola(request)
    nilai = request.POST.get("aktif", "")
    if nilai not in {"0", "1"}:
        return render(
            request,
            "galat.html",
            {"judul": _("Permintaan tidak sah"), "pesan": _("Pilih aktifkan atau nonaktifkan akun.")},
            status=400,
        )
    operator = User.objects.filter(pk=pk).first()
    if operator is None:
        raise Http404(_("Akun operator tidak ditemukan."))
    services.operator_atur_aktif(operator=operator, aktif=nilai == "1", by=request.user)  # PermissionDenied: 403
    if nilai == "1":
        messages.success(request, _("Akun %(nama)s aktif kembali.") % {"nama": operator})
    else:
        messages.success(request, _("Akun %(nama)s dinonaktifkan; ia tidak dapat masuk lagi.") % {"nama": operator})
    return redirect("akun_operator_ubah", pk=operator.pk)
