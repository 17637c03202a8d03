"""The pendataan app's URLs: each views module owns its part of the list."""

from pendataan.views import desil, impor, kunjungan, luring, pemeriksaan

app_name = "pendataan"

urlpatterns = [
    *kunjungan.urlpatterns,
    *pemeriksaan.urlpatterns,
    *impor.urlpatterns,
    *luring.urlpatterns,
    *desil.urlpatterns,
]
