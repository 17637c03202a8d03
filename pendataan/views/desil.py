"""Dinsos uploads a DTSEN desil file and follows its processing."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from akun.access import peran_required
from akun.models import Peran
from bansos.views.impor import impor_status_render
from lib.unggah import BerkasForm
from pendataan.desil import (
    JENIS_PROGRES,
    MAKS_BARIS,
    MAKS_UKURAN,
    impor_desil_for,
    impor_desil_mulai,
)

IMPOR_TERAKHIR = 20


class ImporDesilForm(BerkasForm):
    berlaku_mulai = forms.DateField(
        label=gettext_lazy("Desil berlaku mulai (bila berkas tidak punya kolom berlaku_mulai)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Tanggal tidak sah: tulis HH-BB-TTTT.")},
    )
    field_order = ["berkas", "berlaku_mulai"]


@peran_required(Peran.DINSOS)
@require_http_methods(["GET", "POST"])
def impor_desil(request: HttpRequest) -> HttpResponse:
    form = ImporDesilForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        label=_("Berkas desil DTSEN (.xlsx atau .csv)"),
        maks_bytes=MAKS_UKURAN,
    )
    if request.method == "POST" and form.is_valid():
        try:
            impor = impor_desil_mulai(
                berkas=form.cleaned_data["berkas"],
                berlaku_mulai=form.cleaned_data["berlaku_mulai"],
                oleh=request.user,
            )
        except ValidationError as exc:
            form.add_error("berkas", exc)
        else:
            return redirect("pendataan:impor_desil_status", pk=impor.pk)
    terakhir = impor_desil_for(request.user)[:IMPOR_TERAKHIR]
    return render(
        request,
        "pendataan/impor_desil.html",
        {"form": form, "terakhir": terakhir, "maks_baris": MAKS_BARIS},
    )


@peran_required(Peran.DINSOS)
@require_GET
def impor_desil_status(request: HttpRequest, pk: int) -> HttpResponse:
    impor = get_object_or_404(impor_desil_for(request.user), pk=pk)
    return impor_status_render(
        request, impor, template="pendataan/impor_desil_status.html", jenis=JENIS_PROGRES
    )


urlpatterns = [
    path("desil/impor/", impor_desil, name="impor_desil"),
    path("desil/impor/<int:pk>/", impor_desil_status, name="impor_desil_status"),
]
