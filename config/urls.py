from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.health import healthz

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="akun:beranda", permanent=False), name="root"),
    path("healthz", healthz, name="healthz"),
    path("akun/", include("akun.urls")),
    path("wilayah/", include("wilayah.urls")),
    path("petugas/", include("petugas.urls")),
    path("pendataan/", include("pendataan.urls")),
    path("bansos/", include("bansos.urls")),
    path("django-admin/", admin.site.urls),
]

# Indonesian pages, and JSON for the phone's endpoints (config/galat.py).
handler400 = "config.galat.galat_400"
handler403 = "config.galat.galat_403"
handler404 = "config.galat.galat_404"
handler500 = "config.galat.galat_500"

admin.site.site_header = "Portal 1 ASN 1 RW"
admin.site.site_title = "Portal 1 ASN 1 RW"
