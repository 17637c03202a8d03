"""Ground-check tasks (usul and sanggah): Dinsos enters or imports them, the RW officer's
visit answers them, the visit's review closes or reopens them.

    periksa.py    one task as Dinsos gives it, checked (shared by the form and the file)
    buat.py       who sees the tasks, placing one in a family, the form's write
    impor.py      a CSV/XLSX list of tasks, with its row-by-row report
    kunjungan.py  the visit's answer to its family's open tasks, and the review's effect
"""
