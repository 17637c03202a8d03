import io

import openpyxl

from lib.xlsx import buku_xlsx


def test_text_never_becomes_a_formula_and_numbers_stay_numbers():
    isi = buku_xlsx([("Uji", ["Nama", "Jumlah"], [["=1+1", 3], ["Budi\x07", 1.5]])])
    ws = openpyxl.load_workbook(io.BytesIO(isi))["Uji"]
    assert [[c.value for c in r] for r in ws.iter_rows()] == [
        ["Nama", "Jumlah"],
        ["=1+1", 3],
        ["Budi", 1.5],
    ]
    assert ws["A2"].data_type == "s"
    assert ws["A1"].font.bold
