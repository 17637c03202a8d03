from django.contrib.auth import views as auth_views
from django.urls import path

from akun import views

app_name = "akun"

urlpatterns = [
    path("masuk/", views.MasukView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.GantiSandiView.as_view(), name="password_change"),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="akun/ganti_sandi_selesai.html"),
        name="password_change_done",
    ),
    path("beranda/", views.beranda, name="beranda"),
]
