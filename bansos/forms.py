"""Forms shared by the pages that count a round of every program."""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from akun.access import peran_efektif
from akun.models import User
from bansos.rekap import nama_periode_list
from bansos.selectors import PERAN_REKAP_SEKOTA
from wilayah.models import Kecamatan
from wilayah.selectors import kecamatan_for


class PilihPeriodeForm(forms.Form):
    """A round (a period name every program shares) and, for a city-wide role, a
    kecamatan; an admin kecamatan has their own, nothing to choose."""

    periode = forms.ChoiceField(label=gettext_lazy("Periode bansos"), required=False)
    kecamatan = forms.ModelChoiceField(
        label=gettext_lazy("Kecamatan"),
        queryset=Kecamatan.objects.none(),
        required=False,
        empty_label=gettext_lazy("Seluruh kota (per kecamatan)"),
    )

    def __init__(self, *args, user: User, nama_list: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [(n, n) for n in nama_list]
        if peran_efektif(user) in PERAN_REKAP_SEKOTA:
            self.fields["kecamatan"].queryset = kecamatan_for(user).order_by("nama")
        else:
            del self.fields["kecamatan"]


def pilih_periode(request: HttpRequest) -> tuple[PilihPeriodeForm, str, Kecamatan | None]:
    """The form, the round chosen (the newest by default) and the kecamatan (none: the
    city). A bad choice shows on the form; the good ones still count."""
    nama_list = nama_periode_list()
    form = PilihPeriodeForm(request.GET or None, user=request.user, nama_list=nama_list)
    pilihan = {}
    if form.is_bound:
        form.full_clean()
        pilihan = form.cleaned_data
    nama = pilihan.get("periode") or next(iter(nama_list), "")
    form.initial["periode"] = nama
    if "kecamatan" in form.fields:
        return form, nama, pilihan.get("kecamatan")
    return form, nama, request.user.kecamatan
