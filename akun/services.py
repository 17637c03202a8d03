from django.db import transaction

from akun.models import Peran, User
from wilayah.models import Kecamatan


@transaction.atomic
def user_buat(
    *,
    username: str,
    password: str | None,
    peran: Peran,
    nama: str = "",
    kecamatan: Kecamatan | None = None,
) -> User:
    user = User(username=username, peran=peran, first_name=nama, kecamatan=kecamatan)
    user.is_staff = user.is_superuser = peran == Peran.SUPERADMIN
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user
