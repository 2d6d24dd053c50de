r"""What a workspace file must look like before DuckDB opens it (no DuckDB here).

:func:`check_file` refuses, before any connection, what cannot be a Kakehashi
workspace — a folder, a missing path (unless a new workspace was asked for), an
empty file, SQLite, text — and a DuckDB file cut short. Opening is
:meth:`analytics.store.db.Workspace.open`'s, which calls it first.

Example:
    >>> import tempfile
    >>> text = Path(tempfile.mkdtemp()) / "leads.csv"
    >>> _ = text.write_text("lead_id\nL1\n")
    >>> check_file(text, create=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analytics.errors.WorkspaceError: ... is not a Kakehashi workspace (not a DuckDB file); Kakehashi leaves it unchanged. Pass --db with the workspace file (.duckdb)
"""

from __future__ import annotations

import struct
from pathlib import Path

from analytics.errors import WorkspaceError

# A DuckDB file: three 4 KiB headers, then whole blocks.
HEADER_BYTES = 3 * 4096
DUCKDB_MAGIC = b"DUCK"  # at byte 8 of every DuckDB file


def check_file(path: Path, *, create: bool) -> bool:
    """Refuse what cannot be a workspace before DuckDB touches it; True if ``path`` is new.

    Args:
        path: the workspace file.
        create: make a new workspace (and its folder) when ``path`` does not exist.

    Raises:
        WorkspaceError: a folder, a missing file without ``create``, or a file that
            is not DuckDB's (an empty file, SQLite, text …).

    Example:
        >>> check_file(Path("no/such/w.duckdb"), create=False)
        Traceback (most recent call last):
        ...
        analytics.errors.WorkspaceError: no workspace at 'no/such/w.duckdb'; check the path, or create one: python -m analytics demo --db PATH (demo data) or import with --create
    """
    if path.is_dir():
        raise WorkspaceError.make("db.is_folder", path=str(path))
    if not path.exists():
        if not create:
            raise WorkspaceError.make("db.not_found", path=str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise WorkspaceError.make("db.cannot_open", path=str(path), detail=exc.strerror) from exc
    if head[8:12] != DUCKDB_MAGIC:
        kind = "a SQLite database" if head.startswith(b"SQLite format 3") else "not a DuckDB file"
        if not head:
            kind = "an empty file"
        raise WorkspaceError.make("db.not_duckdb", path=str(path), detail=kind)
    check_length(path)
    return False


def check_length(path: Path) -> None:
    """Refuse a DuckDB file cut short (a copy or a download that stopped part-way).

    A DuckDB file is three 4 KiB headers and then blocks of the size its
    database headers (at 4 KiB and 8 KiB) record, with the number of blocks the
    header in force counts. DuckDB shortens a file by whole blocks (free blocks
    at its end, without lowering that count), and a write killed part-way
    (``kill -9``, a power cut) can leave the file ending inside a block *past*
    the counted blocks: that slack is harmless and given back at the next
    write. So a file is refused as cut short when it is shorter than its
    headers, or ends inside a block that the header counts. (A cut exactly at a
    block edge, or a cut in a file DuckDB had shortened, is found when a block
    is read: :func:`analytics.store.db.workspace_errors`.)

    Raises:
        WorkspaceError: ``db.damaged`` saying how the length is wrong.
    """
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
    size = path.stat().st_size
    if len(head) < HEADER_BYTES:
        raise WorkspaceError.make(
            "db.damaged", path=str(path), detail=f"the file has {size:,} of {HEADER_BYTES:,} bytes"
        )
    # each database header: checksum, then iteration, meta block, free list, block count,
    # block size (little-endian 64-bit numbers); the higher iteration is in force
    headers = [struct.unpack_from("<QqqQQ", head, offset + 8) for offset in (4096, 8192)]
    block_count, block_size = max(headers)[3:5]
    if not 4096 <= block_size <= 2**30:
        return  # not a header this check understands: DuckDB's own checks decide
    counted = HEADER_BYTES + block_count * block_size
    if (size - HEADER_BYTES) % block_size and size < counted:
        raise WorkspaceError.make(
            "db.damaged",
            path=str(path),
            detail=f"the file ends inside a block: {size:,} bytes is not whole {block_size:,}-byte blocks",
        )
