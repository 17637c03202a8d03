"""The bansos app's URLs: each views module owns its part of the list."""

from bansos.views import desil, ekspor, impor, program, rekap, tugas

app_name = "bansos"

urlpatterns = [
    *impor.urlpatterns,
    *ekspor.urlpatterns,
    *program.urlpatterns,
    *rekap.urlpatterns,
    *desil.urlpatterns,
    *tugas.urlpatterns,
]
