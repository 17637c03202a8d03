"""The SIKS-NG cycle's forms: the cut-off day and the muskel with its decisions."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansos.verifikasi import teks_bersih
from siksng.models import HARI_BATAS_TERAKHIR, Aksi, JenisMuskel, Putusan
from siksng.perubahan import Perubahan
from siksng.services import KeputusanMasuk, MuskelMasuk

MAKS_PESERTA = 30
BARIS_PESERTA = 8  # empty rows on the form; more come with a second send


class PengaturanForm(forms.Form):
    hari_batas = forms.IntegerField(
        label=gettext_lazy("Tanggal batas setiap bulan"),
        min_value=1,
        max_value=HARI_BATAS_TERAKHIR,
        error_messages={
            "required": gettext_lazy("Tulis tanggal batasnya (1 sampai 28)."),
            "invalid": gettext_lazy("Tanggal batas harus angka 1 sampai 28."),
            "min_value": gettext_lazy("Tanggal batas harus angka 1 sampai 28."),
            "max_value": gettext_lazy("Tanggal batas harus angka 1 sampai 28."),
        },
    )


def _teks(nilai: str, maks: int) -> str:
    return " ".join(teks_bersih(nilai).split())[:maks]


BAWAAN = "bawaan_putusan"  # the decision for every change left unchosen


class MuskelForm(forms.Form):
    jenis = forms.ChoiceField(
        label=gettext_lazy("Jenis"),
        choices=JenisMuskel.choices,
        initial=JenisMuskel.MUSKEL,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Pilih musyawarah kelurahan atau SPTJM."),
            "invalid_choice": gettext_lazy("Pilih musyawarah kelurahan atau SPTJM."),
        },
    )
    tanggal = forms.DateField(
        label=gettext_lazy("Tanggal"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": gettext_lazy("Tulis tanggal musyawarah atau SPTJM."),
            "invalid": gettext_lazy("Tanggal tidak dikenali."),
        },
    )
    tempat = forms.CharField(label=gettext_lazy("Tempat"), max_length=200, required=False)
    penandatangan = forms.CharField(
        label=gettext_lazy("Penandatangan SPTJM"), max_length=150, required=False
    )
    jabatan_penandatangan = forms.CharField(
        label=gettext_lazy("Jabatan penandatangan"), max_length=150, required=False
    )

    def __init__(self, *args, perubahan: list[Perubahan], **kwargs):
        super().__init__(*args, **kwargs)
        self.perubahan = perubahan

    def _peserta(self) -> tuple[tuple[str, str], ...]:
        nama = self.data.getlist("peserta_nama") if isinstance(self.data, QueryDict) else []
        peran = self.data.getlist("peserta_peran") if isinstance(self.data, QueryDict) else []
        peserta = []
        for i in range(max(len(nama), len(peran))):
            n = _teks(nama[i] if i < len(nama) else "", 150)
            p = _teks(peran[i] if i < len(peran) else "", 150)
            if not n and not p:
                continue
            if not n or not p:
                raise ValidationError(_("Tulis nama dan jabatan/unsur setiap peserta."))
            peserta.append((n, p))
        if len(peserta) > MAKS_PESERTA:
            raise ValidationError(_("Peserta paling banyak 30 orang."))
        return tuple(peserta)

    def _keputusan(self) -> dict[str, KeputusanMasuk]:
        # a big kelurahan brings hundreds of changes: one choice for every row left
        # unchosen (agreed or postponed; "changed" needs its own text)
        bawaan = self.data.get(BAWAAN, "")
        if bawaan and bawaan not in (Putusan.DISEPAKATI, Putusan.DITUNDA):
            raise ValidationError(
                _("Keputusan untuk yang tidak dipilih hanya boleh Disepakati atau Ditunda.")
            )
        keputusan = {}
        for p in self.perubahan:
            putusan = self.data.get(f"putusan_{p.kunci}", "") or bawaan
            if not putusan:
                continue  # the service says how many are missing
            if putusan not in Putusan.values:
                raise ValidationError(_("Keputusan untuk salah satu perubahan tidak dikenal."))
            aksi = self.data.get(f"aksi_{p.kunci}", "")
            if aksi and aksi not in Aksi.values:
                raise ValidationError(_("Aksi pengganti tidak dikenal."))
            keputusan[p.kunci] = KeputusanMasuk(
                putusan=putusan,
                aksi=aksi,
                diubah_menjadi=_teks(self.data.get(f"ubah_{p.kunci}", ""), 500),
                catatan=_teks(self.data.get(f"catatan_{p.kunci}", ""), 500),
            )
        # keys of changes the form did not show (a stale form): the service refuses them
        ditampilkan = {p.kunci for p in self.perubahan}
        for kunci in self.data:
            if kunci.startswith("putusan_") and kunci[8:] not in ditampilkan:
                keputusan[kunci[8:]] = KeputusanMasuk(putusan=self.data[kunci])
        return keputusan

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if tanggal > timezone.localdate():
            raise ValidationError(_("Tanggal musyawarah atau SPTJM tidak boleh di masa depan."))
        return tanggal

    def clean(self):
        data = super().clean()
        self.peserta = self._peserta()
        self.keputusan = self._keputusan()
        return data

    def masuk(self) -> MuskelMasuk:
        d = self.cleaned_data
        return MuskelMasuk(
            jenis=d["jenis"],
            tanggal=d["tanggal"],
            tempat=_teks(d["tempat"], 200),
            penandatangan=_teks(d["penandatangan"], 150),
            jabatan_penandatangan=_teks(d["jabatan_penandatangan"], 150),
            peserta=self.peserta,
        )
