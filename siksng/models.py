"""The monthly DTSEN update through SIKS-NG: the cut-off day, each month's file, and the
musyawarah kelurahan (muskel, or an SPTJM in its place) that decides each approved change.

A change is what an approved visit found: a recipient's finding (`bansos.Verifikasi`:
tetap, keluar, usul) or the family's data (`pendataan.Kunjungan`: perbaikan data). A
muskel decides it: agreed, changed, or postponed. An agreed or changed decision puts the
change in the muskel's month's file; a change goes out in exactly one month's file, which
the partial unique constraints on `Keputusan` hold in the database.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib.ekspor import EksporBerkas

HARI_BATAS_BAWAAN = 17
# every month has a 28th: a cut-off day never falls outside its month
HARI_BATAS_TERAKHIR = 28


class Pengaturan(models.Model):
    """The cycle's settings, one row (pk 1), edited by Dinsos."""

    hari_batas = models.PositiveSmallIntegerField(
        _("tanggal batas"),
        default=HARI_BATAS_BAWAAN,
        validators=[MinValueValidator(1), MaxValueValidator(HARI_BATAS_TERAKHIR)],
        help_text=_("Tanggal setiap bulan saat entri SIKS-NG bulan itu ditutup (WIB)."),
    )
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengaturan SIKS-NG")
        verbose_name_plural = _("pengaturan SIKS-NG")
        constraints = [
            models.CheckConstraint(
                condition=Q(hari_batas__gte=1, hari_batas__lte=HARI_BATAS_TERAKHIR),
                name="siksng_hari_batas_1_28",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Tanggal batas: %(hari)s") % {"hari": self.hari_batas})


class BulanSiksng(models.Model):
    """A month's file once Dinsos closes it: its cut-off day is fixed with it, and no
    muskel is recorded for it any more. An open month has no row."""

    bulan = models.DateField(_("bulan"), unique=True)  # the first day of the month
    hari_batas = models.PositiveSmallIntegerField(_("tanggal batas"))
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ditutup_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-bulan"]
        verbose_name = _("bulan SIKS-NG ditutup")
        verbose_name_plural = _("bulan SIKS-NG ditutup")
        constraints = [
            models.CheckConstraint(condition=Q(bulan__day=1), name="siksng_bulan_tanggal_1"),
        ]

    def __str__(self) -> str:
        return f"{self.bulan:%Y-%m}"


class JenisMuskel(models.TextChoices):
    MUSKEL = "muskel", _("Musyawarah kelurahan")
    SPTJM = "sptjm", _("SPTJM (pengganti musyawarah)")


class Muskel(models.Model):
    """One kelurahan's musyawarah for one month's file (or the SPTJM standing in for it)."""

    kelurahan = models.ForeignKey(
        "wilayah.Kelurahan", on_delete=models.PROTECT, related_name="muskel_set"
    )
    bulan = models.DateField(_("bulan berkas SIKS-NG"))  # first day of the month
    jenis = models.CharField(_("jenis"), max_length=6, choices=JenisMuskel)
    tanggal = models.DateField(_("tanggal"))
    tempat = models.CharField(_("tempat"), max_length=200, blank=True)
    # the SPTJM's signer (surat pernyataan tanggung jawab mutlak): the lurah, usually
    penandatangan = models.CharField(_("penandatangan SPTJM"), max_length=150, blank=True)
    jabatan_penandatangan = models.CharField(_("jabatan penandatangan"), max_length=150, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-bulan", "kelurahan__kode"]
        verbose_name = _("musyawarah kelurahan")
        verbose_name_plural = _("musyawarah kelurahan")
        constraints = [
            # one per kelurahan and month: a form sent twice finds the first
            models.UniqueConstraint(fields=["kelurahan", "bulan"], name="muskel_satu_per_bulan"),
            models.CheckConstraint(condition=Q(bulan__day=1), name="muskel_bulan_tanggal_1"),
            models.CheckConstraint(
                condition=Q(jenis="muskel") & ~Q(tempat="")
                | Q(jenis="sptjm") & ~Q(penandatangan=""),
                name="muskel_tempat_atau_penandatangan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.kelurahan} {self.bulan:%Y-%m}"


class PesertaMuskel(models.Model):
    muskel = models.ForeignKey(Muskel, on_delete=models.CASCADE, related_name="peserta_set")
    nama = models.CharField(_("nama"), max_length=150)
    peran = models.CharField(_("jabatan/unsur"), max_length=150)

    class Meta:
        ordering = ["muskel", "pk"]
        verbose_name = _("peserta musyawarah")
        verbose_name_plural = _("peserta musyawarah")

    def __str__(self) -> str:
        return f"{self.nama} ({self.peran})"


class Aksi(models.TextChoices):
    """The action a change carries in the SIKS-NG file."""

    TETAP = "tetap", _("Tetap")
    KELUAR = "keluar", _("Keluar")
    USUL = "usul", _("Usul")
    PERBAIKAN_DATA = "perbaikan_data", _("Perbaikan data")


class Putusan(models.TextChoices):
    DISEPAKATI = "disepakati", _("Disepakati")
    DIUBAH = "diubah", _("Disepakati dengan perubahan")
    DITUNDA = "ditunda", _("Ditunda")


class Keputusan(models.Model):
    """What one muskel decided about one change. A postponed change comes back to the
    next muskel (a new row); an agreed or changed one goes out in the muskel's month."""

    muskel = models.ForeignKey(Muskel, on_delete=models.PROTECT, related_name="keputusan_set")
    verifikasi = models.ForeignKey(
        "bansos.Verifikasi", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # a visit's data changes (members, household variables): verifikasi empty
    kunjungan = models.ForeignKey(
        "pendataan.Kunjungan", on_delete=models.PROTECT, related_name="keputusan_siksng_set"
    )
    aksi = models.CharField(_("aksi"), max_length=14, choices=Aksi)  # as decided
    putusan = models.CharField(_("keputusan"), max_length=10, choices=Putusan)
    diubah_menjadi = models.CharField(_("diubah menjadi"), max_length=500, blank=True)
    catatan = models.CharField(_("catatan"), max_length=500, blank=True)
    # the month's file it goes out in: the muskel's month; empty when postponed
    bulan = models.DateField(_("bulan berkas SIKS-NG"), null=True, blank=True)

    class Meta:
        ordering = ["muskel", "pk"]
        verbose_name = _("keputusan musyawarah")
        verbose_name_plural = _("keputusan musyawarah")
        constraints = [
            models.CheckConstraint(
                condition=Q(putusan="ditunda", bulan__isnull=True)
                | (~Q(putusan="ditunda") & Q(bulan__isnull=False)),
                name="keputusan_bulan_kecuali_ditunda",
            ),
            models.CheckConstraint(
                condition=~Q(putusan="diubah") | ~Q(diubah_menjadi=""),
                name="keputusan_diubah_bertulis",
            ),
            models.CheckConstraint(
                condition=Q(verifikasi__isnull=True, aksi="perbaikan_data")
                | (Q(verifikasi__isnull=False) & ~Q(aksi="perbaikan_data")),
                name="keputusan_aksi_sesuai_sumber",
            ),
            # exactly one month's file per change
            models.UniqueConstraint(
                fields=["verifikasi"],
                condition=Q(bulan__isnull=False, verifikasi__isnull=False),
                name="perubahan_verifikasi_satu_bulan",
            ),
            models.UniqueConstraint(
                fields=["kunjungan"],
                condition=Q(bulan__isnull=False, verifikasi__isnull=True),
                name="perubahan_data_satu_bulan",
            ),
            # one decision per change per muskel
            models.UniqueConstraint(
                fields=["muskel", "verifikasi"],
                condition=Q(verifikasi__isnull=False),
                name="keputusan_verifikasi_sekali",
            ),
            models.UniqueConstraint(
                fields=["muskel", "kunjungan"],
                condition=Q(verifikasi__isnull=True),
                name="keputusan_data_sekali",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_aksi_display()}: {self.get_putusan_display()}"

    @property
    def kunci(self) -> str:
        return kunci_perubahan(self.verifikasi_id, self.kunjungan_id)


def kunci_perubahan(verifikasi_id: int | None, kunjungan_id: int) -> str:
    """A change's key in forms: "v<verifikasi>" or "k<kunjungan>" (data of the visit)."""
    return f"v{verifikasi_id}" if verifikasi_id else f"k{kunjungan_id}"


class EksporSiksng(EksporBerkas):
    """A month's SIKS-NG XLSX, built by Celery and kept privately (lib/ekspor.py): of the
    whole city with whole numbers (Dinsos), or of a kecamatan masked (its admin)."""

    bulan = models.DateField(_("bulan berkas SIKS-NG"))  # first day of the month
    kecamatan = models.ForeignKey(
        "wilayah.Kecamatan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    berkas = models.FileField(upload_to="private/ekspor-siksng/", max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ekspor SIKS-NG bulanan")
        verbose_name_plural = _("ekspor SIKS-NG bulanan")
        constraints = [
            models.CheckConstraint(condition=Q(bulan__day=1), name="ekspor_siksng_tanggal_1"),
        ]

    def __str__(self) -> str:
        return f"SIKS-NG {self.bulan:%Y-%m} ({self.get_status_display()})"
