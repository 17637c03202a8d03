from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kecamatan(models.Model):
    kode = models.CharField(_("kode Kemendagri"), max_length=8, unique=True)  # 14.71.08
    nama = models.CharField(_("nama"), max_length=100)
    dalam_program = models.BooleanField(
        _("dalam program"),
        default=False,
        help_text=_("Kecamatan yang sudah ikut program 1 ASN 1 RW."),
    )
    batas = models.JSONField(_("batas (GeoJSON)"), null=True, blank=True)

    class Meta:
        ordering = ["kode"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self) -> str:
        return self.nama


class Kelurahan(models.Model):
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="kelurahan_set")
    kode = models.CharField(_("kode Kemendagri"), max_length=13, unique=True)  # 14.71.08.1001
    nama = models.CharField(_("nama"), max_length=100)
    batas = models.JSONField(_("batas (GeoJSON)"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["kode"]
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")

    def __str__(self) -> str:
        return self.nama


class SumberTitik(models.TextChoices):
    """Where an RW's point comes from; only a real one is used to flag a visit far away."""

    ESTIMASI = "estimasi", _("Estimasi (bukan titik sebenarnya)")
    KUNJUNGAN = "kunjungan", _("Dipelajari dari kunjungan yang disetujui")
    DITETAPKAN = "ditetapkan", _("Ditetapkan di peta")


class RW(models.Model):
    kelurahan = models.ForeignKey(Kelurahan, on_delete=models.PROTECT, related_name="rw_set")
    nomor = models.PositiveSmallIntegerField(_("nomor RW"))
    latitude = models.DecimalField(
        _("lintang pusat"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur pusat"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    batas = models.JSONField(_("batas (GeoJSON)"), null=True, blank=True)
    titik_sumber = models.CharField(
        _("sumber titik pusat"),
        max_length=12,
        choices=SumberTitik,
        default=SumberTitik.ESTIMASI,
    )
    # When the point is learned: the distance within which 90% of the approved visit
    # points lie, and how many points it was learned from.
    sebaran_m = models.PositiveIntegerField(_("sebaran titik kunjungan (m)"), null=True, blank=True)
    jumlah_titik = models.PositiveIntegerField(_("jumlah titik kunjungan"), default=0)
    titik_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("titik ditetapkan oleh"),
    )
    titik_at = models.DateTimeField(_("titik diperbarui"), null=True, blank=True)
    jumlah_rt = models.PositiveSmallIntegerField(
        _("jumlah RT"), null=True, blank=True, help_text=_("RT bernomor 1 sampai jumlah ini.")
    )
    estimasi_demo = models.BooleanField(
        _("estimasi demo"),
        default=False,
        help_text=_("RW dan titik pusatnya dibuat untuk demo, bukan data resmi."),
    )

    class Meta:
        ordering = ["kelurahan__kode", "nomor"]
        verbose_name = _("RW")
        verbose_name_plural = _("RW")
        constraints = [
            models.UniqueConstraint(fields=["kelurahan", "nomor"], name="rw_unik_per_kelurahan"),
            models.CheckConstraint(condition=models.Q(nomor__gte=1), name="rw_nomor_positif"),
        ]

    def __str__(self) -> str:
        return f"RW {self.nomor:02d} {self.kelurahan.nama}"

    @property
    def label(self) -> str:
        return f"RW {self.nomor:02d}"
