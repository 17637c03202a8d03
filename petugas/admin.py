from django.contrib import admin

from petugas.models import OPD, Penugasan, Petugas


@admin.register(OPD)
class OPDAdmin(admin.ModelAdmin):
    list_display = ["nama", "singkatan", "kuota"]
    search_fields = ["nama", "singkatan"]


@admin.register(Petugas)
class PetugasAdmin(admin.ModelAdmin):
    list_display = ["nama", "ni_pppk", "opd", "kelurahan_domisili"]
    list_filter = ["opd"]
    search_fields = ["nama", "ni_pppk"]
    raw_id_fields = ["user", "kelurahan_domisili"]


@admin.register(Penugasan)
class PenugasanAdmin(admin.ModelAdmin):
    list_display = ["petugas", "rw", "mulai", "selesai", "nomor_sk"]
    list_filter = ["selesai"]
    raw_id_fields = ["petugas", "rw", "created_by"]
