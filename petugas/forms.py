import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from petugas.models import OPD, Petugas, RencanaPenempatan
from wilayah.models import Kecamatan


class RencanaForm(forms.Form):
    cakupan = forms.ChoiceField(
        label=_("Cakupan"),
        choices=RencanaPenempatan.Cakupan.choices,
        initial=RencanaPenempatan.Cakupan.PROGRAM,
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan (untuk cakupan satu kecamatan)"),
        queryset=Kecamatan.objects.defer("batas"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("cakupan") == RencanaPenempatan.Cakupan.KECAMATAN and not data.get("kecamatan"):
            self.add_error("kecamatan", _("Pilih kecamatan untuk cakupan satu kecamatan."))
        return data


class TerapkanForm(forms.Form):
    nomor_sk = forms.CharField(label=_("Nomor SK penempatan"), max_length=100)


class TempatkanForm(forms.Form):
    petugas = forms.ModelChoiceField(
        label=_("Petugas"), queryset=Petugas.objects.none(), to_field_name="pk"
    )
    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=100)
    alasan = forms.CharField(label=_("Alasan"), max_length=255)

    def __init__(self, *args, petugas: "forms.QuerySet[Petugas]", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petugas"].queryset = petugas


class AkhiriForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan"), max_length=255)
    petugas_berhenti = forms.BooleanField(
        label=_("Petugas berhenti (tidak ikut penempatan berikutnya)"), required=False
    )


class OPDForm(forms.Form):
    nama = forms.CharField(label=_("Nama"), max_length=200)
    singkatan = forms.CharField(label=_("Singkatan"), max_length=30, required=False)
    kuota = forms.IntegerField(label=_("Kuota petugas (alokasi)"), min_value=0, max_value=10_000)


class PetugasFilter(django_filters.FilterSet):
    STATUS = [
        ("ditempatkan", _("Ditempatkan")),
        ("kandidat", _("Belum ditempatkan")),
        ("tidak_bersedia", _("Tidak bersedia / berhenti")),
    ]
    q = django_filters.CharFilter(label=_("Cari nama atau NI PPPK"), method="filter_q")
    opd = django_filters.ModelChoiceFilter(label=_("OPD"), queryset=OPD.objects.all())
    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        queryset=Kecamatan.objects.defer("batas"),
        method="filter_kecamatan",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS, method="filter_status")

    class Meta:
        model = Petugas
        fields = ["q", "opd", "kecamatan", "status"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(nama__icontains=value) | Q(ni_pppk__startswith=value.strip()))

    def filter_kecamatan(self, queryset, name, value):
        """Where an officer serves; a candidate not placed counts where they live."""
        return queryset.filter(
            Q(
                penugasan_set__selesai__isnull=True,
                penugasan_set__rw__kelurahan__kecamatan=value,
            )
            | Q(ditempatkan=False, kelurahan_domisili__kecamatan=value)
        ).distinct()

    def filter_status(self, queryset, name, value):
        if value == "ditempatkan":
            return queryset.filter(ditempatkan=True)
        if value == "kandidat":
            return queryset.filter(ditempatkan=False, tersedia=True)
        return queryset.filter(tersedia=False, ditempatkan=False)
