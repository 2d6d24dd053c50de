"""A text file imported in chunks gives exactly what the whole-file import gives.

Each case imports the same bytes twice into fresh workspaces — in one piece, and in
chunks of a few rows (``KAKEHASHI_IMPORT_CHUNK_ROWS``) — and compares the ImportResult
(counts, rejects, notes) and every workspace table. The import suites
(test_ingest, test_bad_input, test_exports, test_hostile_files) also pass with
``KAKEHASHI_IMPORT_CHUNK_ROWS=7``.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path
from unittest.mock import patch

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.errors import InputError
from analytics.store.db import Workspace
from analytics.store.ingest import import_file
from analytics.store.ingest.chunked import CHUNK_ENV, chunk_rows

TABLES = ("leads", "activities", "deals", "imports", "import_rejects")


def _snapshot(ws: Workspace) -> dict[str, list[tuple]]:
    out = {}
    for table in TABLES:
        cols = [
            c
            for c in ws.columns(table)
            if c not in ("started_at", "finished_at", "created_at_import")
        ]
        quoted = ", ".join(f'"{c}"' for c in cols)
        out[table] = sorted(map(repr, ws.rows(f"SELECT {quoted} FROM {table}")))
    out["columns"] = {t: ws.columns(t) for t in ("leads", "deals")}
    return out


def _import_both(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    files: list[bytes],
    chunk: int,
    **options: object,
) -> tuple[list, list, dict, dict]:
    """Results and snapshots of importing ``files`` in order, whole and in chunks."""
    results, snaps = [], []
    for mode in ("whole", "chunked"):
        if mode == "chunked":
            monkeypatch.setenv(CHUNK_ENV, str(chunk))
        else:
            monkeypatch.delenv(CHUNK_ENV, raising=False)
        ws = Workspace.open(str(tmp_path / f"{mode}.duckdb"), create=True)
        try:
            got = []
            for data in files:
                try:
                    got.append(asdict(import_file(ws, kind, data, file_name="f.csv", **options)))
                except InputError as exc:
                    got.append(("error", str(exc)))
            results.append(got)
            snaps.append(_snapshot(ws))
        finally:
            ws.close()
    return results[0], results[1], snaps[0], snaps[1]


LEADS = (
    "lead_id,company,employees,created_at,Score Tier,Budget Flag,Region Note\n"
    "L1,Acme,120,2025/8/5,3,yes,東京\n"
    "L2,Beta,x,2025/8/6,4,no,N/A\n"
    "L3,Gamma,30,2025/8/7,5,yes,\n"
    "L1,Acme again,10,2025/8/8,6,no,大阪\n"
    ",Nobody,1,2025/8/9,7,yes,\n"
    "\n"
    "L4,Delta,50,2025/8/10,8.5,no,Select\n"
    "L5,Eps,60,9999/12/31,9,yes,\n"
    "L3,Gamma dup,31,2025/8/11,10,no,--\n"
    "L6,Zeta,70,2025/8/12,11,yes,N/A\n"
    "L2,Beta again,2,2025/8/13,12,no,\n"
    "L7,Eta,80,2025/8/14,13,yes,名古屋\n"
)
CASES = {
    "leads_rejects_dups_custom": ("leads", [LEADS.encode()], {}),
    "leads_cp932": ("leads", [LEADS.encode("cp932")], {}),
    "leads_reimport": ("leads", [LEADS.encode(), LEADS.encode()], {}),
    "leads_id_from_row": (
        "leads",
        [b"company,email\nAcme,a@x.jp\nAcme,a@x.jp\nBeta,b@y.jp\nAcme,a@x.jp\n" * 3],
        {"id_from_row": True},
    ),
    "leads_dry_run": ("leads", [LEADS.encode()], {"dry_run": True}),
    "leads_status_converted": (
        "leads",
        [
            b"lead_id,status\n"
            + b"".join(f"L{i},Open\n".encode() for i in range(6))
            + b"L9,Closed - Converted\n"
        ],
        {},
    ),
    "activities": (
        "activities",
        [
            b"lead_id,occurred_at,type,detail\n"
            + b"L1,2025-08-01,page_view,/pricing\n" * 3
            + b"L2,2025-08-02,email_open,\nL3,bad,page_view,/x\n"
        ],
        {},
    ),
    "activities_reimport_custom": (
        "activities",
        [
            b"lead_id,occurred_at,type,detail,Channel Score\n"
            + b"L1,2025-08-01,page_view,/pricing,3\n" * 3
            + b"L2,2025-08-02,email_open,,x\nL3,2025-08-03,webinar,Intro,\n"
        ]
        * 2,
        {},
    ),
    "activities_dry_run": (
        "activities",
        [b"lead_id,occurred_at,type\n" + b"L1,2025-08-01,page_view\n" * 5],
        {"dry_run": True},
    ),
    "deals_tsv": (
        "deals",
        [
            "deal_id\tlead_id\tstage\tamount\n"
            "D1\tL1\t受注\t1,200\nD2\tL2\tlost\t-\nD1\tL1\twon\t5\nD3\tL3\topen\t10万円\n".encode()
        ],
        {},
    ),
    "all_rejected": ("leads", [b"lead_id,employees\n,1\n,2\n,3\n"], {}),
    "ragged": ("leads", [b"lead_id,company\nL1,A\nL2,B\nL3,C,extra\n"], {}),
    "placeholders_in_many_chunks": (
        "leads",
        [
            b"lead_id,Spec\n"
            + b"".join(f"L{i},{('N/A', '--', 'Select', 'IT')[i % 4]}\n".encode() for i in range(30))
        ],
        {},
    ),
}


@pytest.mark.parametrize("chunk", [1, 3, 7])
@pytest.mark.parametrize("case", sorted(CASES))
def test_chunked_import_equals_whole_file(
    case: str, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind, files, options = CASES[case]
    whole, parts, whole_ws, parts_ws = _import_both(
        tmp_path, monkeypatch, kind, files, chunk, **options
    )
    assert parts == whole
    assert parts_ws == whole_ws


def test_custom_type_decided_by_a_later_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"lead_id,Tier\n" + b"".join(f"L{i},{i % 2}\n".encode() for i in range(9)) + b"L9,7\n"
    whole, parts, whole_ws, parts_ws = _import_both(tmp_path, monkeypatch, "leads", [data], 4)
    assert parts == whole and parts_ws == whole_ws
    assert whole_ws["columns"]["leads"]["tier"] == "BIGINT"


def test_date_order_that_chunks_disagree_on_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"lead_id,created_at\nL1,5/8/2025\nL2,6/8/2025\nL3,13/8/2025\n"
    monkeypatch.setenv(CHUNK_ENV, "2")
    ws = Workspace.open(str(tmp_path / "w.duckdb"), create=True)
    with pytest.raises(InputError, match="date_order"):
        import_file(ws, "leads", data, file_name="d.csv")
    assert ws.rows("SELECT count(*) FROM leads") == [(0,)]
    with_order = '[options]\ndate_order = "DMY"\n'
    result = import_file(ws, "leads", data, file_name="d.csv", mapping=with_order)
    assert result.inserted == 3


def test_chunk_size_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CHUNK_ENV, raising=False)
    assert chunk_rows(10) is None and chunk_rows(1 << 30) == 500_000
    monkeypatch.setenv(CHUNK_ENV, "7")
    assert chunk_rows(10) == 7


def test_progress_is_reported_per_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CHUNK_ENV, "2")
    ws = Workspace.open(str(tmp_path / "w.duckdb"), create=True)
    seen = []
    import_file(ws, "leads", LEADS.encode(), file_name="l.csv", progress=seen.append)
    fractions = [p.fraction for p in seen]
    assert len([p for p in seen if p.stage == "convert"]) >= 6
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ids=st.lists(st.sampled_from(["A", "B", "C", "D", "", "E"]), min_size=1, max_size=25),
    values=st.lists(
        st.sampled_from(["1", "0", "2.5", "x", "N/A", "", "2025/8/5"]), min_size=25, max_size=25
    ),
    chunk=st.integers(min_value=1, max_value=6),
)
def test_any_file_any_chunk_size(
    ids: list[str], values: list[str], chunk: int, tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    rows = "".join(f"{i},{v}\n" for i, v in zip(ids, values, strict=False))
    data = f"lead_id,Attr\n{rows}".encode()
    tmp = tmp_path_factory.mktemp("prop")
    whole, parts, whole_ws, parts_ws = _import_both(tmp, monkeypatch, "leads", [data], chunk)
    assert parts == whole
    assert parts_ws == whole_ws
    monkeypatch.delenv(CHUNK_ENV, raising=False)


def test_real_leads_file_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = sorted(Path("/work/shared/data/real").glob("**/*.csv"))
    if not real:
        pytest.skip("no real CSV files here")
    data = real[0].read_bytes()[: 1 << 20]
    data = data[: data.rfind(b"\n") + 1]
    whole, parts, _, _ = _import_both(tmp_path, monkeypatch, "leads", [data], 997)
    assert parts == whole
    assert pl.DataFrame  # polars is the frame library under both paths


# --------------------------------------------------------------------------- byte ranges
csv_values = st.text(alphabet=st.sampled_from(list('ab,"\n\r 東')), max_size=6)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.lists(csv_values, min_size=2, max_size=2), max_size=30),
    chunk=st.integers(min_value=1, max_value=8),
)
def test_byte_ranges_read_as_the_whole_file(rows: list[list[str]], chunk: int) -> None:
    """Quoted delimiters, quotes and line breaks: the ranges' rows are the whole file's."""
    import csv
    import io

    from analytics.store.ingest import ranges

    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([["a", "b"], *rows])
    data = text.getvalue().encode()

    def parse(block: bytes, first: int) -> pl.DataFrame:
        return pl.read_csv(
            block, infer_schema=False, row_index_name="r", row_index_offset=first,
            raise_if_empty=False,
        )  # fmt: skip

    whole = parse(data, 2)
    blocks = [data[b:e] for b, e in ranges.record_ranges(data, 4, target=chunk, limit=1 << 20)]
    assert b"".join(blocks) == data[4:]
    # every block but the last ends on a record boundary (a newline outside quotes)
    assert all(
        ranges.record_end(b, len(b) - 1, b[:-1].count(b'"') % 2 == 1)[0] == len(b)
        for b in blocks[:-1]
    )
    parts = list(
        ranges.range_frames(io.BytesIO(data), chunk_rows=chunk, rows=whole.height, parse=parse)
    )
    got = pl.concat(parts) if parts else whole.head(0)
    assert got.equals(whole)
    # a file on disk is mapped in memory, its quotes counted in pieces (3 bytes here)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        path.write_bytes(data)
        with path.open("rb") as handle, patch.object(ranges, "_COUNT_PIECE", 3):
            parts = list(
                ranges.range_frames(handle, chunk_rows=chunk, rows=whole.height, parse=parse)
            )
    got = pl.concat(parts) if parts else whole.head(0)
    assert got.equals(whole)


def test_chunks_are_byte_ranges_with_quoted_line_breaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Multi-line quoted values across chunk edges: byte ranges, same result as whole."""
    from analytics.store.ingest import ranges

    calls = []
    real_frames = ranges.range_frames

    def counted(*args: object, **kwargs: object):  # the real reader, counted
        calls.append(1)
        return real_frames(*args, **kwargs)

    monkeypatch.setattr(ranges, "range_frames", counted)
    body = "".join(f'L{i},"Acme\n{i}, ""Ltd""",{i * 10}\n' for i in range(40))
    data = f"lead_id,company,employees\n{body}".encode()
    whole, parts, whole_ws, parts_ws = _import_both(tmp_path, monkeypatch, "leads", [data], 3)
    assert calls and parts == whole and parts_ws == whole_ws
    assert whole[0]["inserted"] == 40


