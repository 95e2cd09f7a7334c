from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

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
    return render(request, "akun/profil.html", {"form": form}, status=400 if form.errors else 200)
