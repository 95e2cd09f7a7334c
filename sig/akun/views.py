from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from sig.akun import services
from sig.akun.forms import ProfilForm


@login_required
def profil(request):
    form = ProfilForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.warga_lengkapi_profil(
            user=request.user,
            nama=form.cleaned_data["nama"],
            desa_domisili=form.cleaned_data["desa_domisili"],
            telepon=form.cleaned_data["telepon"],
        )
        messages.success(request, _("Profil tersimpan."))
        return redirect("akun_profil")
    context = {
        "form": form,
        "token": Token.objects.filter(user=request.user).first(),
        "pengaduan_saya": request.user.pengaduan.select_related("kategori")[:50],
    }
    return render(request, "akun/profil.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def token_baru(request):
    """A fresh API token (desktop GIS, Open311 clients); the old one stops working."""
    Token.objects.filter(user=request.user).delete()
    Token.objects.create(user=request.user)
    messages.success(request, _("Token API baru dibuat; token lama tidak berlaku lagi."))
    return redirect("akun_profil")


@login_required
def hapus_akun(request):
    """Delete my account after re-entering the password."""
    from django.contrib.auth import logout

    salah = ""
    if request.method == "POST":
        if request.user.check_password(request.POST.get("password", "")):
            user = request.user
            logout(request)
            services.akun_hapus(user=user)
            messages.success(request, _("Akun Anda sudah dihapus. Laporan Anda tetap ada tanpa nama Anda."))
            return redirect("/")
        salah = _("Kata sandi salah; akun tidak dihapus.")
    return render(request, "akun/hapus.html", {"salah": salah}, status=400 if salah else 200)
