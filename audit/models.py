"""The read log of personal data and residents' requests about their own data (UU 27/2022).

Changes are audited by django-auditlog (`auditlog.LogEntry`, see audit/registrasi.py).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TENGGAT_PERMINTAAN = datetime.timedelta(hours=72)  # UU PDP: 3 x 24 hours


class JenisBaca(models.TextChoices):
    HALAMAN = "halaman", _("Halaman dengan NIK/KK utuh")
    FOTO = "foto", _("Foto KK/KTP")
    EKSPOR = "ekspor", _("Unduhan ekspor")
    BERITA_ACARA = "berita_acara", _("Berita acara")
    LAPORAN = "laporan", _("Laporan subjek data")


class LogBaca(models.Model):
    """One sensitive read: who saw which whole NIK/KK (or photo, export), when, from where.

    Append-only: rows are only inserted (in bulk, one per number shown) and removed
    by the retention task. An officer's reads in their own RW are summarised: one row
    per officer, object and number per day (`tanggal` set, unique), so "who saw this
    NIK" still answers while a day of browsing stays a few rows.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    peran = models.CharField(_("peran"), max_length=20)
    jenis = models.CharField(_("jenis"), max_length=14, choices=JenisBaca)
    objek_tipe = models.CharField(_("objek"), max_length=40)
    objek_id = models.CharField(_("id objek"), max_length=64)
    nomor = models.CharField(_("NIK/KK"), max_length=16, blank=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    path = models.CharField(max_length=255)
    waktu = models.DateTimeField(_("waktu"), db_index=True)
    tanggal = models.DateField(null=True, blank=True)  # the day of an officer's summary row

    class Meta:
        ordering = ["-waktu", "-pk"]
        verbose_name = _("log baca")
        verbose_name_plural = _("log baca")
        indexes = [
            models.Index(fields=["nomor", "-waktu"]),
            models.Index(fields=["user", "-waktu"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "objek_tipe", "objek_id", "nomor", "tanggal"],
                condition=Q(tanggal__isnull=False),
                name="log_baca_satu_per_hari",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.objek_tipe} {self.objek_id}"


class JenisPermintaan(models.TextChoices):
    AKSES = "akses", _("Akses (salinan data)")
    KOREKSI = "koreksi", _("Perbaikan")
    PEMBATASAN = "pembatasan", _("Pembatasan pemrosesan")
    PENGHAPUSAN = "penghapusan", _("Penghapusan")


class PermintaanSubjek(models.Model):
    """A resident's request about their own data, answered within 3 x 24 hours."""

    nik = models.CharField(_("NIK"), max_length=16, db_index=True)
    jenis = models.CharField(_("jenis permintaan"), max_length=12, choices=JenisPermintaan)
    keterangan = models.TextField(_("keterangan"), blank=True)
    diterima_at = models.DateTimeField(_("diterima pada"))
    tenggat = models.DateTimeField(_("tenggat"))
    hasil = models.TextField(_("hasil"), blank=True)
    ditutup_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tenggat", "pk"]
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")
        indexes = [models.Index(fields=["ditutup_at", "tenggat"])]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} ({self.diterima_at:%Y-%m-%d})"