def test_a_lone_quote_in_an_unquoted_field_is_read_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``24" panel``: polars refuses it; the loose reader takes it, whole or chunked."""
    body = "".join(f'L{i},Acme {i}" panel,{i}\n' for i in range(30))
    data = f'lead_id,company,employees\n{body}L99,"a, ""b""\n c",5\n'.encode()
    whole, parts, whole_ws, parts_ws = _import_both(tmp_path, monkeypatch, "leads", [data], 4)
    assert parts == whole and parts_ws == whole_ws
    assert whole[0]["inserted"] == 31 and whole[0]["rejected"] == 0
    assert """'Acme 3" panel'""" in " ".join(whole_ws["leads"])


def test_a_large_file_with_lone_quotes_is_refused_with_row_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analytics.store.ingest import loose

    monkeypatch.setattr(loose, "MAX_LOOSE_BYTES", 100)
    body = "".join(f"L{i},Acme {i},{i}\n" for i in range(30)) + 'L30,24" monitor,1\n'
    ws = Workspace.open(str(tmp_path / "w.duckdb"), create=True)
    with pytest.raises(InputError) as error:
        import_file(ws, "leads", f"lead_id,company,employees\n{body}".encode(), file_name="q.csv")
    message = str(error.value)
    assert "row 32, column 'company'" in message and "quote" in message
    assert ws.rows("SELECT count(*) FROM leads") == [(0,)]


