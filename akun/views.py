from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from akun.access import peran_efektif, simpan_luring
from akun.forms import GantiSandiForm, MasukForm
from akun.models import Peran
from akun.services import sandi_diganti
from audit.selectors import permintaan_for, permintaan_terlambat
from dasbor.selectors import kemajuan_petugas
from dasbor.tembolok import Cakupan, cakupan_pengguna, halaman_tersimpan
from dasbor.views import kecamatan_konteks
from petugas.selectors import penugasan_aktif_for, ringkasan_penempatan
from wilayah.peta import batas_url, peta_titik_rw
from wilayah.selectors import kecamatan_for, kecamatan_ringkasan


class MasukView(auth_views.LoginView):
    template_name = "akun/masuk.html"
    authentication_form = MasukForm
    redirect_authenticated_user = True


class GantiSandiView(auth_views.PasswordChangeView):
    template_name = "akun/ganti_sandi.html"
    form_class = GantiSandiForm
    success_url = reverse_lazy("akun:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        sandi_diganti(user=self.request.user)
        return response


def _cakupan_beranda(request: HttpRequest) -> Cakupan | None:
    """Each role's home from the cache, but the data-protection officer's (their
    overdue requests change with the clock, not with a write that bumps a version)."""
    if peran_efektif(request.user) in (None, Peran.PDP):
        return None
    return cakupan_pengguna(request.user)


@simpan_luring
@login_required
@halaman_tersimpan(_cakupan_beranda, per_menit=True)
def beranda(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home page."""
    peran = peran_efektif(request.user)
    if peran == Peran.PETUGAS:
        context = {
            "penugasan_list": penugasan_aktif_for(request.user),
            "kemajuan": kemajuan_petugas(request.user),
        }
    elif peran == Peran.ADMIN_KECAMATAN:
        # the kecamatan's dashboard is the admin's home
        kecamatan = kecamatan_for(request.user).get()
        return render(request, "dasbor/kecamatan.html", kecamatan_konteks(request, kecamatan))
    elif peran == Peran.BKPSDM:
        context = {"ringkasan": ringkasan_penempatan()}
    elif peran == Peran.PDP:
        context = {"jumlah_terlambat": permintaan_terlambat(permintaan_for(request.user)).count()}
    else:  # Dinsos, pimpinan and superadmin: the city in aggregates
        kecamatan = kecamatan_ringkasan(kecamatan_for(request.user))
        context = {
            "kecamatan_list": kecamatan,
            "peta": peta_titik_rw([]),
            "peta_batas": batas_url("kecamatan"),
        }
    return render(request, f"akun/beranda_{peran}.html", context)
