"""Officer ID cards: BKPSDM issues, revokes and prints them; residents check them.

The two `verifikasi` views are public (the QR code on the card opens them) and
show nothing but the officer's name, photo and RW, and whether the card is valid.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from akun.access import peran_required
from akun.models import Peran
from petugas.kartu import (
    KartuBerlaku,
    foto_simpan,
    kartu_berlaku_for,
    kartu_by_token,
    kartu_cabut,
    kartu_for,
    kartu_status,
    kartu_terbitkan,
    qr_svg,
)
from petugas.models import OPD, Petugas
from petugas.selectors import petugas_for
from wilayah.models import Kecamatan

KARTU_PER_HALAMAN = 10  # 2 x 5 ID-1 cards on an A4 sheet


class TerbitkanForm(forms.Form):
    berlaku_sampai = forms.DateField(
        label=gettext_lazy("Berlaku sampai"),
        # ISO dates: what <input type="date"> shows and sends, whatever the locale.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hari_ini = timezone.localdate()
        # A hint for the browser's date picker; kartu_terbitkan holds the real rule.
        self.fields["berlaku_sampai"].widget.attrs.update(
            min=(hari_ini + datetime.timedelta(days=1)).isoformat(),
            max=(hari_ini + datetime.timedelta(days=730)).isoformat(),
        )


class CabutForm(forms.Form):
    alasan = forms.CharField(
        label=gettext_lazy("Alasan pencabutan"),
        max_length=255,
        help_text=gettext_lazy(
            "Alasan ini hanya terlihat oleh BKPSDM. Halaman cek kartu untuk umum hanya "
            "menampilkan bahwa kartu dicabut dan tanggalnya."
        ),
    )


class FotoForm(forms.Form):
    # A plain FileField: petugas.kartu.foto_simpan decodes and checks the image itself.
    foto = forms.FileField(
        label=gettext_lazy("Foto (JPG, PNG atau WebP, paling besar 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class LembarForm(forms.Form):
    kecamatan = forms.ModelChoiceField(
        Kecamatan.objects.all(),
        to_field_name="kode",
        required=False,
        label=gettext_lazy("Kecamatan"),
        empty_label=gettext_lazy("Semua kecamatan"),
    )
    opd = forms.ModelChoiceField(
        OPD.objects.all(),
        required=False,
        label=gettext_lazy("OPD"),
        empty_label=gettext_lazy("Semua OPD"),
    )


@dataclass(frozen=True)
class KartuCetak:
    """What the printed card shows."""

    berlaku: KartuBerlaku
    url: str
    url_pendek: str
    qr: str


def _url_verifikasi(request: HttpRequest, token: str) -> str:
    """The URL the QR code encodes. A printed card lives two years, so it must not
    carry whatever host BKPSDM happened to use (an internal address behind the
    proxy): settings.PORTAL_URL, when set, is the portal's public address."""
    jalur = reverse("petugas:verifikasi", args=[token])
    portal = settings.PORTAL_URL
    if portal:
        return portal.rstrip("/") + jalur
    return request.build_absolute_uri(jalur)


def _untuk_cetak(request: HttpRequest, berlaku: KartuBerlaku) -> KartuCetak:
    url = _url_verifikasi(request, berlaku.kartu.token)
    return KartuCetak(berlaku=berlaku, url=url, url_pendek=url.split("://", 1)[-1], qr=qr_svg(url))


def _pesan_galat(request: HttpRequest, galat: ValidationError) -> None:
    for pesan in galat.messages:
        messages.error(request, pesan)


