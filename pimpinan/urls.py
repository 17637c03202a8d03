"""Pimpinan's URLs."""

from django.urls import path

from pimpinan import views

app_name = "pimpinan"

urlpatterns = [
    path("", views.dasbor, name="dasbor"),
    path("unduh/", views.unduh, name="unduh"),
]
