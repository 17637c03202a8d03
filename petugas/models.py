from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OPD(models.Model):
    """A city agency (organisasi perangkat daerah) that proposes officers."""

    nama = models.CharField(_("nama"), max_length=200, unique=True)
    singkatan = models.CharField(_("singkatan"), max_length=30, blank=True)
    kuota = models.PositiveIntegerField(_("kuota petugas (alokasi)"), default=0)

    class Meta:
        ordering = ["nama"]
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")

    def __str__(self) -> str:
        return self.singkatan or self.nama


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


class Petugas(models.Model):
    """A part-time officer (PPPK paruh waktu), placed in an RW by domicile."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petugas",
    )
    nama = models.CharField(_("nama"), max_length=150)
    ni_pppk = models.CharField(_("NI PPPK"), max_length=18, unique=True)
    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="petugas_set")
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin)
    telepon = models.CharField(_("telepon"), max_length=20, blank=True)
    alamat_domisili = models.CharField(_("alamat domisili"), max_length=255, blank=True)
    kelurahan_domisili = models.ForeignKey(
        "wilayah.Kelurahan",
        verbose_name=_("kelurahan domisili"),
        on_delete=models.PROTECT,
        related_name="petugas_domisili_set",
    )
    rw_domisili = models.PositiveSmallIntegerField(_("RW domisili"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    tersedia = models.BooleanField(
        _("bersedia ditempatkan"),
        default=True,
        help_text=_("Kandidat yang mundur atau petugas yang berhenti tidak ikut penempatan."),
    )
    # The ID-card photo: kept outside any public URL, served by the card views only.
    foto = models.ImageField(_("foto"), upload_to="petugas/foto/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nama"]
        verbose_name = _("petugas")
        verbose_name_plural = _("petugas")

    def __str__(self) -> str:
        return self.nama


class Tingkat(models.TextChoices):
    """How well a placement matches the officer's domicile (lower is better)."""

    RW = "rw", _("RW domisili sendiri")
    KELURAHAN = "kelurahan", _("kelurahan domisili")
    KECAMATAN = "kecamatan", _("kecamatan domisili")
    TERDEKAT = "terdekat", _("terdekat di luar kecamatan")


class Penugasan(models.Model):
    """An officer placed in an RW from `mulai` until `selesai` (open while active).

    The database holds the rule "one active officer per RW, one active RW per
    officer" with two partial unique indexes, so two staff clicking at the
    same moment cannot both win.
    """

    petugas = models.ForeignKey(Petugas, on_delete=models.PROTECT, related_name="penugasan_set")
    rw = models.ForeignKey("wilayah.RW", on_delete=models.PROTECT, related_name="penugasan_set")
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)
    alasan = models.CharField(_("alasan"), max_length=255, blank=True)
    alasan_selesai = models.CharField(_("alasan selesai"), max_length=255, blank=True)
    tingkat = models.CharField(_("kecocokan domisili"), max_length=10, choices=Tingkat, blank=True)
    jarak_m = models.PositiveIntegerField(_("jarak domisili (m)"), null=True, blank=True)
    otomatis = models.BooleanField(_("dari penempatan otomatis"), default=False)
    diakhiri_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-mulai", "-pk"]
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        constraints = [
            models.UniqueConstraint(
                fields=["rw"],
                condition=Q(selesai__isnull=True),
                name="satu_petugas_aktif_per_rw",
                violation_error_message=_("RW ini sudah punya petugas aktif."),
            ),
            models.UniqueConstraint(
                fields=["petugas"],
                condition=Q(selesai__isnull=True),
                name="satu_rw_aktif_per_petugas",
                violation_error_message=_("Petugas ini sudah ditempatkan di RW lain."),
            ),
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="penugasan_selesai_setelah_mulai",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petugas} — {self.rw}"

    @property
    def aktif(self) -> bool:
        return self.selesai is None


class RencanaPenempatan(models.Model):
    """A computed automatic placement, previewed by BKPSDM and applied as it was shown.

    `baris` holds [petugas_id, rw_id, tingkat, jarak_m] for every proposed
    placement; `ringkasan` the figures the preview shows. Applying refuses a
    plan whose officers or RWs changed since it was computed.
    """

    class Cakupan(models.TextChoices):
        PROGRAM = "program", _("kecamatan dalam program")
        KECAMATAN = "kecamatan", _("satu kecamatan")
        KOTA = "kota", _("seluruh kota")

    cakupan = models.CharField(_("cakupan"), max_length=10, choices=Cakupan)
    kecamatan = models.ForeignKey(
        "wilayah.Kecamatan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    baris = models.JSONField(default=list)
    ringkasan = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    diterapkan_at = models.DateTimeField(null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rencana penempatan")
        verbose_name_plural = _("rencana penempatan")

    def __str__(self) -> str:
        return f"{self.get_cakupan_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class KartuPetugas(models.Model):
    """An officer's ID card. Its QR code opens /v/<token>/: the token is random
    (192 bits) and unique, so cards cannot be enumerated."""

    petugas = models.ForeignKey(Petugas, on_delete=models.PROTECT, related_name="kartu_set")
    token = models.CharField(max_length=64, unique=True, editable=False)
    berlaku_mulai = models.DateField(_("berlaku mulai"))
    berlaku_sampai = models.DateField(_("berlaku sampai"))
    dicabut_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    alasan_cabut = models.CharField(_("alasan dicabut"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kartu petugas")
        verbose_name_plural = _("kartu petugas")
        constraints = [
            models.CheckConstraint(
                condition=Q(berlaku_sampai__gte=models.F("berlaku_mulai")),
                name="kartu_berlaku_sampai_setelah_mulai",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petugas} ({self.berlaku_mulai} – {self.berlaku_sampai})"