def _publik(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _foto_response(petugas: Petugas) -> FileResponse:
    if not petugas.foto:
        raise Http404
    try:
        berkas = petugas.foto.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Every stored photo was re-encoded by foto_simpan, so it is always a JPEG.
    return FileResponse(berkas, content_type="image/jpeg")


@peran_required(Peran.BKPSDM)
def kartu_detail(request: HttpRequest, pk: int) -> HttpResponse:
    petugas = get_object_or_404(petugas_for(request.user), pk=pk)
    kartu_list = [
        (kartu, kartu_status(kartu=kartu))
        for kartu in kartu_for(request.user).filter(petugas=petugas)
    ]
    penugasan = (
        petugas.penugasan_set.filter(selesai__isnull=True)
        .select_related("rw__kelurahan__kecamatan")
        .first()
    )
    sampai = timezone.localdate() + datetime.timedelta(days=365)
    return render(
        request,
        "petugas/kartu_detail.html",
        {
            "petugas": petugas,
            "penugasan": penugasan,
            # a candidate never placed cannot have a card yet; say so instead of offering one
            "pernah_ditempatkan": penugasan is not None or petugas.penugasan_set.exists(),
            "ada_kartu_berlaku": any(status.berlaku for _kartu, status in kartu_list),
            "kartu_list": kartu_list,
            "terbitkan_form": TerbitkanForm(initial={"berlaku_sampai": sampai}),
            "cabut_form": CabutForm(),
            "foto_form": FotoForm(),
        },
    )


@peran_required(Peran.BKPSDM)
@require_POST
def kartu_terbitkan_view(request: HttpRequest, pk: int) -> HttpResponse:
    petugas = get_object_or_404(petugas_for(request.user), pk=pk)
    form = TerbitkanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tanggal berlaku sampai dengan benar."))
    else:
        try:
            kartu_terbitkan(
                petugas=petugas,
                berlaku_sampai=form.cleaned_data["berlaku_sampai"],
                oleh=request.user,
            )
        except ValidationError as galat:
            _pesan_galat(request, galat)
        else:
            messages.success(request, _("Kartu baru diterbitkan; kartu lama dicabut."))
    return redirect("petugas:kartu_detail", pk=petugas.pk)


@peran_required(Peran.BKPSDM)
@require_POST
def kartu_cabut_view(request: HttpRequest, kartu_pk: int) -> HttpResponse:
    kartu = get_object_or_404(kartu_for(request.user), pk=kartu_pk)
    form = CabutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Alasan pencabutan wajib diisi (paling banyak 255 karakter)."))
    else:
        try:
            kartu_cabut(kartu=kartu, alasan=form.cleaned_data["alasan"], oleh=request.user)
        except ValidationError as galat:
            _pesan_galat(request, galat)
        else:
            messages.success(request, _("Kartu dicabut."))
    return redirect("petugas:kartu_detail", pk=kartu.petugas_id)


@peran_required(Peran.BKPSDM)
@require_POST
def petugas_foto_unggah(request: HttpRequest, pk: int) -> HttpResponse:
    petugas = get_object_or_404(petugas_for(request.user), pk=pk)
    form = FotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas foto untuk diunggah."))
    else:
        try:
            foto_simpan(petugas=petugas, berkas=form.cleaned_data["foto"])
        except ValidationError as galat:
            _pesan_galat(request, galat)
        else:
            messages.success(request, _("Foto disimpan."))
    return redirect("petugas:kartu_detail", pk=petugas.pk)


@peran_required(Peran.BKPSDM)
@require_safe
def petugas_foto(request: HttpRequest, pk: int) -> FileResponse:
    petugas = get_object_or_404(petugas_for(request.user), pk=pk)
    response = _foto_response(petugas)
    response["Cache-Control"] = "private, no-store"
    return response


@peran_required(Peran.BKPSDM)
def kartu_cetak(request: HttpRequest, pk: int) -> HttpResponse:
    petugas = get_object_or_404(petugas_for(request.user), pk=pk)
    berlaku = kartu_berlaku_for(request.user, petugas=petugas)
    if not berlaku:
        messages.info(request, _("Petugas ini belum punya kartu yang berlaku. Terbitkan dulu."))
        return redirect("petugas:kartu_detail", pk=petugas.pk)
    return render(
        request,
        "petugas/kartu_cetak.html",
        {"petugas": petugas, "halaman_list": [[_untuk_cetak(request, berlaku[0])]]},
    )


@peran_required(Peran.BKPSDM)
def kartu_lembar(request: HttpRequest) -> HttpResponse:
    form = LembarForm(request.GET)
    kartu = []
    if form.is_valid():
        kartu = [
            _untuk_cetak(request, b)
            for b in kartu_berlaku_for(
                request.user,
                kecamatan=form.cleaned_data["kecamatan"],
                opd=form.cleaned_data["opd"],
            )
        ]
    halaman = [kartu[i : i + KARTU_PER_HALAMAN] for i in range(0, len(kartu), KARTU_PER_HALAMAN)]
    return render(
        request,
        "petugas/kartu_lembar.html",
        {"form": form, "halaman_list": halaman, "jumlah": len(kartu)},
    )


@require_safe
def verifikasi(request: HttpRequest, token: str) -> HttpResponse:
    kartu = kartu_by_token(token=token)
    if kartu is None:
        return _publik(render(request, "petugas/verifikasi_tidak_dikenal.html", status=404))
    status = kartu_status(kartu=kartu)
    rw = status.penugasan_kartu.rw if status.penugasan_kartu else None
    # Only these fields reach the template: never NI PPPK, phone, address or OPD.
    tampil = {
        "nama": kartu.petugas.nama,
        "rw": rw.label if rw else "",
        "kelurahan": rw.kelurahan.nama if rw else "",
        "kecamatan": rw.kelurahan.kecamatan.nama if rw else "",
        "berlaku": status.berlaku,
        "alasan": status.alasan_umum,
        "foto_url": (
            reverse("petugas:verifikasi_foto", args=[kartu.token])
            if status.berlaku and kartu.petugas.foto
            else ""
        ),
    }
    return _publik(render(request, "petugas/verifikasi.html", {"tampil": tampil}))


@require_safe
def verifikasi_foto(request: HttpRequest, token: str) -> FileResponse:
    kartu = kartu_by_token(token=token)
    # The photo is shown only while the card is valid: an officer who left is not
    # on public display.
    if kartu is None or not kartu_status(kartu=kartu).berlaku:
        raise Http404
    return _publik(_foto_response(kartu.petugas))


urlpatterns = [
    path("<int:pk>/kartu/", kartu_detail, name="kartu_detail"),
    path("<int:pk>/kartu/terbitkan/", kartu_terbitkan_view, name="kartu_terbitkan"),
    path("<int:pk>/kartu/cetak/", kartu_cetak, name="kartu_cetak"),
    path("kartu/<int:kartu_pk>/cabut/", kartu_cabut_view, name="kartu_cabut"),
    path("kartu/lembar/", kartu_lembar, name="kartu_lembar"),
    path("<int:pk>/foto/", petugas_foto_unggah, name="petugas_foto_unggah"),
    path("<int:pk>/foto.jpg", petugas_foto, name="petugas_foto"),
    path("v/<str:token>/", verifikasi, name="verifikasi"),
    path("v/<str:token>/foto.jpg", verifikasi_foto, name="verifikasi_foto"),
]
