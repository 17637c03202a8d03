from django.urls import path

from audit.views import laporan, log_baca, log_perubahan, permintaan_daftar, permintaan_tutup_view

app_name = "audit"


urlpatterns = [
    path("perubahan/", log_perubahan, name="log_perubahan"),
    path("baca/", log_baca, name="log_baca"),
    path("laporan/", laporan, name="laporan"),
    path("permintaan/", permintaan_daftar, name="permintaan_daftar"),
    path("permintaan/<int:pk>/tutup/", permintaan_tutup_view, name="permintaan_tutup"),
]
