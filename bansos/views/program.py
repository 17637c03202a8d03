"""Dinsos sees the programs and adds their periods (never overlapping)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from akun.access import peran_required
from akun.models import Peran
from bansos.models import Periode, Program
from bansos.services import periode_buat, program_batas_desil_ubah
from pendataan.dtsen import DESIL_TERENDAH, DESIL_TERTINGGI


class PeriodeForm(forms.Form):
    program = forms.ModelChoiceField(
        label=gettext_lazy("Program"),
        queryset=Program.objects.filter(aktif=True),
        error_messages={
            "required": gettext_lazy("Pilih programnya."),
            "invalid_choice": gettext_lazy("Program tidak dikenal atau tidak aktif."),
        },
    )
    nama = forms.CharField(label=gettext_lazy("Nama periode"), max_length=100)
    mulai = forms.DateField(
        label=gettext_lazy("Mulai"), widget=forms.DateInput(attrs={"type": "date"})
    )
    selesai = forms.DateField(
        label=gettext_lazy("Selesai"), widget=forms.DateInput(attrs={"type": "date"})
    )


class BatasDesilForm(forms.Form):
    batas_desil = forms.IntegerField(
        label=gettext_lazy("Batas desil"),
        required=False,
        min_value=DESIL_TERENDAH,
        max_value=DESIL_TERTINGGI,
        error_messages={
            "invalid": gettext_lazy("Batas desil harus angka 1 sampai 10, atau kosong."),
            "min_value": gettext_lazy("Batas desil harus angka 1 sampai 10, atau kosong."),
            "max_value": gettext_lazy("Batas desil harus angka 1 sampai 10, atau kosong."),
        },
    )


@peran_required(Peran.DINSOS)
@require_POST
def program_batas_desil(request: HttpRequest, pk: int) -> HttpResponse:
    """Dinsos sets a program's desil ceiling (empty: none)."""
    program = get_object_or_404(Program, pk=pk)
    form = BatasDesilForm(request.POST)
    if form.is_valid():
        program_batas_desil_ubah(program=program, batas_desil=form.cleaned_data["batas_desil"])
        messages.success(request, _("Batas desil %(p)s disimpan.") % {"p": program.nama})
    else:
        for pesan in form.errors["batas_desil"]:
            messages.error(request, pesan)
    return redirect("bansos:program_daftar")


@peran_required(Peran.DINSOS)
@require_http_methods(["GET", "POST"])
def program_daftar(request: HttpRequest) -> HttpResponse:
    form = PeriodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            periode = periode_buat(**form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Periode %(p)s ditambahkan.") % {"p": periode})
            return redirect("bansos:program_daftar")
    program = Program.objects.prefetch_related(
        Prefetch(
            "periode_set",
            queryset=Periode.objects.annotate(jumlah_penerima=Count("penerima_set")),
        )
    )
    return render(request, "bansos/program_daftar.html", {"form": form, "program_list": program})


urlpatterns = [
    path("program/", program_daftar, name="program_daftar"),
    path("program/<int:pk>/batas-desil/", program_batas_desil, name="program_batas_desil"),
]
