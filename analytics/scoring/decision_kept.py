"""The feature matrix at each lead's decision point, kept beside the workspace and updated
after an import.

:func:`~analytics.scoring.decision_features.build_decision_features` scans every activity
before each lead's own cut (the model lab's data: 0.35 s at 100k leads, seconds at 1M).
:func:`cached_decision_features` keeps its frame in the workspace's sidecar
(:mod:`analytics.scoring.derived`) per data version, criteria and cuts; after an import it
builds again only the leads whose rows changed or whose cut moved (in memory, from their own
leads and activities rows: a lead's features read nothing else), the others read back, as
the Sales feedback page's rule points (:mod:`analytics.metrics.feedback.kept`) and the
feature matrix (:func:`~analytics.scoring.derived.cached_features`) are updated.

Example:
    >>> from datetime import datetime
    >>> from analytics.criteria import default_criteria
    >>> cuts = pl.DataFrame({"lead_id": ["L1"], "cut": [datetime(2025, 1, 1)]})
    >>> cached_decision_features(Workspace.open(":memory:"), default_criteria(), cuts).frame.height
    0
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import polars as pl

from analytics.criteria import Criteria
from analytics.scoring.cache import changed_leads, few_changed, import_marks, rows_in_memory
from analytics.scoring.decision_features import build_decision_features, normal_cuts
from analytics.scoring.derived import derived_key, frame_digest, kept, latest_base
from analytics.scoring.features import Features
from analytics.store.db import Workspace

KIND = "decision-features"


def cached_decision_features(
    ws: Workspace, criteria: Criteria, cuts: pl.DataFrame, *, extra: tuple[str, ...] = ()
) -> Features:
    """:func:`~analytics.scoring.decision_features.build_decision_features`, kept (the same
    frame, rows in ``lead_id`` order)."""
    cuts = normal_cuts(cuts)
    tags = {"criteria": criteria.sha256, "extra": list(extra)}

    def build() -> tuple[dict[str, pl.DataFrame], dict]:
        marks = import_marks(ws)
        frame = over_cuts(
            ws, KIND, "frame", tags, marks, cuts,
            lambda part, wanted: build_decision_features(part, criteria, wanted, extra=extra).frame,
        )  # fmt: skip
        if frame is None:
            frame = build_decision_features(ws, criteria, cuts, extra=extra).frame
        else:
            frame = frame.sort("lead_id")  # as the whole build gives it
        return {"frame": frame, "cuts": cuts}, {"tags": {**tags, **marks}}

    key = derived_key(ws, criteria, KIND, frame_digest(cuts), *extra)
    frame = kept(ws, key, ("frame",), build)[0]["frame"]
    as_of = cuts["cut"].max() if cuts.height else datetime(1970, 1, 1)  # as the build gives it
    return Features(frame=frame, as_of=as_of, structure=criteria.structure)


def changed_since(ws: Workspace, since: int, before: pl.DataFrame, cuts: pl.DataFrame) -> pl.Series:
    """The leads a kept per-lead frame at each lead's cut must build again: a row of theirs
    stamped after the import ``since``, or a cut that moved, came or went (``before``, the
    cuts it was built with, against ``cuts``; both ``lead_id``, ``cut``).

    Example:
        >>> from datetime import datetime
        >>> at = [datetime(2025, 1, 1), datetime(2025, 2, 1)]
        >>> before = pl.DataFrame({"lead_id": ["A", "B"], "cut": at})
        >>> now = pl.DataFrame({"lead_id": ["A", "C"], "cut": [at[1], at[0]]})
        >>> changed_since(Workspace.open(":memory:"), 0, before, now).sort().to_list()
        ['A', 'B', 'C']
    """
    moved = (
        before.join(cuts, on="lead_id", how="full", coalesce=True, suffix="_now")
        .filter(pl.col("cut").ne_missing(pl.col("cut_now")))
        .get_column("lead_id")
    )
    return pl.concat([changed_leads(ws, since).cast(pl.String), moved]).unique()


def over_cuts(
    ws: Workspace,
    kind: str,
    name: str,
    tags: dict,
    marks: dict[str, int | str],
    cuts: pl.DataFrame,
    build: Callable[[Workspace, pl.DataFrame], pl.DataFrame],
) -> pl.DataFrame | None:
    """A per-lead frame at each lead's cut, updated after an import: the frame ``name`` of the
    newest kept ``kind`` entry with ``tags`` an update can build on (kept with the ``cuts`` it
    was built with), without the leads :func:`changed_since`, with ``build(part, their
    cuts)``'s rows in their place (``part``: a workspace in memory holding only those leads'
    leads and activities rows). None when there is nothing to build on, or when most leads
    changed (one whole build is simpler). Rows of kept leads come first.
    """
    found = latest_base(ws, kind, tags, marks, (name, "cuts"))
    if found is None:
        return None
    since, frames = found
    frame, before = frames[name], frames["cuts"]
    changed = changed_since(ws, since, before, cuts)
    if not few_changed(changed.len(), cuts.height):
        return None
    wanted = cuts.filter(pl.col("lead_id").is_in(changed.implode()))
    with rows_in_memory(ws, changed, ("leads", "activities")) as part:
        rows = build(part, wanted)
    kept_rows = frame.filter(~pl.col("lead_id").is_in(changed.implode()))
    return pl.concat([kept_rows, rows.select(frame.columns).cast(dict(frame.schema))])
