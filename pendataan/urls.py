"""The pendataan app's URLs: each views module owns its part of the list."""

from pendataan.views import impor, kunjungan, pemeriksaan

app_name = "pendataan"

urlpatterns = [*kunjungan.urlpatterns, *pemeriksaan.urlpatterns, *impor.urlpatterns]
