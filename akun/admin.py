from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from akun.models import User


@admin.register(User)
class PenggunaAdmin(UserAdmin):
    list_display = ["username", "first_name", "peran", "kecamatan", "is_active"]
    list_filter = ["peran", "kecamatan", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, ("Peran", {"fields": ["peran", "kecamatan"]})]
    add_fieldsets = [*UserAdmin.add_fieldsets, ("Peran", {"fields": ["peran", "kecamatan"]})]
