"""Entry point: ``python -m analytics``."""

from __future__ import annotations

import sys

from analytics.allocator import tune_polars_allocator

tune_polars_allocator()  # before anything loads polars (see analytics.allocator)

from analytics.cli.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
