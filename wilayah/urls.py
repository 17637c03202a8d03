from django.urls import path

from wilayah import views

app_name = "wilayah"

urlpatterns = [
    path("kecamatan/", views.kecamatan_list, name="kecamatan_list"),
    path("kecamatan/<str:kode>/", views.kecamatan_detail, name="kecamatan_detail"),
    path("kelurahan/<str:kode>/", views.kelurahan_detail, name="kelurahan_detail"),
    path("rw/<int:pk>/", views.rw_detail, name="rw_detail"),
    path("rw/<int:pk>/titik/", views.rw_titik, name="rw_titik"),
    path("batas/<str:tingkat>.geojson", views.batas, name="batas"),
]
