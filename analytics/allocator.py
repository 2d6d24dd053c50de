"""How polars' memory allocator is set up in Kakehashi's own processes.

polars allocates through its own jemalloc, which gives the pages of a large buffer
(8 MiB and more) back to the kernel as soon as it is freed, and other freed pages
within a second (polars sets ``dirty_decay_ms:500,muzzy_decay_ms:1000`` itself when it
is imported, so that a notebook's memory goes back quickly). A chunked import or a replay frees and allocates buffers of the
same sizes again and again, so each chunk's buffers were new pages the kernel had to
zero and map again. On the benchmark machine (a virtual machine, where a page fault
costs 2–9 µs) the import of 20M activities took ~1.0M page faults and 10.0–10.7 s.

:data:`POLARS_ALLOCATOR` keeps large buffers with the others and lets freed pages wait
30 s before they go back (and then lazily, ``MADV_FREE``: the kernel takes them only
under memory pressure). The same import: ~0.64M faults and 9.3–9.6 s; its peak resident
memory is ~0.7 GB higher (3.4–3.5 GB against 2.7–2.9 GB), under the 4 GB target. A process
that goes on after the import (the benchmark, the dashboard) holds the freed pages for up to
30 s more: the import, first band table and sweep in one process peaked at 5.1–5.3 GB against
3.3–3.4 GB, and took 16.3–18.3 s against 19.2–19.8 s (interleaved runs).

jemalloc reads its settings once, when polars is loaded: :func:`tune_polars_allocator`
is called first thing by ``python -m analytics`` and by ``serve.py``. polars puts its
own pairs in front of the variable's (``_RJEM_MALLOC_CONF``), and jemalloc takes the
last value of each: ours win. A setting the environment has already is kept instead. This module imports nothing
that imports polars.
"""

from __future__ import annotations

import os
import sys

# jemalloc's settings (polars' copy reads them from _RJEM_MALLOC_CONF)
ENV = "_RJEM_MALLOC_CONF"
POLARS_ALLOCATOR = "oversize_threshold:0,dirty_decay_ms:30000,muzzy_decay_ms:30000"


def tune_polars_allocator() -> bool:
    """Set :data:`POLARS_ALLOCATOR` for polars, if polars is not loaded yet; whether the
    setting can still take effect (False: polars is loaded, its allocator set up).

    Example:
        >>> import polars  # loaded here already: too late to change anything
        >>> tune_polars_allocator()
        False
    """
    if "polars" in sys.modules:
        return False
    os.environ.setdefault(ENV, POLARS_ALLOCATOR)
    return True
