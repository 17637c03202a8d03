from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from audit.models import JenisBaca, JenisPermintaan
from audit.registrasi import DIIKUTI

NIK_POLA = r"^\d{16}$"
PESAN_NIK = _("NIK harus 16 angka.")


def _model_diaudit():
    return ContentType.objects.filter(
        app_label__in={label.split(".")[0] for label in DIIKUTI}
    ).order_by("app_label", "model")


class SaringForm(forms.Form):
    pelaku = forms.CharField(label=_("Pelaku (nama pengguna)"), required=False, max_length=150)
    dari = forms.DateField(label=_("Dari tanggal"), required=False)
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            raise forms.ValidationError(_("Tanggal 'dari' harus sebelum tanggal 'sampai'."))
        return data


class SaringAuditForm(SaringForm):
    model = forms.ModelChoiceField(
        label=_("Jenis objek"), queryset=ContentType.objects.none(), required=False
    )
    objek_id = forms.CharField(label=_("ID objek"), required=False, max_length=64)
    nik = forms.RegexField(
        label=_("NIK"), regex=NIK_POLA, required=False, error_messages={"invalid": PESAN_NIK}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = _model_diaudit()


class SaringBacaForm(SaringForm):
    jenis = forms.ChoiceField(
        label=_("Jenis"), choices=[("", _("Semua"))] + JenisBaca.choices, required=False
    )
    nomor = forms.RegexField(
        label=_("NIK/KK"),
        regex=NIK_POLA,
        required=False,
        error_messages={"invalid": _("NIK atau nomor KK harus 16 angka.")},
    )


class NikForm(forms.Form):
    nik = forms.RegexField(label=_("NIK"), regex=NIK_POLA, error_messages={"invalid": PESAN_NIK})


class PermintaanForm(forms.Form):
    nik = forms.RegexField(label=_("NIK"), regex=NIK_POLA, error_messages={"invalid": PESAN_NIK})
    jenis = forms.ChoiceField(label=_("Jenis permintaan"), choices=JenisPermintaan.choices)
    diterima_at = forms.DateTimeField(label=_("Diterima pada"))
    keterangan = forms.CharField(
        label=_("Keterangan"), widget=forms.Textarea, required=False, max_length=2000
    )


class TutupForm(forms.Form):
    hasil = forms.CharField(label=_("Hasil penanganan"), widget=forms.Textarea, max_length=2000)
