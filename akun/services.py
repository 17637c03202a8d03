import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from akun.models import Peran, User
from wilayah.models import Kecamatan

# No 0/O, 1/l/I: the password is read off paper and typed on a phone.
ALFABET_SANDI = "abcdefghjkmnpqrstuvwxyz23456789"
HASHER_SEKALI_PAKAI = "argon2_sekali_pakai"
PANJANG_SANDI_SEKALI_PAKAI = 12


@transaction.atomic
def user_buat(
    *,
    username: str,
    password: str | None,
    peran: Peran,
    nama: str = "",
    kecamatan: Kecamatan | None = None,
    sekali_pakai: bool = False,
) -> User:
    """A new account. `sekali_pakai`: the password is a one-time one, to be changed
    at the first login (hashed lightly: see akun/hashers.py)."""
    user = User(username=username, peran=peran, first_name=nama, kecamatan=kecamatan)
    user.is_staff = user.is_superuser = peran == Peran.SUPERADMIN
    user.harus_ganti_sandi = sekali_pakai
    if password and sekali_pakai:
        user.password = make_password(password, hasher=HASHER_SEKALI_PAKAI)
    elif password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def sandi_sekali_pakai(*, user: User | None = None) -> str:
    """A one-time password: 12 characters, about 59 bits, easy to type; it meets
    the same rule as a password the user chooses (AUTH_PASSWORD_VALIDATORS)."""
    while True:
        sandi = "".join(secrets.choice(ALFABET_SANDI) for _ in range(PANJANG_SANDI_SEKALI_PAKAI))
        try:
            validate_password(sandi, user)
        except ValidationError:
            continue  # a draw that happens to spell a word: draw again
        return sandi


@transaction.atomic
def sandi_reset(*, user: User) -> str:
    """Set a new one-time password, to be changed at the next login; lifts a lockout."""
    sandi = sandi_sekali_pakai(user=user)
    user.password = make_password(sandi, hasher=HASHER_SEKALI_PAKAI)
    user.harus_ganti_sandi = True
    user.save(update_fields=["password", "harus_ganti_sandi"])
    axes_reset(username=user.username)
    return sandi


def sandi_diganti(*, user: User) -> None:
    """The user chose their own password: the one-time one no longer forces a change."""
    if user.harus_ganti_sandi:
        user.harus_ganti_sandi = False
        user.save(update_fields=["harus_ganti_sandi"])
