"""Checking a variable's value, and a visit's `variabel` payload, against the code lists.

Every refusal is a message in Indonesian that names the variable (and the member, for a
member's variable), so the officer knows which answer to fix.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from pendataan.variabel.kode import VARIABEL_ANGGOTA, VARIABEL_KELUARGA, Jenis, Variabel


class NilaiSalah(ValueError):
    """A value a variable does not take; its message is for the user."""


def _angka(teks: str) -> str:
    return teks.replace(".", ",")


def nilai_bersihkan(v: Variabel, nilai):
    """The value as stored (see `kode`), or NilaiSalah with a message naming `v`.

    A code or count may come as a number or as a string of digits (a spreadsheet
    cell, a form field); a yes/no as a bool or "ya"/"tidak"; anything else is refused.
    """
    label = str(v.label)
    if isinstance(nilai, str):
        nilai = nilai.strip()
        if nilai == "":
            raise NilaiSalah(_("%(v)s: nilai kosong.") % {"v": label})
    if v.jenis == Jenis.YA_TIDAK:
        if isinstance(nilai, bool):
            return nilai
        teks = str(nilai).lower() if isinstance(nilai, (str, int)) else None
        if teks in ("ya", "1", "true"):
            return True
        if teks in ("tidak", "0", "false"):
            return False
        raise NilaiSalah(_("%(v)s: jawab ya atau tidak.") % {"v": label})
    if v.jenis == Jenis.TEKS:
        teks = str(nilai) if isinstance(nilai, (str, int)) and not isinstance(nilai, bool) else ""
        if not teks.isdigit() or not v.panjang[0] <= len(teks) <= v.panjang[1]:
            raise NilaiSalah(
                _("%(v)s: harus %(a)s sampai %(b)s angka.")
                % {"v": label, "a": v.panjang[0], "b": v.panjang[1]}
            )
        return teks
    if isinstance(nilai, bool) or not isinstance(nilai, (str, int, float)):
        raise NilaiSalah(_("%(v)s: harus berupa angka.") % {"v": label})
    try:
        angka = Decimal(str(nilai).replace(",", ".") if isinstance(nilai, str) else str(nilai))
    except InvalidOperation:
        angka = None
    if angka is None or not angka.is_finite():
        raise NilaiSalah(_("%(v)s: harus berupa angka.") % {"v": label})
    if v.jenis == Jenis.KODE:
        kode_sah = (
            angka == angka.to_integral_value()
            and min(v.kode_label) <= angka <= max(v.kode_label)  # before int(): 1e999999
            and int(angka) in v.kode_label
        )
        if not kode_sah:
            raise NilaiSalah(
                _("%(v)s: kode %(k)s tidak ada dalam daftar (pilihan: %(pilihan)s).")
                % {
                    "v": label,
                    "k": str(nilai)[:20],
                    "pilihan": ", ".join(str(k) for k, _l in v.kode),
                }
            )
        return int(angka)
    if v.jenis == Jenis.CACAH and angka != angka.to_integral_value():
        raise NilaiSalah(_("%(v)s: harus bilangan bulat.") % {"v": label})
    if not v.minimum <= angka <= v.maksimum:
        pesan = _("%(v)s: %(n)s di luar batas %(min)s sampai %(max)s %(satuan)s.") % {
            "v": label,
            "n": _angka(str(nilai)[:20]),
            "min": _angka(str(v.minimum)),
            "max": f"{v.maksimum:,}".replace(",", "."),
            "satuan": v.satuan,
        }
        raise NilaiSalah(pesan.replace(" .", "."))
    if v.jenis == Jenis.CACAH:
        return int(angka)
    return float(round(angka, v.desimal))


def _bersihkan_kelompok(
    nilai: dict, daftar: dict[str, Variabel], awalan: str, salah: list[str]
) -> dict:
    hasil = {}
    for kunci, isi in nilai.items():
        v = daftar.get(kunci)
        if v is None:
            salah.append(awalan + _('Variabel "%(k)s" tidak dikenal.') % {"k": str(kunci)[:40]})
            continue
        try:
            hasil[kunci] = nilai_bersihkan(v, isi)
        except NilaiSalah as exc:
            salah.append(awalan + str(exc))
    return hasil


def variabel_bersihkan(
    data, *, anggota: dict[int, str], sekarang_keluarga: dict, sekarang_anggota: dict[int, dict]
) -> tuple[dict, list[str]]:
    """A visit's `variabel` payload checked: (the changes, messages).

    `data` is {"keluarga": {kunci: nilai}, "anggota": {"<pk>": {kunci: nilai}}};
    `anggota` maps the family's member pks to their names. A value equal to what is
    recorded now (`sekarang_*`) is no change and is left out, so the visit holds only
    what the officer changed; nothing changed gives {}.
    """
    salah: list[str] = []
    if data in (None, {}):
        return {}, salah
    rusak = _("Kiriman variabel rusak; muat ulang formulir lalu kirim lagi.")
    if not isinstance(data, dict) or set(data) - {"keluarga", "anggota"}:
        return {}, [rusak]
    keluarga, per_anggota = data.get("keluarga") or {}, data.get("anggota") or {}
    if not isinstance(keluarga, dict) or not isinstance(per_anggota, dict):
        return {}, [rusak]
    hasil_keluarga = _bersihkan_kelompok(keluarga, VARIABEL_KELUARGA, "", salah)
    hasil_anggota: dict[str, dict] = {}
    for pk_teks, nilai in per_anggota.items():
        try:
            pk = int(pk_teks)
        except (TypeError, ValueError):
            pk = None
        if pk not in anggota or not isinstance(nilai, dict):
            salah.append(_("Anggota keluarga tidak dikenal dalam kiriman variabel."))
            continue
        bersih = _bersihkan_kelompok(nilai, VARIABEL_ANGGOTA, f"{anggota[pk]}: ", salah)
        lama = sekarang_anggota.get(pk) or {}
        bersih = {k: n for k, n in bersih.items() if lama.get(k) != n}
        if bersih:
            hasil_anggota[str(pk)] = bersih
    hasil_keluarga = {k: n for k, n in hasil_keluarga.items() if sekarang_keluarga.get(k) != n}
    if not hasil_keluarga and not hasil_anggota:
        return {}, salah  # no change: the visit's `variabel` stays {} (see Kunjungan)
    return {"keluarga": hasil_keluarga, "anggota": hasil_anggota}, salah
