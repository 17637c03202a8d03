"""Shares shown on the pages: something is never "0%", unfinished never "100%"."""

import pytest

from bansos.rekap import BarisRekap
from lib.persen import persen_teks


@pytest.mark.parametrize(
    ("bagian", "total", "teks"),
    [
        (1, 305, "<1%"),  # the results page once said "0%" here
        (0, 305, "0%"),
        (3, 305, "<1%"),
        (4, 305, "1%"),
        (152, 305, "49%"),
        (301, 305, "98%"),
        (302, 305, ">99%"),
        (304, 305, ">99%"),
        (305, 305, "100%"),
        (999_999, 1_000_000, ">99%"),
        (0, 0, None),
    ],
)
def test_a_share_in_words(bagian, total, teks):
    assert persen_teks(bagian, total) == teks


def test_the_results_rows_use_it():
    assert BarisRekap(wilayah=None, penerima=305, layak=1).persen == "<1%"
    assert BarisRekap(wilayah=None, penerima=0).persen is None
