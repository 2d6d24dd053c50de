r"""Import CRM/MA exports (leads, activities, deals, BANT, feedback, costs) into a workspace.

``python -m analytics import KIND FILE [--preset P] [--mapping MAP.toml] [--dry-run]``

How a file is read
------------------
1. **Container**: XLSX (a ZIP holding ``xl/workbook.xml``; first sheet unless the
   mapping names one; read with fastexcel/calamine, typed cells turned back into
   text: dates as ISO, whole numbers without ``.0``) or delimited text. Empty
   files, PNG/JPEG/GIF/PDF, ZIPs that are no workbook, legacy ``.xls`` and any
   other bytes with NUL characters are rejected as a whole.
2. **Encoding** (named in the summary): UTF-16 with BOM (Excel "Unicode text",
   tab-separated) -> ``utf-16``; UTF-8 with BOM (Excel "CSV UTF-8") ->
   ``utf-8-sig``; valid UTF-8 -> ``utf-8``; else ``cp932`` (Japanese Excel "CSV";
   Python's ``cp932`` codec, which also knows NEC/IBM extensions such as ``髙`` and
   ``㈱`` that ``shift_jis`` lacks). Bytes that are none of these are rejected.
   Text that is valid UTF-8 but garbled (UTF-8 read as Latin-1 and saved again:
   ``ä¼šç¤¾``) is rejected too. UTF-8 files are parsed straight from disk by
   polars' multi-threaded CSV reader; CP932/UTF-16 files are first transcoded to
   a temporary UTF-8 file in 4 MiB chunks.
3. **Delimiter**: sniffed from the first lines among ``,`` tab ``;`` ``|``
   (the one giving the most consistent field counts). A file that comes out as
   one column is rejected ("delimiter not recognised"); a row with more fields
   than the header is rejected as a whole-file problem (ragged rows); rows with
   fewer fields are padded with empty values; blank rows are skipped.
4. **Mapping** headers -> canonical columns (:data:`analytics.store.presets.COLUMNS`):
   a mapping file's ``[columns]`` first, then the preset (``auto`` picks the
   vendor preset whose headers match best, else ``generic``), then header
   similarity to English/Japanese synonyms. Leads: every other column is kept
   as a typed **custom attribute** (``ALTER TABLE leads ADD COLUMN``; type from
   all its values: BOOLEAN, BIGINT, DOUBLE, TIMESTAMP, else VARCHAR; name = the
   header in lower snake case). Other kinds: other columns are ignored and
   listed in the notes (a mapping file may still say ``"custom"`` for deals).
5. **Values** are parsed per column, vectorised (:mod:`analytics.store.ingest.parsing`).

Rows and rejects
----------------
Row numbers are **spreadsheet rows**: the header is row 1 and the first data
row is row 2 (a quoted value spanning lines still counts as one row). A row is
rejected — recorded in ``import_rejects`` with its row number, column (the
file's header), reason and the raw row as JSON — when a value cannot be read
(bad date, bad number, bad yes/no, BANT level, verdict, month), a number that
must be >= 0 is negative (amounts, employees, durations), a whole number has a
fraction, a required value is empty (e.g. an empty ``lead_id``), or its key
repeats an earlier valid row of the same file (the first one is kept). The
valid rows are imported; the summary counts rejected rows, one reason per row
(unreadable values first, in column order, then empty required values, then
duplicates). ``ImportResult.rejects`` lists the first 1,000; ``import_rejects``
keeps all.

Speed
-----
Built for 1M leads / 20M activities: no Python loop touches rows (the only
per-row Python is the error path that finds the first ragged row). Polars'
multi-threaded CSV reader reads every column as text; columns are parsed in
parallel threads (polars releases the GIL), ISO dates through fixed formats
chosen on a 1,000-value sample, NFKC only for columns holding characters it
can change; the sha256 is computed in a background thread; the valid rows go
to DuckDB as one contiguous Arrow table in one ``INSERT … SELECT``. Measured
here (2 shared cores, best of 3, wall clock) against DuckDB's own
``CREATE TABLE t AS SELECT * FROM read_csv(file)``: 2M synthetic activities
1.6-1.7x, 4M demo activities 1.8x, 200k demo leads 1.8x, 1M synthetic leads
2.3x (the leads table's PRIMARY KEY index alone costs about the floor).

Writing
-------
One transaction per import. Re-importing upserts by key: leads by
``lead_id``, deals by ``deal_id``, BANT by ``(lead_id, assessed_at)``, feedback
by ``(lead_id, given_at)``, costs by ``(month, channel)``; only the columns the
file maps are written. ``inserted`` counts new keys, ``updated`` counts existing
keys whose mapped values changed; unchanged rows are not rewritten (noted).
Activities have no id: a row equal on ``(lead_id, occurred_at, type, detail)``
to a stored one is skipped, so a re-import adds nothing (duplicates *inside*
one file are kept: two identical events may be real). Every import is
recorded in ``imports`` (``import_id`` = max + 1, sha256 of the bytes, counts,
status ``ok``/``partial``/``rejected``) with its rejects in ``import_rejects``; the
data version is bumped when data changed. ``dry_run`` computes everything and
writes nothing. A file-level problem raises :class:`InputError` with one line
(file, row, column, fix) and writes nothing.

Mapping file
------------
A TOML file (or the page's edited mapping) can name the column for a header,
keep or ignore columns, set the date order, the won/lost stages, the XLSX
sheet, constants and number scales: the format is in
:mod:`analytics.store.ingest.mapping`.

Modules, in the order of the flow
---------------------------------
- :mod:`~analytics.store.ingest.read`: container, encoding, delimiter, headers (steps 1-3);
- :mod:`~analytics.store.ingest.mapping`: the mapping file, presets and synonyms (step 4);
- :mod:`~analytics.store.ingest.parsing`: vectorised value parsers (step 5);
- :mod:`~analytics.store.ingest.convert`: typed columns, derived columns, rejects (step 5);
- :mod:`~analytics.store.ingest.write`: upsert SQL and the one transaction;
- :mod:`~analytics.store.ingest.results`: preview, result, rejects and the import history;
- :mod:`~analytics.store.ingest.pipeline`: :func:`import_file` and :func:`preview_file`.

Example:
    >>> from analytics.store.db import Workspace
    >>> ws = Workspace.open(":memory:")
    >>> r = import_file(ws, "leads", "リードID,会社名,従業員数\nL1,㈱髙橋,１，２００\n".encode("cp932"), file_name="l.csv")
    >>> (r.encoding, r.inserted, ws.rows("SELECT company, employees FROM leads"))
    ('cp932', 1, [('(株)髙橋', 1200)])
"""

from __future__ import annotations

from analytics.store.ingest.mapping import (
    CUSTOM_KINDS,
    KEYS,
    KINDS,
    PRESETS,
    MappingSpec,
    load_mapping,
    resolve_mapping,
)
from analytics.store.ingest.pipeline import (
    MAX_REJECTS_SHOWN,
    ROW_ID_KINDS,
    import_file,
    preview_file,
)
from analytics.store.ingest.results import (
    FilePreview,
    ImportResult,
    Reject,
    list_imports,
    list_rejects,
    localize_rejects,
    rejects_frame,
)
from analytics.store.ingest.write import DEDUPE_ACTIVITIES

__all__ = [
    "CUSTOM_KINDS",
    "DEDUPE_ACTIVITIES",
    "KEYS",
    "KINDS",
    "MAX_REJECTS_SHOWN",
    "PRESETS",
    "ROW_ID_KINDS",
    "FilePreview",
    "ImportResult",
    "MappingSpec",
    "Reject",
    "import_file",
    "list_imports",
    "list_rejects",
    "load_mapping",
    "localize_rejects",
    "preview_file",
    "rejects_frame",
    "resolve_mapping",
]
