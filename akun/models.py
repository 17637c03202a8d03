from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Peran(models.TextChoices):
    PETUGAS = "petugas", _("Petugas")
    ADMIN_KECAMATAN = "admin_kecamatan", _("Admin kecamatan")
    BKPSDM = "bkpsdm", _("BKPSDM")
    DINSOS = "dinsos", _("Dinas Sosial")
    PIMPINAN = "pimpinan", _("Pimpinan")
    SUPERADMIN = "superadmin", _("Superadmin")
    # pejabat pelindungan data pribadi (UU 27/2022): reads the audit and the read log only
    PDP = "pdp", _("Pejabat pelindungan data pribadi")


class PenggunaManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("peran", Peran.SUPERADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal account. Its role decides its scope (see DESIGN.md, "Users").

    A petugas's scope is the RW of their active penugasan (petugas app); an
    admin kecamatan's is `kecamatan`; every other role covers the whole city.
    """

    peran = models.CharField(_("peran"), max_length=20, choices=Peran.choices)
    kecamatan = models.ForeignKey(
        "wilayah.Kecamatan",
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admin_set",
        help_text=_("Hanya untuk admin kecamatan."),
    )

    harus_ganti_sandi = models.BooleanField(
        _("harus ganti kata sandi"),
        default=False,
        help_text=_("Akun dengan kata sandi sekali pakai: wajib menggantinya saat masuk."),
    )

    objects = PenggunaManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                name="admin_kecamatan_punya_kecamatan",
                condition=(
                    Q(peran="admin_kecamatan", kecamatan__isnull=False)
                    | (~Q(peran="admin_kecamatan") & Q(kecamatan__isnull=True))
                ),
                violation_error_message=_(
                    "Admin kecamatan wajib punya kecamatan; peran lain tidak boleh."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_petugas(self) -> bool:
        return self.peran == Peran.PETUGAS

    @property
    def is_admin_kecamatan(self) -> bool:
        return self.peran == Peran.ADMIN_KECAMATAN
