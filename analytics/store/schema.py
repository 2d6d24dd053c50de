"""Every Kakehashi table, declared once, as data (DESIGN §2 and §6.6).

A :class:`Table` is its columns in the order shown to users; a :class:`Column`
has a name, a DuckDB type and flags: ``key`` (part of the primary key, which is
also an import's upsert key), ``not_null`` (``NOT NULL`` in the DDL) and, for the
columns an import can fill, ``value`` (the value parser, see
:data:`analytics.store.presets.VALUE_TYPES`), ``required`` (a file must map it)
and a one-line ``help``. Custom lead attributes are added to ``leads`` as extra
columns by the importer; they are not declared here.

Everything else is derived from :data:`SCHEMA`:

- the DDL that :class:`analytics.store.db.Workspace` executes
  (:data:`analytics.store.db.TABLES`);
- the polars schema of a data table's frame (:func:`polars_schema`: the demo
  generator, the workspace summary);
- the columns an import fills, with their help (:func:`import_columns`, which is
  :data:`analytics.store.presets.COLUMNS`).

Example:
    >>> SCHEMA["costs"].key
    ('month', 'channel')
    >>> [c.name for c in import_columns("costs") if c.required]
    ['month', 'channel', 'amount']
    >>> dict(polars_schema("costs"))
    {'month': Date, 'channel': String, 'amount': Float64}
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from analytics.errors import InputError

# The bookkeeping column of every data table: the import that last wrote the row.
IMPORT_ID = "import_id"

# Names the engine computes per lead beside a lead's own columns (the replay's scores and
# lifecycle, the CRM's lifecycle facts kept as ``crm_*``, bands and the scoring internals). A
# custom attribute never takes one of them: the importer names it ``<name>_attr`` instead
# (:func:`safe_custom_name`), so a header "Total" or "crm_mql_at" can neither clash with nor
# replace a computed column.
ENGINE_COLUMNS: frozenset[str] = frozenset(
    {
        "fit", "engagement", "total", "peak_total", "band", "outcome",
        "handoff_at", "decision_at", "opportunity_at", "is_won", "won_at", "won_amount",
        "is_lost", "crm_mql_at", "crm_sql_at",
        "li", "t", "r", "cut", "agg", "events", "created",
    }
)  # fmt: skip


def safe_custom_name(name: str, reserved: set[str] | frozenset[str] = frozenset()) -> str:
    """``name`` as a custom attribute: ``<name>_attr`` when it is an engine or canonical name.

    Args:
        name: the custom attribute's column name (lower snake case).
        reserved: further names taken (the table's canonical columns).

    Returns:
        A name that clashes with no engine column and nothing in ``reserved``.

    Example:
        >>> safe_custom_name("total"), safe_custom_name("crm_mql_at"), safe_custom_name("業種")
        ('total_attr', 'crm_mql_at_attr', '業種')
        >>> safe_custom_name("company", {"company"})
        'company_attr'
    """
    taken = name in ENGINE_COLUMNS or name in reserved or name == IMPORT_ID
    return f"{name}_attr" if taken else name


# DuckDB type -> the polars dtype of a frame holding that column.
POLARS_TYPES: dict[str, pl.DataType] = {
    "VARCHAR": pl.String(),
    "TIMESTAMP": pl.Datetime("us"),
    "BIGINT": pl.Int64(),
    "INTEGER": pl.Int32(),
    "SMALLINT": pl.Int16(),
    "DOUBLE": pl.Float64(),
    "BOOLEAN": pl.Boolean(),
    "DATE": pl.Date(),
}


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Attributes:
        name: the column name (lower snake case).
        type: its DuckDB type (a key of :data:`POLARS_TYPES`).
        value: the value parser an import uses for it (``None``: no import fills it).
        help: one line for users (every importable column has one).
        required: an import must map it (a file without it is refused; an empty
            value rejects the row).
        key: part of the table's primary key (an import's upsert key).
        not_null: ``NOT NULL`` in the DDL.
    """

    name: str
    type: str
    value: str | None = None
    help: str = ""
    required: bool = False
    key: bool = False
    not_null: bool = False


@dataclass(frozen=True)
class Table:
    """One table: its name, what it holds, its columns in user order."""

    name: str
    help: str
    columns: tuple[Column, ...]

    @property
    def key(self) -> tuple[str, ...]:
        """The primary-key columns, in column order (empty: no key).

        Example:
            >>> SCHEMA["bant"].key, SCHEMA["activities"].key
            (('lead_id', 'assessed_at'), ())
        """
        return tuple(c.name for c in self.columns if c.key)

    def canonical(self) -> tuple[Column, ...]:
        """The columns without the bookkeeping ``import_id``.

        Example:
            >>> [c.name for c in SCHEMA["costs"].canonical()]
            ['month', 'channel', 'amount']
        """
        return tuple(c for c in self.columns if c.name != IMPORT_ID)


def _import_id() -> Column:
    return Column(IMPORT_ID, "BIGINT")


def _c(
    name: str,
    sql_type: str,
    value: str,
    help: str,
    *,
    required: bool = False,
    key: bool = False,
    not_null: bool = False,
) -> Column:
    """An importable column."""
    return Column(name, sql_type, value, help, required, key, not_null)


SCHEMA: dict[str, Table] = {
    "meta": Table(
        "meta",
        "workspace settings: schema_version, data_version",
        (Column("key", "VARCHAR", key=True), Column("value", "VARCHAR")),
    ),
    "leads": Table(
        "leads",
        "one row per lead (custom attributes are added as extra columns)",
        (
            _c("lead_id", "VARCHAR", "id", "the lead's id in the CRM/MA tool (upsert key)",
               required=True, key=True),
            _c("created_at", "TIMESTAMP", "timestamp", "when the lead was created / first seen"),
            _c("source", "VARCHAR", "text", "lead source / origin channel (empty -> NULL)"),
            _c("campaign", "VARCHAR", "text", "campaign or program that brought the lead"),
            _c("company", "VARCHAR", "text", "company name (NFKC: ㈱ -> (株))"),
            _c("industry", "VARCHAR", "text", "industry / sector"),
            _c("employees", "BIGINT", "int", "number of employees"),
            _c("annual_revenue", "DOUBLE", "amount", "annual revenue (currency units)"),
            _c("prefecture", "VARCHAR", "text", "prefecture / state / province"),
            _c("region", "VARCHAR", "text", "region"),
            _c("country", "VARCHAR", "text", "country"),
            _c("title", "VARCHAR", "text", "job title (役職)"),
            _c("title_rank", "VARCHAR", "text",
               "executive|director|manager|staff; derived from title if absent"),
            _c("department", "VARCHAR", "text", "department (部署)"),
            _c("email", "VARCHAR", "text", "e-mail address"),
            _c("email_domain", "VARCHAR", "text", "e-mail domain; derived from email if absent"),
            _c("owner", "VARCHAR", "text", "lead owner (sales rep)"),
            _c("status", "VARCHAR", "text",
               "lead status in the CRM (Lead Status / リード状況; 'Closed - Converted' converts)"),
            _c("converted", "BOOLEAN", "bool",
               "the lead converted (Converted 1/0, yes/no, 成約/受注): an outcome on the lead"),
            _c("lifecycle_stage", "VARCHAR", "lifecycle",
               "lifecycle stage: lead|mql|sql|opportunity|customer (HubSpot, Salesforce, "
               "Marketo and Japanese words mapped)"),
            _c("page_views", "BIGINT", "int",
               "aggregate page views (exports without activity rows)"),
            _c("time_on_site_s", "DOUBLE", "float", "aggregate time on site in seconds"),
            _c("mql_at", "TIMESTAMP", "timestamp", "CRM's MQL date (a fact, kept for comparison)"),
            _c("sql_at", "TIMESTAMP", "timestamp", "CRM's SQL date"),
            _c("first_contact_at", "TIMESTAMP", "timestamp", "first sales contact"),
            _c("converted_at", "TIMESTAMP", "timestamp", "conversion date"),
            _import_id(),
        ),
    ),
    "activities": Table(
        "activities",
        "behaviour events (no id: a re-import skips rows equal to stored ones)",
        (
            _c("lead_id", "VARCHAR", "id", "the lead who acted", required=True, not_null=True),
            _c("occurred_at", "TIMESTAMP", "timestamp", "when it happened",
               required=True, not_null=True),
            _c("type", "VARCHAR", "text", "activity type (page_view, email_open, download, …)",
               required=True, not_null=True),
            _c("detail", "VARCHAR", "free", "page URL, asset or e-mail name"),
            _c("duration_s", "DOUBLE", "float", "duration in seconds"),
            _c("campaign", "VARCHAR", "text", "campaign of the activity"),
            _import_id(),
        ),
    ),
    "deals": Table(
        "deals",
        "opportunities / deals and their outcome",
        (
            _c("deal_id", "VARCHAR", "id", "opportunity / deal id (upsert key)",
               required=True, key=True),
            _c("lead_id", "VARCHAR", "id", "the lead the deal came from, if the CRM knows it"),
            _c("account", "VARCHAR", "text", "account / company name"),
            _c("contact_email", "VARCHAR", "text", "contact e-mail (links deals to leads)"),
            _c("created_at", "TIMESTAMP", "timestamp", "when the deal was created"),
            _c("stage", "VARCHAR", "text", "deal stage / phase"),
            _c("amount", "DOUBLE", "amount", "deal amount"),
            _c("closed_at", "TIMESTAMP", "timestamp", "close date"),
            _c("is_won", "BOOLEAN", "bool", "won? derived from stage (won/lost words) if absent"),
            _c("lost_reason", "VARCHAR", "free", "why it was lost"),
            _c("owner", "VARCHAR", "text", "deal owner"),
            _c("product", "VARCHAR", "text", "product"),
            _import_id(),
        ),
    ),
    "bant": Table(
        "bant",
        "BANT assessments by sales (levels 0-3)",
        (
            _c("lead_id", "VARCHAR", "id", "the assessed lead",
               required=True, key=True, not_null=True),
            _c("assessed_at", "TIMESTAMP", "timestamp", "when BANT was assessed",
               required=True, key=True, not_null=True),
            _c("budget", "SMALLINT", "level", "Budget level 0-3"),
            _c("authority", "SMALLINT", "level", "Authority level 0-3"),
            _c("need", "SMALLINT", "level", "Need level 0-3"),
            _c("timeline", "SMALLINT", "level", "Timeline level 0-3"),
            _c("assessed_by", "VARCHAR", "text", "who assessed"),
            _c("note", "VARCHAR", "free", "note"),
            _import_id(),
        ),
    ),
    "feedback": Table(
        "feedback",
        "sales' verdict on handed-over leads",
        (
            _c("lead_id", "VARCHAR", "id", "the lead the feedback is about",
               required=True, key=True, not_null=True),
            _c("given_at", "TIMESTAMP", "timestamp", "when the feedback was given",
               required=True, key=True, not_null=True),
            _c("given_by", "VARCHAR", "text", "who gave it"),
            _c("verdict", "VARCHAR", "verdict", "accepted|rejected|recycled", required=True),
            _c("reason", "VARCHAR", "free", "reason"),
            _import_id(),
        ),
    ),
    "costs": Table(
        "costs",
        "monthly spend per channel",
        (
            _c("month", "DATE", "month", "month of the spend",
               required=True, key=True, not_null=True),
            _c("channel", "VARCHAR", "text", "channel / source the money went to",
               required=True, key=True, not_null=True),
            _c("amount", "DOUBLE", "amount", "spend in currency units", required=True),
            _import_id(),
        ),
    ),
    "imports": Table(
        "imports",
        "one row per import (or demo load)",
        (
            Column("import_id", "BIGINT", key=True),
            *(Column(name, "VARCHAR") for name in
              ("kind", "file_name", "sha256", "encoding", "delimiter", "preset")),
            *(Column(name, "BIGINT") for name in ("rows_read", "inserted", "updated", "rejected")),
            Column("started_at", "TIMESTAMP"),
            Column("finished_at", "TIMESTAMP"),
            Column("status", "VARCHAR"),
        ),
    ),
    "import_rejects": Table(
        "import_rejects",
        "the rows an import rejected, with their reason",
        (
            Column("import_id", "BIGINT"),
            Column("row_number", "BIGINT"),
            *(Column(name, "VARCHAR") for name in
              ("column", "reason", "raw", "reason_key", "reason_values")),
        ),
    ),
    "criteria": Table(
        "criteria",
        "criteria versions (append-only)",
        (
            Column("criteria_id", "BIGINT", key=True),
            Column("name", "VARCHAR"),
            Column("version", "INTEGER"),
            *(Column(name, "VARCHAR") for name in ("body", "sha256", "status", "created_by")),
            Column("created_at", "TIMESTAMP"),
        ),
    ),
    "signoffs": Table(
        "signoffs",
        "sign-offs of criteria versions by each team",
        (
            Column("criteria_id", "BIGINT"),
            Column("team", "VARCHAR"),
            Column("signed_by", "VARCHAR"),
            Column("signed_at", "TIMESTAMP"),
            Column("note", "VARCHAR"),
            Column("body_sha256", "VARCHAR"),
            Column("event_id", "BIGINT"),
        ),
    ),
    "criteria_events": Table(
        "criteria_events",
        "the criteria audit trail (analytics.criteria.agreement): append-only, hash-chained",
        (
            Column("event_id", "BIGINT", key=True),
            Column("criteria_id", "BIGINT"),
            *(Column(name, "VARCHAR") for name in ("action", "actor", "team")),
            Column("acted_at", "TIMESTAMP"),
            *(Column(name, "VARCHAR") for name in ("note", "body_sha256", "chain_sha256")),
        ),
    ),
    # Live champion/challenger experiments (analytics.metrics.experiments). A new table only:
    # the migration creates missing tables in older workspaces, so no schema-version bump.
    "experiments": Table(
        "experiments",
        "live champion/challenger experiments",
        (
            Column("experiment_id", "BIGINT", key=True),
            Column("name", "VARCHAR"),
            Column("champion_id", "BIGINT", not_null=True),
            Column("challenger_id", "BIGINT", not_null=True),
            Column("challenger_share", "DOUBLE", not_null=True),
            Column("start_at", "TIMESTAMP", not_null=True),
            Column("seed", "BIGINT", not_null=True),
            Column("outcome", "VARCHAR", not_null=True),
            *(Column(name, "DOUBLE") for name in
              ("baseline_rate", "target_rate", "alpha", "power", "expected_leads_per_month")),
            Column("planned_champion", "BIGINT"),
            Column("planned_challenger", "BIGINT"),
            Column("created_by", "VARCHAR"),
            Column("created_at", "TIMESTAMP"),
        ),
    ),
}  # fmt: skip

# Tables that hold the user's business data (what an import may change), in import order.
DATA_TABLES: tuple[str, ...] = ("leads", "activities", "deals", "bant", "feedback", "costs")


def polars_schema(table: str) -> pl.Schema:
    """The polars schema of a data table's frame: canonical columns, without ``import_id``.

    Args:
        table: one of :data:`DATA_TABLES`.

    Returns:
        Column name -> polars dtype, in table order.

    Raises:
        InputError: ``table`` is not a data table.

    Example:
        >>> dict(polars_schema("bant"))["budget"]
        Int16
        >>> polars_schema("meta")
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: unknown data table 'meta'; use one of leads, activities, deals, bant, feedback, costs
    """
    if table not in DATA_TABLES:
        raise InputError.make("schema.unknown_table", table=table, options=", ".join(DATA_TABLES))
    return pl.Schema({c.name: POLARS_TYPES[c.type] for c in SCHEMA[table].canonical()})


def import_columns(kind: str) -> tuple[Column, ...]:
    """The columns an import of ``kind`` can fill (those with a value parser), in table order.

    Args:
        kind: a table name (a data table; other tables have no importable column).

    Returns:
        The importable columns.

    Raises:
        KeyError: ``kind`` is not a table.

    Example:
        >>> [(c.name, c.value) for c in import_columns("feedback")][:2]
        [('lead_id', 'id'), ('given_at', 'timestamp')]
    """
    return tuple(c for c in SCHEMA[kind].columns if c.value is not None)
