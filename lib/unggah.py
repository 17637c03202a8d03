"""The upload page every import shares: a file form, the import, and on refusal the
row-by-row report (the first rows on the page, all of them as a CSV download kept in
the uploader's session)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.tabular import ImportRefused, laporan_simpan

LAPORAN_DITAMPILKAN = 200


class BerkasForm(forms.Form):
    berkas = forms.FileField(
        error_messages={
            "required": gettext_lazy("Pilih berkas .xlsx atau .csv untuk diunggah."),
            "empty": gettext_lazy("Berkas yang diunggah kosong."),
        },
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, label: str, maks_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["berkas"].label = label
        self.maks_bytes = maks_bytes
        self.maks_mb = maks_bytes // (1024 * 1024)

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > self.maks_bytes:
            raise ValidationError(
                _("Berkas lebih dari %(maks)d MB; bagi menjadi beberapa berkas.")
                % {"maks": self.maks_mb}
            )
        return berkas


def unggah_impor(
    request: HttpRequest, *, form: BerkasForm, impor: Callable, nama_sesi: str
) -> tuple[object | None, dict | None]:
    """Run `impor(data=, filename=, oleh=)` on a valid POSTed file.

    Returns (result, None) when the file was imported, (None, report) when it was
    refused, and (None, None) when there is nothing to import (GET, invalid form).
    """
    if request.method != "POST" or not form.is_valid():
        return None, None
    berkas = form.cleaned_data["berkas"]
    try:
        return impor(data=berkas.read(), filename=berkas.name, oleh=request.user), None
    except ImportRefused as refused:
        kunci = laporan_simpan(
            request.session, nama_sesi=nama_sesi, berkas=berkas.name, errors=refused.errors
        )
        return None, {
            "kunci": kunci,
            "berkas": berkas.name,
            "jumlah": len(refused.errors),
            "errors": refused.errors[:LAPORAN_DITAMPILKAN],
        }