def test_ranges_that_mismatch_fall_back_to_the_batch_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A RangesMismatch mid-import: the import reads again in one stream, same result."""
    from analytics.store.ingest import ranges

    def broken(*args: object, **kwargs: object):
        yield from ()
        raise ranges.RangesMismatch("test")

    monkeypatch.setattr(ranges, "range_frames", broken)
    whole, parts, whole_ws, parts_ws = _import_both(
        tmp_path, monkeypatch, "leads", [LEADS.encode()], 3
    )
    assert parts == whole and parts_ws == whole_ws


@settings(max_examples=300, deadline=None)
@given(
    data=st.one_of(
        st.text(alphabet=st.sampled_from(list("a,\n東京都ｱ😀é"))).map(str.encode),
        st.binary(max_size=40),
    ),
    piece=st.integers(min_value=1, max_value=9),
)
def test_utf8_check_agrees_with_decoding(data: bytes, piece: int) -> None:
    """The fast UTF-8 and NUL checks, in pieces that split characters anywhere, equal a
    full decode (of the bytes before the first NUL) and a search."""
    import io

    from analytics.store.ingest.utf8 import scan_text

    nul = data.find(b"\x00")
    try:
        data[: nul if nul >= 0 else None].decode("utf-8")
        expected = True
    except UnicodeDecodeError:
        expected = False
    assert scan_text(lambda: io.BytesIO(data), piece=piece) == (nul if nul >= 0 else None, expected)


def test_every_range_is_parsed_from_one_stream_written_over(tmp_path: Path) -> None:
    """Each range is copied into the same stream (no new buffer per chunk); a frame parsed
    from it keeps its values when the next range overwrites the stream."""
    from analytics.store.ingest import ranges

    path = tmp_path / "f.csv"
    lines = [f"{i},{'long value ' * (1 + i % 5)}{i}\n".encode() for i in range(3_000)]
    path.write_bytes(b"n,text\n" + b"".join(lines))
    streams, buffers = [], []

    def parse(stream, first: int) -> pl.DataFrame:
        streams.append(stream)
        buffers.append(stream.getbuffer().nbytes)
        return pl.read_csv(stream, infer_schema=False, row_index_name="r", row_index_offset=first)

    with path.open("rb") as handle:
        frames = list(ranges.range_frames(handle, chunk_rows=500, rows=3_000, parse=parse))
    assert len(frames) >= 5 and all(s is streams[0] for s in streams)
    # each stream held the header and its range only
    assert sum(buffers) - len(buffers) * len(b"n,text\n") == path.stat().st_size - 7
    whole = pl.read_csv(path, infer_schema=False, row_index_name="r", row_index_offset=2)
    assert pl.concat(frames).equals(whole)


def test_a_mapped_file_is_released_as_it_is_parsed(tmp_path: Path) -> None:
    """The pages of a mapped file that were parsed are handed back (not held to the end)."""
    from analytics.store.ingest import ranges

    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"".join(b"%d,x\n" % i for i in range(200_000)))
    released = []
    real = ranges._release

    def spy(data: object, start: int, stop: int) -> int:
        released.append((start, real(data, start, stop)))
        return released[-1][1]

    with path.open("rb") as handle, patch.object(ranges, "_release", spy):
        frames = list(
            ranges.range_frames(
                handle, chunk_rows=50_000, rows=200_000,
                parse=lambda block, first: pl.read_csv(block, infer_schema=False),
            )
        )  # fmt: skip
    assert sum(f.height for f in frames) == 200_000
    # every range but the last releases the pages before it, on page boundaries
    assert len(released) == 4 and all(stop % ranges.mmap.PAGESIZE == 0 for _, stop in released)
    assert released[-1][1] > path.stat().st_size - ranges.mmap.PAGESIZE


ACTIVITIES = (
    b"lead_id,occurred_at,type,detail\n"
    + b"".join(
        f"L{i % 4},2025-08-{1 + i % 20:02d},page_view,/p{i % 3}\n".encode() for i in range(30)
    )
    + b"L1,2025-08-01,page_view,/p1\n" * 2
)


def test_activities_into_an_empty_workspace_are_written_as_they_are_converted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load of a large activity history: each chunk is inserted in the import's
    transaction as it is converted (no staged files), with the whole file's result."""
    from analytics.store.ingest import write

    written = []
    real = write.RowsAsConverted.write
    monkeypatch.setattr(
        write.RowsAsConverted, "write", lambda self, *a: written.append(1) or real(self, *a)
    )
    whole, parts, whole_ws, parts_ws = _import_both(
        tmp_path, monkeypatch, "activities", [ACTIVITIES, ACTIVITIES], 4
    )
    assert parts == whole and parts_ws == whole_ws
    assert len(written) == 8  # the first file's 32 rows in chunks of 4; the second is staged
    assert [r["inserted"] for r in parts] == [32, 0]


