"""Buying stages: map recent behaviour to a stage, a priority and a recommended action.

The rules are declarative data (:data:`DEFAULT_STAGE_RULES`, or your own list /
TOML ``[[rule]]`` tables) validated by :func:`load_stage_rules`; every field is
documented in :data:`RULE_FIELDS`. Rules are tried **in order** and a lead
takes the first rule it meets, so put the strongest buying signals first: a
lead who compared prices and also read the company page is in *comparison*.

A rule matches a lead when at least ``min_count`` of its activities of one of
``types`` (and, if given, whose detail/page contains one of
``detail_contains``, case-insensitive) happened in the ``window_days`` up to
``as_of``. The activity scan runs in DuckDB; the choice per lead in polars.

Example:
    >>> rules = load_stage_rules(None)
    >>> [(r.name, r.stage, r.priority) for r in rules][:2]
    [('pricing_repeat', 'comparison', 'high'), ('inquiry', 'comparison', 'high')]
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from analytics.errors import InputError
from analytics.store.db import Workspace
from analytics.text.catalog import Text

STAGES: tuple[str, ...] = ("comparison", "information_gathering", "awareness")
PRIORITIES: tuple[str, ...] = ("high", "medium", "low")
NO_STAGE = "none"

RULE_FIELDS: dict[str, str] = {
    "name": "Unique rule name (letters, digits, underscores), shown in the call list.",
    "stage": "Buying stage the rule signals: comparison, information_gathering or awareness.",
    "priority": "Follow-up priority: high, medium or low ('call now' lists the high ones).",
    "action": "Recommended action, e.g. call_and_demo, webinar_invitation, educational_content.",
    "types": "Activity types that count (e.g. page_view, download, inquiry).",
    "detail_contains": "Optional: only activities whose detail/page contains one of these (case-insensitive).",
    "min_count": "How many matching activities are needed (default 1).",
    "window_days": "Only activities in this many days up to the as-of date count (default 30).",
    "help": "Why this behaviour means this stage (shown to users).",
}
REQUIRED_FIELDS: tuple[str, ...] = ("name", "stage", "priority", "action", "types")

DEFAULT_STAGE_RULES: tuple[dict[str, Any], ...] = (
    {
        "name": "pricing_repeat",
        "stage": "comparison",
        "priority": "high",
        "action": "call_and_demo",
        "types": ["page_view"],
        "detail_contains": ["pricing", "price", "料金"],
        "min_count": 2,
        "window_days": 30,
        "help": "Viewed the pricing page repeatedly: comparing vendors; call and offer a demo.",
    },
    {
        "name": "inquiry",
        "stage": "comparison",
        "priority": "high",
        "action": "call_and_demo",
        "types": ["inquiry"],
        "min_count": 1,
        "window_days": 30,
        "help": "Sent an inquiry: an explicit request; call now.",
    },
    {
        "name": "case_studies",
        "stage": "information_gathering",
        "priority": "medium",
        "action": "webinar_invitation",
        "types": ["page_view", "download"],
        "detail_contains": ["case", "事例"],
        "min_count": 1,
        "window_days": 30,
        "help": "Read case studies: gathering information; invite to a webinar.",
    },
    {
        "name": "downloads",
        "stage": "information_gathering",
        "priority": "medium",
        "action": "webinar_invitation",
        "types": ["download", "webinar"],
        "min_count": 1,
        "window_days": 30,
        "help": "Downloaded material or attended a webinar: gathering information; invite to the next webinar.",
    },
    {
        "name": "company_page",
        "stage": "awareness",
        "priority": "low",
        "action": "educational_content",
        "types": ["page_view"],
        "detail_contains": ["company", "会社"],
        "min_count": 1,
        "window_days": 30,
        "help": "Only looked at the company page: just aware of us; send educational content.",
    },
)


@dataclass(frozen=True)
class StageRule:
    """One validated rule (see :data:`RULE_FIELDS`)."""

    name: str
    stage: str
    priority: str
    action: str
    types: tuple[str, ...]
    detail_contains: tuple[str, ...] = ()
    min_count: int = 1
    window_days: float = 30.0
    help: str = ""


def _strings(value: Any, where: Text) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if (
        not isinstance(value, list | tuple)
        or not value
        or not all(isinstance(v, str) and v for v in value)
    ):
        raise InputError.make("metrics.stages.not_strings", where=where, value=value)
    return tuple(value)


def _field(rule: Text, name: str) -> Text:
    return Text("metrics.stages.where.field", {"rule": rule, "field": name})


def parse_stage_rule(raw: dict[str, Any], index: int = 0) -> StageRule:
    """Validate one rule table into a :class:`StageRule`.

    Args:
        raw: the rule as a dict (keys of :data:`RULE_FIELDS`).
        index: its position (1-based in messages).

    Returns:
        The rule.

    Raises:
        InputError: unknown key, missing key, or a bad value (named with the rule and the fix).

    Example:
        >>> parse_stage_rule({"name": "r", "stage": "awareness", "priority": "low",
        ...     "action": "educational_content", "types": "page_view"}).types
        ('page_view',)
    """
    where = Text("metrics.stages.where.rule", {"n": index + 1})
    if not isinstance(raw, dict):
        raise InputError.make(
            "metrics.stages.not_table", where=where, value=raw, keys=sorted(RULE_FIELDS)
        )
    if "name" in raw:
        where = Text("metrics.stages.where.rule_named", {"n": index + 1, "name": raw["name"]})
    unknown = sorted(set(raw) - set(RULE_FIELDS))
    if unknown:
        raise InputError.make(
            "metrics.stages.unknown_keys", where=where, unknown=unknown, valid=list(RULE_FIELDS)
        )
    missing = [k for k in REQUIRED_FIELDS if k not in raw]
    if missing:
        raise InputError.make(
            "metrics.stages.missing_keys", where=where, missing=missing, required=REQUIRED_FIELDS
        )
    name = raw["name"]
    if not isinstance(name, str) or not name.replace("_", "").isalnum():
        raise InputError.make("metrics.stages.bad_name", where=where, value=name)
    if raw["stage"] not in STAGES:
        raise InputError.make(
            "metrics.stages.bad_stage", where=where, value=raw["stage"], valid=STAGES
        )
    if raw["priority"] not in PRIORITIES:
        raise InputError.make(
            "metrics.stages.bad_priority", where=where, value=raw["priority"], valid=PRIORITIES
        )
    if not isinstance(raw["action"], str) or not raw["action"].strip():
        raise InputError.make("metrics.stages.bad_action", where=where, value=raw["action"])
    min_count = raw.get("min_count", 1)
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise InputError.make("metrics.stages.bad_min_count", where=where, value=min_count)
    window = raw.get("window_days", 30)
    if isinstance(window, bool) or not isinstance(window, int | float) or not window > 0:
        raise InputError.make("metrics.stages.bad_window_days", where=where, value=window)
    help_text = raw.get("help", "")
    if not isinstance(help_text, str):
        raise InputError.make("metrics.stages.bad_help", where=where, value=help_text)
    return StageRule(
        name=name,
        stage=raw["stage"],
        priority=raw["priority"],
        action=raw["action"].strip(),
        types=_strings(raw["types"], _field(where, "types")),
        detail_contains=_strings(raw.get("detail_contains", []), _field(where, "detail_contains"))
        if raw.get("detail_contains")
        else (),
        min_count=int(min_count),
        window_days=float(window),
        help=help_text,
    )


def load_stage_rules(
    source: str | Path | Sequence[dict[str, Any]] | None = None,
) -> tuple[StageRule, ...]:
    """Validated stage rules from a list of dicts, a TOML text/path (``[[rule]]``), or defaults.

    Args:
        source: ``None`` for :data:`DEFAULT_STAGE_RULES`; a sequence of rule dicts;
            TOML text or a path to a ``.toml`` file with ``[[rule]]`` tables.

    Returns:
        The rules in precedence order.

    Raises:
        InputError: invalid TOML, no rules, duplicate names, or a bad rule.

    Example:
        >>> load_stage_rules('[[rule]]\\nname = "x"\\nstage = "comparison"\\n'
        ...     'priority = "high"\\naction = "call"\\ntypes = ["inquiry"]')[0].action
        'call'
    """
    if source is None:
        raws: Sequence[Any] = DEFAULT_STAGE_RULES
    elif isinstance(source, str | Path):
        text = source
        if isinstance(source, Path) or (isinstance(source, str) and source.endswith(".toml")):
            text = Path(source).read_text(encoding="utf-8")
        try:
            doc = tomllib.loads(str(text))
        except tomllib.TOMLDecodeError as exc:
            raise InputError.make("metrics.stages.bad_toml", detail=str(exc)) from exc
        raws = doc.get("rule", [])
    else:
        raws = list(source)
    if not raws:
        raise InputError.make("metrics.stages.no_rules")
    rules = tuple(parse_stage_rule(raw, i) for i, raw in enumerate(raws))
    names = [r.name for r in rules]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError.make("metrics.stages.duplicate_names", names=duplicates)
    return rules


def rules_frame(rules: Sequence[StageRule]) -> pl.DataFrame:
    """The rules as a table (for display and for the DuckDB scan), in precedence order.

    Args:
        rules: validated rules.

    Returns:
        One row per rule: order, name, stage, priority, action, types, fragments, counts, window, help.

    Example:
        >>> rules_frame(load_stage_rules()).columns[:4]
        ['rule_order', 'name', 'stage', 'priority']
    """
    return pl.DataFrame(
        {
            "rule_order": list(range(len(rules))),
            "name": [r.name for r in rules],
            "stage": [r.stage for r in rules],
            "priority": [r.priority for r in rules],
            "action": [r.action for r in rules],
            "types": [list(r.types) for r in rules],
            "detail_contains": [[d.lower() for d in r.detail_contains] for r in rules],
            "min_count": [r.min_count for r in rules],
            "window_days": [r.window_days for r in rules],
            "help": [r.help for r in rules],
        },
        schema={
            "rule_order": pl.Int32,
            "name": pl.String,
            "stage": pl.String,
            "priority": pl.String,
            "action": pl.String,
            "types": pl.List(pl.String),
            "detail_contains": pl.List(pl.String),
            "min_count": pl.Int64,
            "window_days": pl.Float64,
            "help": pl.String,
        },
    )


def count_rule_matches(
    ws: Workspace, rules: Sequence[StageRule], *, as_of: datetime
) -> pl.DataFrame:
    """Per lead and rule: matching activities in the rule's window up to ``as_of`` (DuckDB scan).

    Args:
        ws: the workspace (reads ``activities``).
        rules: validated rules.
        as_of: end of every window (inclusive).

    Returns:
        ``lead_id, rule_order, events, last_at`` for every (lead, rule) with at
        least one matching activity.

    Example:
        >>> from analytics.store.db import Workspace
        >>> count_rule_matches(Workspace.open(":memory:"), load_stage_rules(),
        ...     as_of=datetime(2025, 1, 1)).height
        0
    """
    # One row per (rule, type, fragment); fragment NULL means "any detail".
    table = (
        rules_frame(rules)
        .select(
            "rule_order",
            "types",
            pl.when(pl.col("detail_contains").list.len() > 0)
            .then(pl.col("detail_contains"))
            .otherwise(pl.lit([None], pl.List(pl.String)))
            .alias("fragment"),
            (pl.lit(as_of).cast(pl.Datetime("us")) - pl.duration(days=pl.col("window_days"))).alias(
                "since"
            ),
        )
        .explode("types")
        .explode("fragment")
        .rename({"types": "type"})
    )
    with ws.registered("_stage_rules", table) as cur:
        return cur.sql(
            """
            SELECT a.lead_id, r.rule_order, count(DISTINCT a.rowid)::BIGINT AS events,
                   max(a.occurred_at) AS last_at
            FROM activities a JOIN _stage_rules r
              ON a.type = r.type
             AND (r.fragment IS NULL OR contains(lower(coalesce(a.detail, '')), r.fragment))
             AND a.occurred_at > r.since AND a.occurred_at <= $as_of
            GROUP BY a.lead_id, r.rule_order
            """,
            params={"as_of": as_of},
        ).pl()


def assign_stages(matches: pl.DataFrame, rules: Sequence[StageRule]) -> pl.DataFrame:
    """Each lead's first met rule (in rule order): stage, priority, action.

    Args:
        matches: output of :func:`count_rule_matches`.
        rules: the same rules.

    Returns:
        ``lead_id, stage, priority, action, rule, events, last_at`` for leads that
        meet a rule.

    Example:
        >>> m = pl.DataFrame({"lead_id": ["a", "a"], "rule_order": [0, 4],
        ...     "events": [1, 3], "last_at": [datetime(2025, 1, 2)] * 2})
        >>> assign_stages(m, load_stage_rules()).select("lead_id", "stage", "rule").row(0)
        ('a', 'awareness', 'company_page')
    """
    table = rules_frame(rules).select(
        pl.col("rule_order"),
        pl.col("name").alias("rule"),
        "stage",
        "priority",
        "action",
        "min_count",
    )
    return (
        matches.with_columns(pl.col("rule_order").cast(pl.Int32), pl.col("lead_id").cast(pl.String))
        .join(table, on="rule_order", how="inner")
        .filter(pl.col("events") >= pl.col("min_count"))
        .sort("lead_id", "rule_order")
        .group_by("lead_id", maintain_order=True)
        .first()
        .select("lead_id", "stage", "priority", "action", "rule", "events", "last_at")
    )


def count_stages(assigned: pl.DataFrame, *, total_leads: int) -> pl.DataFrame:
    """Leads per stage (every stage listed, plus ``none`` for leads without a recent signal).

    Args:
        assigned: output of :func:`assign_stages` (or :func:`classify_leads`).
        total_leads: leads in the population (for the ``none`` row and shares).

    Returns:
        ``stage, leads, share`` in :data:`STAGES` order then ``none``.

    Example:
        >>> a = pl.DataFrame({"lead_id": ["a"], "stage": ["comparison"]})
        >>> count_stages(a, total_leads=4).rows()
        [('comparison', 1, 0.25), ('information_gathering', 0, 0.0), ('awareness', 0, 0.0), ('none', 3, 0.75)]
    """
    order = [*STAGES, NO_STAGE]
    counts = assigned.group_by("stage").agg(pl.len().cast(pl.Int64).alias("leads"))
    skeleton = pl.DataFrame({"stage": order, "_o": list(range(len(order)))})
    out = (
        skeleton.join(counts, on="stage", how="left")
        .with_columns(pl.col("leads").fill_null(0))
        .with_columns(
            pl.when(pl.col("stage") == NO_STAGE)
            .then(pl.lit(total_leads) - pl.col("leads").sum())
            .otherwise(pl.col("leads"))
            .clip(lower_bound=0)
            .cast(pl.Int64)
            .alias("leads")
        )
    )
    share = pl.col("leads") / total_leads if total_leads else pl.lit(None, pl.Float64)
    return out.sort("_o").select("stage", "leads", share.alias("share"))


CALL_COLUMNS: tuple[str, ...] = ("company", "title", "email", "owner", "source", "total")


def classify_leads(
    ws: Workspace,
    leads: pl.DataFrame,
    rules: Sequence[StageRule],
    *,
    as_of: datetime | None = None,
) -> pl.DataFrame:
    """Stages of the given leads as of ``as_of`` (default: the latest activity).

    Args:
        ws: the workspace.
        leads: the population (``lead_id``), e.g. replay leads.
        rules: validated rules.
        as_of: end of the windows; default the newest ``occurred_at``.

    Returns:
        :func:`assign_stages` output restricted to ``leads``.

    Example:
        >>> from analytics.store.db import Workspace
        >>> classify_leads(Workspace.open(":memory:"), pl.DataFrame({"lead_id": ["a"]}),
        ...     load_stage_rules()).height
        0
    """
    if as_of is None:
        newest = ws.scalar("SELECT max(occurred_at) FROM activities")
        if newest is None:
            return assign_stages(
                pl.DataFrame(
                    schema={
                        "lead_id": pl.String,
                        "rule_order": pl.Int32,
                        "events": pl.Int64,
                        "last_at": pl.Datetime("us"),
                    }
                ),
                rules,
            )
        as_of = newest
    matches = count_rule_matches(ws, rules, as_of=as_of)
    ids = leads.select(pl.col("lead_id").cast(pl.String))
    return assign_stages(matches, rules).join(ids, on="lead_id", how="semi")


def call_now_list(
    assigned: pl.DataFrame, leads: pl.DataFrame, *, priorities: Sequence[str] = ("high",)
) -> pl.DataFrame:
    """Leads to call now: the given priorities, without an open or closed deal, newest signal first.

    Args:
        assigned: output of :func:`assign_stages`/:func:`classify_leads`.
        leads: replay leads (adds company, title, email, owner, source, total where present;
            leads with ``opportunity_at`` are left out — sales already works them).
        priorities: which priorities to list.

    Returns:
        ``lead_id, [company, title, email, owner, source, total,] stage, priority,
        action, rule, events, last_at``.

    Example:
        >>> a = pl.DataFrame({"lead_id": ["a", "b"], "stage": ["comparison"] * 2,
        ...     "priority": ["high", "low"], "action": ["call"] * 2, "rule": ["r"] * 2,
        ...     "events": [2, 1], "last_at": [datetime(2025, 1, 1)] * 2})
        >>> call_now_list(a, pl.DataFrame({"lead_id": ["a", "b"], "company": ["A社", "B社"]})).rows()
        [('a', 'A社', 'comparison', 'high', 'call', 'r', 2, datetime.datetime(2025, 1, 1, 0, 0))]
    """
    bad = [p for p in priorities if p not in PRIORITIES]
    if bad:
        raise InputError.make("metrics.stages.bad_priorities", bad=bad, valid=PRIORITIES)
    extra = [c for c in CALL_COLUMNS if c in leads.columns]
    people = leads.with_columns(pl.col("lead_id").cast(pl.String))
    if "opportunity_at" in people.columns:
        people = people.filter(pl.col("opportunity_at").is_null())
    return (
        assigned.filter(pl.col("priority").is_in(list(priorities)))
        .join(people.select("lead_id", *extra), on="lead_id", how="inner")
        .select("lead_id", *extra, "stage", "priority", "action", "rule", "events", "last_at")
        .sort(["last_at", "events", "lead_id"], descending=[True, True, False])
    )
