"""The password rule (Peraturan BSSN 4/2021, ASVS L2): at least 12 characters, not
a common password, not like the user's own data, and not made of local words.

Django's validators do the first three (AUTH_PASSWORD_VALIDATORS, with their own
Indonesian messages); `KataLokalValidator` here refuses what a Pekanbaru user
would guess first: the city, a kecamatan or kelurahan name, the user's username,
name or NI PPPK, "rahasia", "sandi"... with digits or symbols around them
(`Pekanbaru2026!`, `rahasia-sandi-123`). A password whose letters are a chain of
such words is refused; one with a word of its own (`demo-pekanbaru-2026`) is not.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words anyone guessing a portal password tries, beside the place names.
KATA_UMUM = frozenset(
    {
        "pekanbaru",
        "riau",
        "password",
        "passw0rd",
        "rahasia",
        "sandi",
        "katasandi",
        "kata",
        "admin",
        "administrator",
        "petugas",
        "pengguna",
        "portal",
        "asn",
        "pppk",
        "rw",
        "rt",
        "bkpsdm",
        "dinsos",
        "pemko",
        "pemkot",
        "kota",
        "indonesia",
        "merdeka",
        "qwerty",
        "asdf",
        "masuk",
        "login",
    }
)


def _huruf(teks: str) -> str:
    return re.sub(r"[^a-z]", "", teks.lower())


def _rantai_kata(teks: str, kata: frozenset[str]) -> bool:
    """Whether `teks` is one or more of `kata` written one after another."""
    if not teks:
        return False
    terpanjang = max(map(len, kata), default=0)
    bisa = [True] + [False] * len(teks)  # bisa[i]: teks[:i] is such a chain
    for akhir in range(1, len(teks) + 1):
        bisa[akhir] = any(
            bisa[mulai] and teks[mulai:akhir] in kata
            for mulai in range(max(0, akhir - terpanjang), akhir)
        )
    return bisa[-1]


def kata_lokal(user=None) -> frozenset[str]:
    """The place names of the city's kecamatan and kelurahan, the common words, and
    the user's own username, name and NI PPPK; lowercase letters only."""
    from wilayah.models import Kecamatan, Kelurahan

    nama_tempat = [
        *Kecamatan.objects.values_list("nama", flat=True),
        *Kelurahan.objects.values_list("nama", flat=True),
    ]
    kata = set(KATA_UMUM) | {_huruf(n) for n in nama_tempat}
    if user is not None:
        nama = f"{user.first_name} {user.last_name}"
        kata |= {_huruf(user.get_username()), _huruf(nama)}
        kata |= {_huruf(bagian) for bagian in nama.split() if len(_huruf(bagian)) >= 3}
    return frozenset(k for k in kata if k)


def _angka_pribadi(user) -> set[str]:
    """The user's numbers (an officer's username is the NI PPPK) found in a password."""
    if user is None:
        return set()
    angka = {re.sub(r"\D", "", user.get_username())}
    petugas = getattr(user, "petugas", None) if user.pk else None
    if petugas is not None:
        angka.add(petugas.ni_pppk)
    return {a for a in angka if len(a) >= 6}


class KataLokalValidator:
    def validate(self, password: str, user=None) -> None:
        huruf = _huruf(password)
        angka = re.sub(r"\D", "", password)
        if (huruf and _rantai_kata(huruf, kata_lokal(user))) or any(
            a in angka for a in _angka_pribadi(user)
        ):
            raise ValidationError(self.get_help_text(), code="password_kata_lokal")

    def get_help_text(self) -> str:
        return _(
            "Kata sandi tidak boleh hanya berupa nama kota, kecamatan, atau kelurahan, "
            "nama pengguna, nama, atau NI PPPK Anda, atau kata yang mudah ditebak seperti "
            '"rahasia" dan "sandi", walau ditambah angka atau tanda baca.'
        )
