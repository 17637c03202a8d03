from django.contrib import admin

from siksng.models import BulanSiksng, Pengaturan


@admin.register(Pengaturan)
class PengaturanAdmin(admin.ModelAdmin):
    list_display = ["hari_batas", "diubah_oleh", "updated_at"]


@admin.register(BulanSiksng)
class BulanSiksngAdmin(admin.ModelAdmin):
    list_display = ["bulan", "hari_batas", "ditutup_oleh", "ditutup_at"]
    readonly_fields = ["bulan", "hari_batas", "ditutup_oleh", "ditutup_at"]
