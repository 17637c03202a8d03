"""Pass 1 of a desil file: every row checked; any problem refuses the file whole."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bansos.impor import progres
from bansos.impor.berkas import MAKS_BARIS, baca_tabel
from lib.tabular import ImportRefused, RowError, kunci_kolom
from pendataan.dtsen import (
    DESIL_TERENDAH,
    DESIL_TERTINGGI,
    KOLOM_BERLAKU,
    KOLOM_DESIL,
    NAMA_KOLOM_DESIL,
)
from pendataan.impor import baca_tanggal
from pendataan.models import ImporDesil
from pendataan.nik import samarkan, validate_kk, validate_nik

JENIS_PROGRES = "pendataan:impor-desil"
MASALAH_DISIMPAN = 1000
PROGRES_SETIAP = 5000
ALIASES_DESIL = {
    kunci_kolom(nama): kolom for kolom, lain in NAMA_KOLOM_DESIL.items() for nama in [kolom, *lain]
}
# "7", "07", "7.0" as a CSV may write it, or "Desil 7"
_DESIL = re.compile(r"(?:desil\s*)?0*(\d{1,2})(?:[.,]0+)?", re.IGNORECASE).fullmatch


@dataclass(frozen=True)
class BarisDesil:
    number: int
    kk: str  # "" when the row names the family by NIK only
    nik: str  # "" when the row has no NIK
    desil: int
    berlaku_mulai: datetime.date


@dataclass
class Laporan:
    """Problems by row, the first MASALAH_DISIMPAN kept, all counted."""

    jumlah: int = 0
    masalah: list = field(default_factory=list)

    def catat(self, row: int, pesan: str) -> None:
        self.jumlah += 1
        if len(self.masalah) < MASALAH_DISIMPAN:
            self.masalah.append([row, pesan])


def baca_desil(teks: str) -> int | None:
    cocok = _DESIL(teks.strip())
    if cocok is None:
        return None
    desil = int(cocok.group(1))
    return desil if DESIL_TERENDAH <= desil <= DESIL_TERTINGGI else None


def periksa(impor: ImporDesil, *, encoding: str) -> tuple[list[BarisDesil], Laporan]:
    """The file's rows, checked: (sound rows, problems). A file without the columns
    it needs is refused at once (ImportRefused)."""
    hari_ini = timezone.localdate()
    laporan = Laporan()
    baris: list[BarisDesil] = []
    terlihat: dict[tuple[str, datetime.date], int] = {}  # (KK or NIK, date) -> row
    with baca_tabel(
        impor.berkas, encoding=encoding, required=[KOLOM_DESIL], aliases=ALIASES_DESIL
    ) as tabel:
        kolom = tabel.kolom
        i_kk, i_nik = kolom.get("nomor_kk"), kolom.get("nik")
        i_desil, i_tanggal = kolom[KOLOM_DESIL], kolom.get(KOLOM_BERLAKU)
        if i_kk is None and i_nik is None:
            raise ImportRefused(
                [RowError(1, _("Kolom wajib tidak ada: nomor_kk atau nik (NIK kepala keluarga)."))]
            )
        if i_tanggal is None and impor.berlaku_mulai is None:
            raise ImportRefused(
                [
                    RowError(
                        1,
                        _(
                            "Kolom berlaku_mulai tidak ada: tambahkan kolom tanggal berlaku "
                            "desil, atau isi tanggal berlaku di formulir unggah."
                        ),
                    )
                ]
            )
        n = 0
        for number, values in tabel.baris:
            n += 1
            if n > MAKS_BARIS:
                raise ImportRefused(
                    [
                        RowError(
                            0, _("Berkas berisi lebih dari %(n)d baris data.") % {"n": MAKS_BARIS}
                        )
                    ]
                )
            if n % PROGRES_SETIAP == 0:
                progres.catat(impor.pk, n, jenis=JENIS_PROGRES)
            if values is None:
                laporan.catat(number, _("Baris punya lebih banyak kolom daripada judul kolom."))
                continue
            masalah: list[str] = []
            kk = values[i_kk].strip() if i_kk is not None else ""
            nik = values[i_nik].strip() if i_nik is not None else ""
            if kk:
                try:
                    kk = validate_kk(kk, hari_ini=hari_ini)
                except ValueError as exc:
                    masalah.append(str(exc))
            if nik:
                try:
                    nik = validate_nik(nik, hari_ini=hari_ini).nik
                except ValueError as exc:
                    masalah.append(str(exc))
            if not kk and not nik:
                masalah.append(_("nomor KK dan NIK kosong: isi salah satu."))
            teks_desil = values[i_desil]
            desil = baca_desil(teks_desil)
            if desil is None:
                masalah.append(
                    _('desil "%(d)s" tidak sah: tulis angka 1 sampai 10.') % {"d": teks_desil}
                    if teks_desil.strip()
                    else _("desil kosong.")
                )
            tanggal = impor.berlaku_mulai
            teks_tanggal = values[i_tanggal].strip() if i_tanggal is not None else ""
            if teks_tanggal:
                tanggal = baca_tanggal(teks_tanggal)
                if tanggal is None:
                    masalah.append(
                        _('tanggal berlaku "%(t)s" tidak terbaca: tulis HH-BB-TTTT.')
                        % {"t": teks_tanggal}
                    )
            elif tanggal is None:
                masalah.append(_("tanggal berlaku kosong."))
            if tanggal is not None and tanggal > hari_ini:
                masalah.append(
                    _("tanggal berlaku %(t)s belum tiba: desil dicatat sejak berlaku.")
                    % {"t": date_format(tanggal, "d-m-Y")}
                )
            if not masalah:
                kunci = (kk or nik, tanggal)
                sebelumnya = terlihat.get(kunci)
                if sebelumnya is not None:
                    masalah.append(
                        _("%(no)s sudah ada di baris %(baris)d untuk tanggal berlaku yang sama.")
                        % {"no": samarkan(kk or nik), "baris": sebelumnya}
                    )
                else:
                    terlihat[kunci] = number
                    baris.append(BarisDesil(number, kk, nik, desil, tanggal))
            for pesan in masalah:
                laporan.catat(number, pesan)
    if n == 0:
        raise ImportRefused([RowError(0, _("Berkas tidak berisi baris data."))])
    return baris, laporan