@pytest.mark.parametrize("fail_at", ["insert", "after_the_rows"])
def test_a_failure_after_chunks_were_written_leaves_the_workspace_as_it_was(
    fail_at: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error in the third chunk's insert, or once every row is written (the import's own
    record): every chunk written before is rolled back, and the error is the real one."""
    from analytics.store.ingest import write

    monkeypatch.setenv(CHUNK_ENV, "4")
    ws = Workspace.open(str(tmp_path / "w.duckdb"), create=True)
    import_file(ws, "leads", b"lead_id\nL0\nL1\n", file_name="l.csv")
    before = ws.fingerprint()
    calls = []
    real_insert, real_record = write._insert_new_activities, write._record_import

    def insert(*args: object, **kwargs: object) -> int:
        calls.append(1)
        if fail_at == "insert" and len(calls) == 3:
            raise OSError("No space left on device")
        return real_insert(*args, **kwargs)

    def record(*args: object, **kwargs: object) -> None:
        if fail_at == "after_the_rows":
            raise RuntimeError("the import's record failed")
        real_record(*args, **kwargs)

    monkeypatch.setattr(write, "_insert_new_activities", insert)
    monkeypatch.setattr(write, "_record_import", record)
    with pytest.raises(Exception) as failed:
        import_file(ws, "activities", ACTIVITIES, file_name="a.csv")
    if fail_at == "insert":
        assert isinstance(failed.value, InputError) and failed.value.key == "ingest.disk_full"
    else:
        assert "record failed" in str(failed.value)
    assert len(calls) >= 3
    assert ws.fingerprint() == before
    monkeypatch.undo()
    monkeypatch.setenv(CHUNK_ENV, "4")
    assert import_file(ws, "activities", ACTIVITIES, file_name="a.csv").inserted == 32


def test_activities_read_again_after_a_mismatch_are_written_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Byte ranges that go wrong after a chunk was written: the rows written are removed
    and the file is read again in one stream, once."""
    from analytics.store.ingest import ranges

    real = ranges.range_frames

    def first_then_broken(*args: object, **kwargs: object):
        frames = real(*args, **kwargs)
        yield next(iter(frames))
        raise ranges.RangesMismatch("test")

    monkeypatch.setattr(ranges, "range_frames", first_then_broken)
    whole, parts, whole_ws, parts_ws = _import_both(
        tmp_path, monkeypatch, "activities", [ACTIVITIES], 5
    )
    assert parts == whole and parts_ws == whole_ws


