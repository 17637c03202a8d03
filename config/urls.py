from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.health import healthz
from pendataan.views.luring import manifest, service_worker

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="akun:beranda", permanent=False), name="root"),
    path("healthz", healthz, name="healthz"),
    # at the root: a service worker's scope is the folder it is served from
    path("sw.js", service_worker, name="service_worker"),
    path("manifest.webmanifest", manifest, name="manifest"),
    path("akun/", include("akun.urls")),
    path("wilayah/", include("wilayah.urls")),
    path("petugas/", include("petugas.urls")),
    path("pendataan/", include("pendataan.urls")),
    path("bansos/", include("bansos.urls")),
    path("siksng/", include("siksng.urls")),
    path("dasbor/", include("dasbor.urls")),
    path("pimpinan/", include("pimpinan.urls")),
    path("audit/", include("audit.urls")),
    path("django-admin/", admin.site.urls),
]

# Indonesian pages, and JSON for the phone's endpoints (config/galat.py).
handler400 = "config.galat.galat_400"
handler403 = "config.galat.galat_403"
handler404 = "config.galat.galat_404"
handler500 = "config.galat.galat_500"

admin.site.site_header = "Portal 1 ASN 1 RW"
admin.site.site_title = "Portal 1 ASN 1 RW"
