"""The petugas app's URLs: each views module owns its part of the list."""

from petugas.views import aktivitas, daftar, impor, kartu, penempatan

app_name = "petugas"

urlpatterns = [
    *daftar.urlpatterns,
    *impor.urlpatterns,
    *penempatan.urlpatterns,
    *kartu.urlpatterns,
    *aktivitas.urlpatterns,
]
