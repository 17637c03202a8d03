"""The pimpinan figures as one XLSX: per kecamatan, per kelurahan (musrenbang), the
reasons for tidak layak, and the weekly trend. Counts only, never a person; a few
hundred rows at most, so it is written in the request."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lib.xlsx import buku_xlsx
from pimpinan.selectors import BarisWilayah, DasborPimpinan


def _angka_wilayah(b: BarisWilayah) -> list:
    return [
        b.jumlah_keluarga,
        b.keluarga_dikunjungi,
        b.jumlah_penerima,
        b.terverifikasi,
        b.layak,
        b.tidak_layak,
        b.penerima_per_keluarga,
        "; ".join(f"{nama} {n} ({persen})" for nama, n, persen in b.alasan_utama),
    ]


def _kepala_angka() -> list[str]:
    return [
        _("Keluarga"),
        _("Keluarga dikunjungi"),
        _("Penerima"),
        _("Penerima terverifikasi"),
        _("Layak"),
        _("Tidak layak"),
        _("Penerima per keluarga"),
        _("Alasan tidak layak terbanyak"),
    ]


def xlsx_pimpinan(data: DasborPimpinan) -> bytes:
    return buku_xlsx(
        [
            (
                _("Per kecamatan"),
                [_("Kecamatan"), *_kepala_angka()],
                [[b.nama, *_angka_wilayah(b)] for b in data.per_kecamatan],
            ),
            (
                _("Per kelurahan"),
                [_("Kecamatan"), _("Kelurahan"), *_kepala_angka()],
                [
                    [b.wilayah.kecamatan.nama, b.nama, *_angka_wilayah(b)]
                    for b in data.per_kelurahan
                ],
            ),
            (
                _("Alasan tidak layak"),
                [_("Alasan"), _("Jumlah"), _("Bagian dari tidak layak")],
                [[nama, n, persen] for nama, n, persen in data.jumlah.alasan_list()],
            ),
            (
                _("Tren mingguan"),
                [_("Minggu mulai"), _("Kunjungan"), _("Disetujui")],
                [[m.mulai, m.kunjungan, m.disetujui] for m in data.tren],
            ),
        ]
    )
