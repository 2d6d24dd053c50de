"""After an import: bring up to date what the pages read for the criteria in use.

An import changes the data version, so every result a page keeps (the replay, the feature
matrix, the rule points at each hand-off) must be brought up to date before the page can
show it; each does it for the leads the import changed (incremental), but the first page
opened after the import waited for it (0.3–0.9 s more at 100k leads). The import command
and the import page call :func:`refresh_after_import` instead, while the user is waiting
for the import anyway, so that the first page after an import reads its results back.

What is brought up to date, and only when it can be done for the changed leads alone:

- the **replay** (:func:`analytics.scoring.cache.update_after_import`): when a whole
  replay would be needed (no replay kept, or most leads changed), nothing here is done
  and the first reader replays, as before (a file of leads, then one of activities, then
  one of deals would otherwise replay three times);
- the **feature matrix** (the Scoring and What-if pages), the **rule points at each
  hand-off** (the Sales feedback page and the monthly report), the **what-if sweep** (made
  again from the updated replay: it is not per lead) and the model lab's
  **decision-point data** for its first outcome (what it shows when opened; the fit
  itself is redone by the page, which shows the earlier fit meanwhile): only when such a
  result is kept for these criteria from before the import (a page that was used), and
  then through the same call the page makes, so the page finds exactly that entry.

Example:
    >>> from analytics.store.db import Workspace
    >>> refresh_after_import(Workspace.open(":memory:"))
    []
"""

from __future__ import annotations

from analytics.criteria import Criteria
from analytics.criteria.agreement import criteria_in_force
from analytics.errors import KakehashiError
from analytics.metrics.feedback.kept import cached_rule_points
from analytics.metrics.model.data import OUTCOMES
from analytics.metrics.model.kept import cached_model_data
from analytics.metrics.outcome import outcome_source, replay_with_outcome
from analytics.metrics.whatif.cached import cached_sweep
from analytics.scoring.cache import cache_dir, cached_replay, update_after_import
from analytics.scoring.derived import cached_features, tagged_entries
from analytics.store.db import Workspace


def refresh_after_import(ws: Workspace, criteria: Criteria | None = None) -> list[str]:
    """Bring the results pages keep for ``criteria`` (default: the criteria in force) up
    to date after an import, where that is incremental (see the module docstring).

    Criteria that cannot be replayed on this data (a rule reading a missing column) are
    left: the first page says what is wrong, as it always did.

    Returns:
        What was brought up to date, in order: ``replay``, ``features``, ``rule-points``,
        ``sweep``, ``model-data``.
    """
    if cache_dir(ws) is None:
        return []
    try:
        criteria = criteria or criteria_in_force(ws)[0]
        if update_after_import(ws, criteria) is None:
            return []
        done = ["replay"]
        if _used(ws, "features", criteria):
            cached_features(ws, criteria)
            done.append("features")
        replayed = replay_with_outcome(cached_replay(ws, criteria))  # a hit: just updated
        if _used(ws, "rule-points", criteria):
            cached_rule_points(ws, criteria, replayed.leads)
            done.append("rule-points")
        if _used(ws, "sweep", criteria):
            cached_sweep(ws, criteria, replay=replayed)
            done.append("sweep")
        first = OUTCOMES[0]  # the model lab's first choice (it needs a known outcome if won)
        if _used(ws, "decision-features", criteria) and (
            first != "won" or outcome_source(replayed.leads).known
        ):
            cached_model_data(ws, criteria, outcome=first, replayed=replayed)
            done.append("model-data")
    except KakehashiError:
        return []
    return done


def _used(ws: Workspace, kind: str, criteria: Criteria) -> bool:
    """Whether a result of ``kind`` is kept for ``criteria`` (a page built it before)."""
    return bool(tagged_entries(ws, kind, criteria=criteria.sha256))
