"""Criteria: the agreed definition of a qualified lead (flow: store → **criteria** → scoring).

- :mod:`~analytics.criteria.fields`: every key a criteria document may hold, as data;
- :mod:`~analytics.criteria.document`: the document (rules, weights, threshold, SLA),
  parsed and validated from TOML, dumped back, and its points table;
- :mod:`~analytics.criteria.sql_rule`: the SQL (BANT) rule, its one expression and query;
- :mod:`~analytics.criteria.versions`: stored versions in the workspace.

Example:
    >>> from analytics.criteria import load_criteria
    >>> load_criteria("threshold = 80").threshold
    80.0
"""

from __future__ import annotations

from analytics.criteria.agreement import active_criteria, criteria_in_force
from analytics.criteria.document import (
    ADJUSTMENT_RULE,
    DEFAULT_PATH,
    Band,
    Criteria,
    EngagementRule,
    FitRule,
    Sla,
    apply_points_table,
    criteria_to_dict,
    default_criteria,
    dump_criteria,
    load_criteria,
    parse_criteria,
    points_table,
)
from analytics.criteria.fields import (
    ACTIVITY_TYPES,
    FIELDS,
    FieldSpec,
    allowed_keys,
    criteria_reference,
)
from analytics.criteria.sql_rule import BANT_ITEMS, BANT_LEVELS, SqlRule, load_bant
from analytics.criteria.versions import (
    STATUSES,
    get_criteria,
    list_criteria,
    save_draft,
)

__all__ = [
    "ACTIVITY_TYPES",
    "ADJUSTMENT_RULE",
    "BANT_ITEMS",
    "BANT_LEVELS",
    "DEFAULT_PATH",
    "FIELDS",
    "STATUSES",
    "Band",
    "Criteria",
    "EngagementRule",
    "FieldSpec",
    "FitRule",
    "Sla",
    "SqlRule",
    "active_criteria",
    "allowed_keys",
    "apply_points_table",
    "criteria_in_force",
    "criteria_reference",
    "criteria_to_dict",
    "default_criteria",
    "dump_criteria",
    "get_criteria",
    "list_criteria",
    "load_bant",
    "load_criteria",
    "parse_criteria",
    "points_table",
    "save_draft",
]
