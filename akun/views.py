from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from akun.access import peran_efektif
from akun.forms import MasukForm
from akun.models import Peran
from petugas.selectors import penugasan_aktif_for, ringkasan_penempatan
from wilayah.peta import peta_kecamatan, peta_kelurahan
from wilayah.selectors import kecamatan_for, kecamatan_ringkasan, kelurahan_for, kelurahan_ringkasan


class MasukView(auth_views.LoginView):
    template_name = "akun/masuk.html"
    authentication_form = MasukForm
    redirect_authenticated_user = True


@login_required
def beranda(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home page."""
    peran = peran_efektif(request.user)
    if peran == Peran.PETUGAS:
        context = {"penugasan_list": penugasan_aktif_for(request.user)}
    elif peran == Peran.ADMIN_KECAMATAN:
        kecamatan = kecamatan_for(request.user).get()
        kelurahan = kelurahan_ringkasan(kelurahan_for(request.user))
        context = {
            "kecamatan": kecamatan,
            "kelurahan_list": kelurahan,
            "peta": peta_kelurahan(kelurahan_for(request.user)),
        }
    elif peran == Peran.BKPSDM:
        context = {"ringkasan": ringkasan_penempatan()}
    else:  # Dinsos, pimpinan and superadmin: the city in aggregates
        kecamatan = kecamatan_ringkasan(kecamatan_for(request.user))
        context = {"kecamatan_list": kecamatan, "peta": peta_kecamatan(kecamatan)}
    return render(request, f"akun/beranda_{peran}.html", context)
