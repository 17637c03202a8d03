from django.urls import path

from dasbor import views

app_name = "dasbor"

urlpatterns = [
    path("kecamatan/<str:kode>/", views.kecamatan, name="kecamatan"),
    path("kecamatan/<str:kode>/titik.json", views.titik, name="titik"),
    path("kelurahan/<str:kode>/", views.kelurahan, name="kelurahan"),
    path("rw/<int:pk>/", views.rw, name="rw"),
]
