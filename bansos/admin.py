from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from bansos.models import Periode, Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode", "sumber_dana", "sasaran", "batas_desil", "aktif"]
    list_filter = ["sumber_dana", "sasaran", "aktif"]


class PeriodeAdminForm(forms.ModelForm):
    """The same rule as `periode_buat`: periods of a program never overlap."""

    class Meta:
        model = Periode
        fields = ["program", "nama", "mulai", "selesai"]

    def clean(self):
        data = super().clean()
        program, mulai, selesai = data.get("program"), data.get("mulai"), data.get("selesai")
        if program and mulai and selesai:
            tumpang = (
                program.periode_set.filter(mulai__lte=selesai, selesai__gte=mulai)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if tumpang is not None:
                raise forms.ValidationError(
                    _("Periode ini bertumpang tindih dengan periode %(nama)s.")
                    % {"nama": tumpang.nama}
                )
        return data


@admin.register(Periode)
class PeriodeAdmin(admin.ModelAdmin):
    form = PeriodeAdminForm
    list_display = ["program", "nama", "mulai", "selesai"]
    list_filter = ["program"]
