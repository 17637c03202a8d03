"""Shared helpers that belong to no app, one topic a module (as healthchecks' hc/lib/).

- `tabular`: reading the CSV and XLSX files people send, refusing a bad file whole;
- `bulk`: writing imported rows in bulk (new, changed, unchanged);
- `unggah`: the upload page every import shares;
- `teks`: text from outside without control characters;
- `persen`: a share in words, never "0%" for something nor "100%" for not all;
- `penyimpanan`: media on the disk or in an S3-compatible bucket;
- `replika`: overview selectors on a read replica, writes on the primary;
- `sesi`: sessions in the database with a short-lived copy in the cache;
- `redis_tembolok`: Django's Redis cache with one client per connection pool.
"""
