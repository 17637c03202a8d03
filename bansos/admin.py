from django.contrib import admin

from bansos.models import Periode, Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode", "sumber_dana", "sasaran", "aktif"]
    list_filter = ["sumber_dana", "sasaran", "aktif"]


@admin.register(Periode)
class PeriodeAdmin(admin.ModelAdmin):
    list_display = ["program", "nama", "mulai", "selesai"]
    list_filter = ["program"]
