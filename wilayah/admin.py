from django.contrib import admin

from wilayah.models import RW, Kecamatan, Kelurahan


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "dalam_program"]
    list_filter = ["dalam_program"]
    search_fields = ["kode", "nama"]
    exclude = ["batas"]


@admin.register(Kelurahan)
class KelurahanAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "kecamatan"]
    list_filter = ["kecamatan"]
    search_fields = ["kode", "nama"]
    exclude = ["batas"]


@admin.register(RW)
class RWAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kelurahan", "nomor", "titik_sumber", "estimasi_demo"]
    list_filter = ["kelurahan__kecamatan", "titik_sumber", "estimasi_demo"]
    readonly_fields = ["sebaran_m", "jumlah_titik", "titik_oleh", "titik_at"]
    search_fields = ["kelurahan__nama"]
    list_select_related = ["kelurahan"]
