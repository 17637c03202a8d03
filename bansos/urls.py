from django.urls import path

from bansos import views

app_name = "bansos"

urlpatterns = [
    path("impor/", views.impor_penerima, name="impor_penerima"),
    path("impor/<int:pk>/", views.impor_penerima_status, name="impor_penerima_status"),
]
