"""The profile's guarded proposal and attribute table, kept beside the workspace by content.

Both are a function of :func:`~analytics.metrics.proposal.proposal_inputs` (each lead's
outcome, whether sales worked it, and its candidate attributes as text) and their own
parameters. They are kept under a key of that frame's digest
(:func:`~analytics.scoring.derived.content_key`), not of the data version: an import that
leaves those inputs as they were (activities, which move scores but no attribute or
outcome) finds them kept, where the data-version key built them again (the leak guard's
out-of-fold AUCs and the holdout: ~0.55 s at 100k leads, the attribute table ~0.25 s).

Example:
    >>> import polars as pl
    >>> leads = pl.DataFrame({"lead_id": ["a", "b"], "industry": ["IT", "Retail"],
    ...     "is_won": [True, False], "sql_at": [None, None],
    ...     "opportunity_at": [None, None], "mql_at": [None, None]})
    >>> cached_proposal(Workspace.open(":memory:"), leads, min_n=1).candidates
    ['industry']
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.metrics.profile import profile_attributes
from analytics.metrics.proposal import (
    ProfileProposal,
    candidate_columns,
    proposal_inputs,
    propose_profile,
)
from analytics.scoring.derived import cached_value, content_key, frame_digest, kept
from analytics.store.db import Workspace


def cached_proposal(
    ws: Workspace,
    leads: pl.DataFrame,
    *,
    outcome: str = "won",
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    min_n: int = 30,
) -> ProfileProposal:
    """:func:`~analytics.metrics.proposal.propose_profile` of ``leads``, kept by content."""
    digest = frame_digest(proposal_inputs(leads, outcome))
    key = content_key("profile", digest, outcome, min_n, list(include), list(exclude))
    return cached_value(
        ws,
        key,
        {"ProfileProposal": ProfileProposal},
        lambda: propose_profile(
            leads, outcome=outcome, include=include, exclude=exclude, min_n=min_n
        ),
    )


def cached_attributes(
    ws: Workspace, leads: pl.DataFrame, *, outcome: str = "won", min_n: int = 30
) -> pl.DataFrame:
    """:func:`~analytics.metrics.profile.profile_attributes` of the candidate columns of
    ``leads`` (:func:`~analytics.metrics.proposal.candidate_columns`), kept by content."""
    digest = frame_digest(proposal_inputs(leads, outcome))
    key = content_key("profile-attributes", digest, outcome, min_n)

    def build() -> tuple[dict[str, pl.DataFrame], dict]:
        table = profile_attributes(
            leads, attributes=candidate_columns(leads), outcome=outcome, min_n=min_n
        )
        return {"attributes": table}, {}

    return kept(ws, key, ("attributes",), build)[0]["attributes"]