def _ascii_head_then(last_row: bytes, rows: int = 3000) -> bytes:
    """An activity file whose first 64 KiB (where the encoding is judged) are ASCII."""
    body = "".join(f"L{i},2025-08-01,page_view,/p{i}\n" for i in range(rows)).encode()
    return b"lead_id,occurred_at,type,detail\n" + body + last_row


def test_activities_whose_later_bytes_are_cp932_are_read_again_as_cp932(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CP932 bytes past the head, found once chunks were written: those are rolled back and
    the whole file is read again as CP932, as the whole-file import reads it."""
    from analytics.store.ingest import write

    written = []
    real = write.RowsAsConverted.write
    monkeypatch.setattr(
        write.RowsAsConverted,
        "write",
        lambda self, valid, *a: written.append(valid.height) or real(self, valid, *a),
    )
    data = _ascii_head_then("L9,2025-08-02,webinar,㈱髙橋セミナー\n".encode("cp932"))
    whole, parts, whole_ws, parts_ws = _import_both(
        tmp_path, monkeypatch, "activities", [data], 500
    )
    assert parts == whole and parts_ws == whole_ws
    assert (parts[0]["encoding"], parts[0]["inserted"]) == ("cp932", 3001)
    assert sum("㈱髙橋セミナー" in row for row in parts_ws["activities"]) == 1
    assert sum(written) > 3001  # rows written before the CP932 bytes, rolled back, written again


@pytest.mark.parametrize("ranges_fail", [False, True])
def test_a_nul_byte_past_the_head_is_refused_as_the_whole_file_reader_refuses_it(
    ranges_fail: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A NUL byte in a late chunk (found by the byte ranges, or before the stream that
    replaces them reads on): the whole-file reader's error, and nothing written."""
    from analytics.store.ingest import ranges

    if ranges_fail:
        real = ranges.range_frames

        def first_then_broken(*args: object, **kwargs: object):
            yield next(iter(real(*args, **kwargs)))
            raise ranges.RangesMismatch("test")

        monkeypatch.setattr(ranges, "range_frames", first_then_broken)
    data = _ascii_head_then(b"L9,2025-08-02,page_view,/x\x00y\n")
    whole, parts, whole_ws, parts_ws = _import_both(
        tmp_path, monkeypatch, "activities", [data], 500
    )
    assert parts == whole and parts_ws == whole_ws
    assert parts[0][0] == "error" and "NUL" in parts[0][1]
    assert parts_ws["activities"] == [] and parts_ws["imports"] == []
