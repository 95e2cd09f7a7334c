"""Operator screens for imports: upload → preview (dry run) → save; runs per desa; exports."""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from importers.forms import KETERANGAN, PemetaanForm, UnggahForm
from importers.jalankan import jalankan_run
from importers.models import ImportRun, ProfilPemetaan, Target
from importers.permintaan import Permintaan, folder_unggahan
from importers.pipeline import MAKS_BYTE
from importers.targets import IMPORTERS
from sig.akun import scope
from sig.akun.scope import Action
from sig.tampilan import staf_saja
from sig.tunda import tunda

logger = logging.getLogger(__name__)


def _runs(user):
    return scope.filter_queryset(user, Action.VIEW, ImportRun.objects.select_related("desa", "dibuat_oleh"))


def _mulai(run: ImportRun) -> None:
    def sekarang() -> None:
        try:
            jalankan_run(str(run.pk))
        except Exception:  # recorded on the run and logged by run_import; the page shows it
            logger.info("Impor %s gagal; rinciannya ada di riwayat impor", run.pk)

    tunda("importers.tasks.jalankan_impor", "impor", sekarang, run_id=str(run.pk))


@staf_saja
def daftar(request):
    """Steps 1–2 of the wizard (target, then file and the options of that target); without JavaScript too:
    step 1 is a list of links, step 2 a plain form. Steps 3–4 (mapping and preview, save) are the run's page."""
    tujuan = request.POST.get("target") or request.GET.get("tujuan") or ""
    tujuan = tujuan if tujuan in Target.values else ""
    if request.method != "POST" and not tujuan:
        context = {
            "form": None,
            "tujuan_list": _tujuan_list(request.user),
            "runs": _runs(request.user)[:50],
            "langkah": 1,
        }
        return render(request, "importers/daftar.html", context)
    form = UnggahForm(request.POST or None, request.FILES or None, user=request.user, tujuan=tujuan or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["berkas"]
        if upload.size > MAKS_BYTE:
            pesan = _("Berkas terlalu besar; batasnya %(mb)d MB.") % {"mb": MAKS_BYTE // 1024**2}
            if form.cleaned_data["target"] == Target.DESA:
                pesan += " " + _("Muat batas wilayah sebesar ini dengan perintah `sig manage load_wilayah` di server.")
            form.add_error("berkas", pesan)
        else:
            berkas = folder_unggahan() / f"{uuid.uuid4().hex}.unggahan"
            with berkas.open("wb") as sink:
                for chunk in upload.chunks():
                    sink.write(chunk)
            run = form.permintaan(berkas, by=request.user).to_run()
            run.save()
            _mulai(run)
            run.refresh_from_db()
            if run.status != ImportRun.Status.GAGAL:
                return redirect("importers:detail", pk=run.pk)
            # The preview failed at once (a broken or hostile file): say why on the form, as a 400.
            form.add_error("berkas", run.pesan)
    context = {
        "form": form,
        "tujuan": tujuan,
        "tujuan_label": Target(tujuan).label if tujuan else "",
        "runs": _runs(request.user)[:50],
        "langkah": 2,
    }
    return render(request, "importers/daftar.html", context, status=400 if form.errors else 200)


def _tujuan_list(user) -> list[dict[str, object]]:
    """The targets this user can import into (boundaries: admin kecamatan and superadmin only)."""
    from sig.akun.models import Peran

    batas = user.is_superuser or user.peran in {Peran.ADMIN_KECAMATAN, Peran.SUPERADMIN}
    return [
        {"kode": t.value, "label": t.label, "keterangan": KETERANGAN[t]} for t in Target if t != Target.DESA or batas
    ]


def _run_atau_404(request, pk) -> ImportRun:
    run = _runs(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def _pemetaan_form(run: ImportRun, data=None):
    importer = IMPORTERS.get(run.target)
    if importer is None or not (run.pratinjau or {}).get("kolom"):
        return None
    return PemetaanForm(
        data,
        kolom_tujuan=[k.nama for k in importer.kolom],
        kolom_sumber=run.pratinjau["kolom"],
        awal=run.pemetaan or {},
        initial={"epsg": run.epsg, "encoding": run.opsi.get("encoding", "")},
    )


@staf_saja
def detail(request, pk):
    run = _run_atau_404(request, pk)
    mine = run.dibuat_oleh_id == request.user.pk
    masalah = run.masalah or []
    pratinjau = run.pratinjau or {}
    context = {
        "run": run,
        "langkah": 3 if run.dry_run else 4,
        "peta": pratinjau.get("peta") or {"type": "FeatureCollection", "features": []},
        # What would stop a save (the same file saved before), shown on the preview itself.
        "penghalang": [m for m in masalah if m.get("tingkat") == "run"] if run.dry_run else [],
        "peringatan": [m for m in masalah if m.get("tingkat") == "peringatan"],
        "catatan_kolom": [m for m in masalah if m.get("tingkat") == "kolom"],
        "masalah_lain": [
            m
            for m in masalah
            if m.get("tingkat") not in {"peringatan", "kolom"} and not (run.dry_run and m.get("tingkat") == "run")
        ],
        "batas": pratinjau if run.target == "desa" and "per_tingkat" in pratinjau else None,
        "bisa_simpan": run.status == ImportRun.Status.PRATINJAU and mine,
        "pemetaan_form": _pemetaan_form(run) if run.dry_run and mine else None,
    }
    return render(request, "importers/detail.html", context)


@staf_saja
@require_POST
def ulang(request, pk):
    """Run the preview again with another mapping, CRS or encoding (the same uploaded file)."""
    preview = _run_atau_404(request, pk)
    if not preview.dry_run or preview.dibuat_oleh_id != request.user.pk:
        raise PermissionDenied(_("Hanya pratinjau Anda sendiri yang dapat diulang."))
    form = _pemetaan_form(preview, request.POST)
    if form is None or not form.is_valid():
        messages.error(request, _("Pemetaan tidak valid."))
        return redirect("importers:detail", pk=preview.pk)
    mapping = form.pemetaan()
    if form.cleaned_data["nama_profil"] and preview.desa:
        ProfilPemetaan.objects.update_or_create(
            desa=preview.desa,
            target=preview.target,
            nama=form.cleaned_data["nama_profil"],
            defaults={"pemetaan": mapping, "dibuat_oleh": request.user},
        )
        messages.success(request, _("Profil pemetaan tersimpan."))
    data = form.cleaned_data
    ubah = {"pemetaan": mapping, "epsg": data["epsg"], "encoding": data["encoding"] or None}
    run = Permintaan.from_run(preview, by=request.user, **ubah).to_run()
    run.save()
    _mulai(run)
    return redirect("importers:detail", pk=run.pk)


@staf_saja
@require_GET
def status(request, pk):
    run = _run_atau_404(request, pk)
    return JsonResponse({"status": run.status, "progres": run.progres, "pesan": run.pesan})


@staf_saja
@require_POST
def simpan(request, pk):
    preview = _run_atau_404(request, pk)
    if preview.status != ImportRun.Status.PRATINJAU or preview.dibuat_oleh_id != request.user.pk:
        raise PermissionDenied(_("Hanya pratinjau Anda sendiri yang dapat disimpan."))
    # The preview's request, so the save runs what the preview ran; 'impor ulang' may be ticked on the preview.
    p = Permintaan.from_run(preview)
    paksa = p.paksa or "paksa" in request.POST
    run = replace(p, by=request.user, dry_run=False, pemetaan=preview.pemetaan or None, paksa=paksa).to_run()
    run.save()
    _mulai(run)
    messages.info(request, _("Impor dijalankan."))
    return redirect(reverse("importers:detail", kwargs={"pk": run.pk}))
