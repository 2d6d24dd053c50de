"""Deal linking: which lead each deal belongs to, and each lead's deal outcome.

A CRM's deals do not always carry the lead's id. :func:`link_deals` links a deal by
its ``lead_id``, else by the contact's email, else by the normalised company name
(:func:`normalise_company`: NFKC, lower case, legal forms such as 株式会社/Inc/Co., Ltd.
and punctuation removed); :func:`deal_outcomes` turns the linked deals into each
lead's opportunity moment and outcome as of a date.

Example:
    >>> from analytics.store.db import Workspace
    >>> deal_outcomes(Workspace.open(":memory:"), datetime(2025, 1, 1)).height
    0
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from analytics.store.db import Workspace

_NORMALISE_COMPANY = (
    (r"株式会社|\(株\)|有限会社|\(有\)|合同会社|合資会社|合名会社|一般社団法人|一般財団法人", ""),
    (r"[\s\.,・･\-'\"/]", ""),
    (r"(incorporated|inc|corporation|corp|coltd|ltd|limited|llc|kk|gmbh|plc)+$", ""),
)


def normalise_company(expr: pl.Expr) -> pl.Expr:
    """Company name for matching: NFKC, lower case, no legal form, spaces or punctuation.

    Example:
        >>> pl.select(normalise_company(pl.lit("ＡＢＣ 株式会社"))).item()
        'abc'
        >>> pl.select(normalise_company(pl.lit("Acme Co., Ltd."))).item()
        'acme'
    """
    out = expr.cast(pl.String).str.normalize("NFKC").str.to_lowercase()
    for pattern, repl in _NORMALISE_COMPANY:
        out = out.str.replace_all(pattern, repl)
    return pl.when(out == "").then(None).otherwise(out)


def link_deals(ws: Workspace) -> pl.DataFrame:
    """Link each deal to a lead: by lead id, else contact email, else normalised company.

    Rules: a deal whose ``lead_id`` exists in ``leads`` links to it; otherwise a
    deal whose ``contact_email`` equals a lead's ``email`` (trimmed, case-insensitive)
    links to the earliest-created such lead; otherwise a deal whose normalised
    ``account`` equals a lead's normalised ``company`` (:func:`normalise_company`)
    links to that company's lead created most recently at or before the deal
    (else its earliest lead). Deals matching nothing are left out.

    Returns:
        ``deal_id``, ``lead_id``, ``link`` ("lead_id", "email" or "company").

    Example:
        >>> link_deals(Workspace.open(":memory:")).columns
        ['deal_id', 'lead_id', 'link']
    """
    schema = {"deal_id": pl.String, "lead_id": pl.String, "link": pl.String}
    linked = ws.query(
        "SELECT d.deal_id, d.lead_id, 'lead_id' AS link FROM deals d JOIN leads l USING (lead_id)"
    ).cast(schema)  # type: ignore[arg-type]
    unlinked = ws.scalar("SELECT count(*) FROM deals") - linked.height
    if unlinked == 0:
        return linked.sort("deal_id")
    with ws.registered("kk_linked_deals", linked.select("deal_id")):
        by_email = ws.query(
            "SELECT d.deal_id, arg_min(l.lead_id, (coalesce(l.created_at, TIMESTAMP '9999-12-31'), "
            "l.lead_id)) AS lead_id, 'email' AS link "
            "FROM deals d JOIN leads l ON lower(trim(l.email)) = lower(trim(d.contact_email)) "
            "WHERE d.deal_id NOT IN (SELECT deal_id FROM kk_linked_deals) "
            "AND trim(d.contact_email) <> '' GROUP BY d.deal_id"
        ).cast(schema)  # type: ignore[arg-type]
    linked = pl.concat([linked, by_email])
    with ws.registered("kk_linked_deals", linked.select("deal_id")):
        rest = ws.query(
            "SELECT deal_id, account, created_at FROM deals WHERE account IS NOT NULL "
            "AND deal_id NOT IN (SELECT deal_id FROM kk_linked_deals)"
        )
    if rest.height == 0:
        return linked.sort("deal_id")
    companies = ws.query("SELECT lead_id, company, created_at FROM leads WHERE company IS NOT NULL")
    names = companies.select(pl.col("company").unique())
    names = names.with_columns(key=normalise_company(pl.col("company")))
    by_company = (
        rest.with_columns(key=normalise_company(pl.col("account")))
        .join(companies.join(names, on="company"), on="key", suffix="_lead")
        .with_columns(
            rank=pl.when(pl.col("created_at_lead") <= pl.col("created_at"))
            .then(pl.col("created_at_lead").dt.epoch("s"))
            .otherwise(-pl.col("created_at_lead").dt.epoch("s") - 10**12)
            .fill_null(-(10**13))
        )
        .group_by("deal_id")
        .agg(pl.col("lead_id").sort_by("rank", "lead_id", descending=[True, False]).first())
        .with_columns(link=pl.lit("company"))
    )
    return pl.concat([linked, by_company.cast(schema)]).sort("deal_id")  # type: ignore[arg-type]


def deal_outcomes(
    ws: Workspace, as_of: datetime, *, links: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Per linked lead: opportunity_at, is_won, won_at, won_amount, is_lost (as of ``as_of``).

    ``links``: :func:`link_deals`' ``deal_id``, ``lead_id`` when the caller has them (else
    the deals are linked here).

    Example:
        >>> deal_outcomes(Workspace.open(":memory:"), datetime(2025, 1, 1)).columns
        ['lead_id', 'opportunity_at', 'is_won', 'won_at', 'won_amount', 'is_lost']
    """
    links = link_deals(ws) if links is None else links.select("deal_id", "lead_id")
    deals = ws.query(
        "SELECT deal_id, created_at, closed_at, is_won, amount FROM deals WHERE created_at <= ? "
        "OR created_at IS NULL",
        [as_of],
    )
    closed = pl.col("closed_at").is_null() | (pl.col("closed_at") <= as_of)
    won = pl.col("is_won").fill_null(False) & closed
    lost = (pl.col("is_won") == False) & pl.col("closed_at").is_not_null() & closed  # noqa: E712
    return (
        deals.join(links, on="deal_id")
        .group_by("lead_id")
        .agg(
            opportunity_at=pl.col("created_at").min(),
            is_won=won.any(),
            won_at=pl.col("closed_at").filter(won).min(),
            # null when no won deal carries an amount: unknown, not 0 (metrics.outcome.WinGaps)
            won_amount=pl.when(pl.col("amount").filter(won).is_not_null().any())
            .then(pl.col("amount").filter(won).sum())
            .cast(pl.Float64),
            any_lost=lost.any(),
        )
        .with_columns(is_lost=pl.col("any_lost") & ~pl.col("is_won"))
        .drop("any_lost")
    )
