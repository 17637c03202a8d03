"""The pendataan app's URLs: each views module owns its part of the list."""

from pendataan.views import impor, kunjungan

app_name = "pendataan"

urlpatterns = [*kunjungan.urlpatterns, *impor.urlpatterns]
