"""Files that hold a whole list of NIKs are not kept for ever.

An XLSX export (whole or masked numbers: the results' and the monthly SIKS-NG files), an
uploaded recipient list and a desil file stay on disk (or in the bucket) for
`settings.BERKAS_BANSOS_SIMPAN_HARI` days after they are done; then beat deletes the file
and the record says so. The records, counts and problem reports stay: only the copies of
personal data go. A new export is one click away, and an import's data is in the
database, so nothing anyone needs is lost.
"""

from __future__ import annotations

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.db.models import FileField, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from bansos.models import ImporPenerima, StatusImpor
from dasbor.tembolok import versi_naikkan_saat_commit
from lib.ekspor import EksporBerkas, StatusEkspor
from lib.penyimpanan import GALAT_PENYIMPANAN
from pendataan.models import ImporDesil

logger = logging.getLogger(__name__)


def model_ekspor() -> list[type[EksporBerkas]]:
    """Every export model (lib/ekspor.py), whichever app it lives in."""
    return [m for m in apps.get_models() if issubclass(m, EksporBerkas)]


def berkas_lama_hapus(*, sekarang: datetime.datetime | None = None) -> tuple[int, int]:
    """Delete the files of exports and imports done more than the kept days ago;
    returns (exports, imports) whose file was deleted."""
    hari = settings.BERKAS_BANSOS_SIMPAN_HARI
    batas = (sekarang or timezone.now()) - datetime.timedelta(days=hari)
    pesan = _(
        "Berkas sudah dihapus %(hari)d hari setelah selesai, demi keamanan data pribadi. "
        "Minta ekspor baru dari halaman asalnya."
    ) % {"hari": hari}
    jumlah_ekspor = 0
    for model in model_ekspor():  # the results exports, the monthly SIKS-NG files
        ekspor = model.objects.filter(status=StatusEkspor.SELESAI, selesai_at__lt=batas)
        jumlah_ekspor += _hapus(ekspor.exclude(berkas=""), pesan=pesan)
    if jumlah_ekspor:
        versi_naikkan_saat_commit(lain=["ekspor"])  # "berkas dihapus" on the results pages
    jumlah_impor = 0
    for model in (ImporPenerima, ImporDesil):  # a desil file names families by KK or NIK
        impor = model.objects.filter(
            status__in=(StatusImpor.SELESAI, StatusImpor.DITOLAK), selesai_at__lt=batas
        )
        jumlah_impor += _hapus(impor.exclude(berkas=""))
    if jumlah_ekspor or jumlah_impor:
        logger.info("berkas lama dihapus: %d ekspor, %d impor", jumlah_ekspor, jumlah_impor)
    return jumlah_ekspor, jumlah_impor


def _hapus(queryset, *, pesan: str | None = None) -> int:
    """The file first, then the record: a file that fails to go is tried again next
    time, and a record never points to a file that is gone while saying it is there."""
    model: type[Model] = queryset.model
    field: FileField = model._meta.get_field("berkas")
    jumlah = 0
    # a list first: SQLite gives no isolation between a cursor and writes to its table
    for pk, nama in list(queryset.values_list("pk", "berkas")):
        try:
            field.storage.delete(nama)
        except GALAT_PENYIMPANAN as exc:  # the disk or the bucket: tried again next time
            nama_model, sebab = model.__name__, type(exc).__name__
            logger.warning("%s %s: berkas tidak terhapus (%s)", nama_model, pk, sebab)
            continue
        nilai = {"berkas": ""} if pesan is None else {"berkas": "", "pesan": pesan}
        jumlah += model.objects.filter(pk=pk, berkas=nama).update(**nilai)
    return jumlah
