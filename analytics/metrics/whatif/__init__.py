"""What-if on the MQL threshold and the other levers of the criteria (DESIGN §1, §3, §5).

The package, in flow order: :mod:`~analytics.metrics.whatif.sweep` (prepare the
sweep), :mod:`~analytics.metrics.whatif.evaluate` (KPIs of a threshold, the grid,
the months), :mod:`~analytics.metrics.whatif.suggest` (suggested thresholds),
:mod:`~analytics.metrics.whatif.levers` (comparisons, the SQL-rule and weights
levers), :mod:`~analytics.metrics.whatif.observed` (the capacity the data shows and
the leads sales worked below the threshold) and
:mod:`~analytics.metrics.whatif.from_replay` (from a replay or a workspace). Everything a
page, the CLI or a test uses is importable from here.

Moving the threshold must be instant, so the work is split in two:

1. :func:`prepare_sweep` (once per data version and criteria) turns the replay's
   record-high ``path`` into MQL counts for **every** threshold of a grid at once.
   Record-high row *k* of a lead (total ``t_k``, previous record ``t_{k-1}``) is the
   MQL moment for every threshold ``T`` with ``t_{k-1} < T <= t_k``: the lead first
   reached those thresholds at that row's ``at``. Adding +1 at the first grid index
   of that interval and -1 after its last one, per month, and taking the cumulative
   sum over the grid (a difference array) gives, for every (threshold, month), the
   number of MQLs, and the same with weights gives their SQLs, wins and revenue.
2. :func:`whatif_at` (every slider move) and :func:`sweep_table` (the curves) only
   filter and sum those prepared frames: their size is thresholds × months, not leads.

Decisions (also in the README):

- **Grid**: integer thresholds from ``min(0, floor(lowest total))`` to
  ``floor(highest total) + 1`` (where nobody is an MQL) plus the agreed threshold;
  the step grows (1, 2, 5, 10, …) if that would exceed :data:`MAX_GRID` points. An
  off-grid threshold is evaluated at the next grid value up, and the result says which.
- **SQL at threshold T** is exact, not approximated: a lead is an SQL at T when it
  is an MQL at T and some BANT assessment meeting the SQL rule came at/after its MQL
  moment at T, i.e. ``mql_at(T) <= last_sql_at`` (the latest qualifying assessment;
  :func:`derive_sql_deadlines`; an empty BANT item is level 0, "unknown", as in the
  replay: :mod:`analytics.criteria.sql_rule`). Without the ``bant`` table it falls back to the
  replay's ``sql_at`` (an SQL at the agreed threshold counts as SQL at T when its MQL
  moment at T is not later), and ``Sweep.sql_basis`` says ``"replay"``.
- **Won** is a property of the lead (``is_won``); it counts for T when the lead is an
  MQL at T (the path only holds records before the decision, so no leakage).
  "Won deals" are counted as won leads; revenue is the sum of their won amounts.
- **Period**: rates (share of leads that become MQL, MQL→SQL, MQL→won = precision,
  recall, wins below the threshold) use the leads *created* in the period's months;
  volumes (MQLs per month, the capacity check) use the month of the MQL moment.
  Expected SQLs/wins/revenue per month = MQLs per month × the cohort's rates.
  Leads without ``created_at`` are left out (they belong to no month).
- **Overlap** in comparisons: MQLs at the higher threshold are a subset of MQLs at
  the lower one, so the two rates are not independent samples. :func:`compare_conversion`
  tests the higher threshold's MQLs against the leads that *only* the lower threshold
  admits (disjoint groups: two-proportion z-test, Newcombe 95% interval), and also
  reports the implied difference against all lower-threshold MQLs, which is that
  difference × (only-lower MQLs / lower MQLs). Exact for wins; for SQLs the
  "only-lower" SQL count is lower-threshold SQLs minus higher-threshold SQLs (a lead
  can be an SQL at the lower threshold only, because its MQL moment is earlier there).
- **Expected value** per month = expected wins × value of a win − MQLs × hours per
  MQL × hourly cost; the value of a win defaults to the period's average won amount
  (the same for every threshold, so thresholds are compared on one value).
- **Suggestions** (:func:`suggest_thresholds`): see :data:`SUGGESTION_RULES`.
- **Other levers**: the SQL rule is re-derived from the ``bant`` table for any
  required set (:func:`compare_sql_rules`, at the agreed threshold's MQL moments);
  fit/engagement weights re-score the as-of feature matrix (:func:`compare_weights`)
  because a weight change changes every score path and the replay is not instant.

Example:
    >>> leads, path, bant = _example_frames()
    >>> sweep = prepare_sweep(leads, path, agreed_threshold=60,
    ...                       sql_deadlines=derive_sql_deadlines(bant, {"need": 2}))
    >>> row = whatif_at(sweep, 60).row(0, named=True)
    >>> row["mql"], row["won"], row["recall"]
    (2, 1, 0.5)
"""

from __future__ import annotations

from analytics.criteria.sql_rule import BANT_ITEMS
from analytics.metrics.whatif.evaluate import (
    JSON_KEYS,
    KPI_COLUMNS,
    Assumptions,
    grid_index,
    monthly_at,
    period_has_data,
    sweep_table,
    whatif_at,
)
from analytics.metrics.whatif.from_replay import (
    WorkspaceWhatIf,
    infer_threshold,
    prepare_whatif,
    prepare_workspace,
    sql_required,
)
from analytics.metrics.whatif.levers import (
    COMPARED_KINDS,
    compare_conversion,
    compare_sql_rules,
    compare_thresholds,
    compare_weights,
)
from analytics.metrics.whatif.observed import (
    BelowThreshold,
    Capacity,
    below_threshold_followup,
    observed_capacity,
)
from analytics.metrics.whatif.suggest import SUGGESTION_RULES, suggest_thresholds
from analytics.metrics.whatif.sweep import (
    MAX_GRID,
    Sweep,
    _example_frames,  # four literal leads: the doctests' (and the charts' doctests') data
    derive_sql_deadlines,
    prepare_sweep,
)

__all__ = [
    "BANT_ITEMS",
    "COMPARED_KINDS",
    "JSON_KEYS",
    "KPI_COLUMNS",
    "MAX_GRID",
    "SUGGESTION_RULES",
    "Assumptions",
    "BelowThreshold",
    "Capacity",
    "Sweep",
    "WorkspaceWhatIf",
    "_example_frames",
    "below_threshold_followup",
    "compare_conversion",
    "compare_sql_rules",
    "compare_thresholds",
    "compare_weights",
    "derive_sql_deadlines",
    "grid_index",
    "infer_threshold",
    "monthly_at",
    "observed_capacity",
    "period_has_data",
    "prepare_sweep",
    "prepare_whatif",
    "prepare_workspace",
    "sql_required",
    "suggest_thresholds",
    "sweep_table",
    "whatif_at",
]
