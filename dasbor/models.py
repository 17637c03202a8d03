"""Summary rows per RW that the dashboards read instead of the city's base tables.

They are kept right by the writes that change them: each write marks its RW(s) in
`RWKotor` in its own transaction, and on commit a Celery task recomputes those RWs'
rows from the base tables (dasbor/services.py); beat sweeps any mark left behind.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RingkasanRW(models.Model):
    """An RW's families, visits and officer, as of `updated_at`.

    `keluarga_dikunjungi` counts families with any visit not rejected, since the
    program began (visits belong to no period)."""

    rw = models.OneToOneField(
        "wilayah.RW", on_delete=models.CASCADE, primary_key=True, related_name="ringkasan"
    )
    # copied from the RW, so a kecamatan's or kelurahan's rows are read by index
    kelurahan = models.ForeignKey("wilayah.Kelurahan", on_delete=models.CASCADE, related_name="+")
    kecamatan = models.ForeignKey("wilayah.Kecamatan", on_delete=models.CASCADE, related_name="+")
    petugas = models.ForeignKey(
        "petugas.Petugas", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    jumlah_keluarga = models.PositiveIntegerField(default=0)
    keluarga_dikunjungi = models.PositiveIntegerField(default=0)
    kunjungan_menunggu = models.PositiveIntegerField(default=0)  # sent, waiting for review
    kunjungan_ditandai = models.PositiveIntegerField(default=0)  # of those, with a flag
    kunjungan_dikembalikan = models.PositiveIntegerField(default=0)
    kunjungan_disetujui = models.PositiveIntegerField(default=0)
    kunjungan_ditolak = models.PositiveIntegerField(default=0)
    kunjungan_terakhir_at = models.DateTimeField(null=True, blank=True)
    # approved changes of the RW's families in no SIKS-NG month's file yet: what its
    # kelurahan's next muskel decides (siksng.perubahan; the muskel marks the RWs)
    perubahan_terbuka = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("ringkasan RW")
        verbose_name_plural = _("ringkasan RW")

    def __str__(self) -> str:
        return f"ringkasan RW {self.rw_id}"

    @property
    def persen_dikunjungi(self) -> int:
        if not self.jumlah_keluarga:
            return 0
        return round(100 * self.keluarga_dikunjungi / self.jumlah_keluarga)


class RingkasanPenerimaRW(models.Model):
    """An RW's recipients of one period and what the findings say of them.

    `dicek`: recipients with a finding not rejected (approved or still in review),
    as the officer's worklist counts them; `terverifikasi`: with an approved finding
    in force, split into `layak` and `tidak_layak`, whose reasons `alasan` counts.
    The results pages (bansos/rekap.py) add them up, with `usulan` (proposals in force),
    `menunggu` (visits with a finding for the period waiting for review or returned) and
    `di_atas_desil` (recipients whose family's desil is above the program's ceiling).
    A row exists for an RW and period with any of these."""

    rw = models.ForeignKey("wilayah.RW", on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey("bansos.Periode", on_delete=models.CASCADE, related_name="+")
    kecamatan = models.ForeignKey("wilayah.Kecamatan", on_delete=models.CASCADE, related_name="+")
    jumlah_penerima = models.PositiveIntegerField(default=0)
    dicek = models.PositiveIntegerField(default=0)
    terverifikasi = models.PositiveIntegerField(default=0)
    layak = models.PositiveIntegerField(default=0)
    tidak_layak = models.PositiveIntegerField(default=0)
    alasan = models.JSONField(default=dict, blank=True)  # {reason code: count}
    usulan = models.PositiveIntegerField(default=0)
    menunggu = models.PositiveIntegerField(default=0)
    di_atas_desil = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("ringkasan penerima RW")
        verbose_name_plural = _("ringkasan penerima RW")
        constraints = [
            models.UniqueConstraint(fields=["rw", "periode"], name="ringkasan_penerima_unik")
        ]
        indexes = [models.Index(fields=["kecamatan", "periode"])]

    def __str__(self) -> str:
        return f"ringkasan penerima RW {self.rw_id} periode {self.periode_id}"


class RWKotor(models.Model):
    """An RW whose summary is out of date since `ditandai_at`."""

    rw = models.OneToOneField(
        "wilayah.RW", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    ditandai_at = models.DateTimeField()

    class Meta:
        verbose_name = _("RW perlu dihitung ulang")
        verbose_name_plural = _("RW perlu dihitung ulang")

    def __str__(self) -> str:
        return f"RW {self.rw_id} sejak {self.ditandai_at:%Y-%m-%d %H:%M}"
