"""The demo company's tables, assembled with polars from the drawn arrays.

Indices drawn by :mod:`analytics.store.demo.draw` become labels of the chosen
locale (``loc``: 0 Japanese, 1 English; see :mod:`analytics.store.demo.vocabulary`)
and epoch seconds become timestamps. Only :func:`activities_frame` and
:func:`costs_frame` draw (noise), after everything else.

Example:
    >>> from analytics.store.demo.draw import draw_company
    >>> z, act, deals, cal = draw_company(np.random.default_rng(1), 40, date(2026, 10, 31), 1)
    >>> leads = leads_frame(z, deals, 1, cal)
    >>> leads.height, leads["country"].unique().to_list()
    (40, ['Japan'])
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from analytics.store.demo.draw import DAY, Arrays, months
from analytics.store.demo.vocabulary import (
    ACTIVITY_CAMPAIGNS,
    BANT_NOTES,
    CAMPAIGNS,
    COMPETITORS,
    DEPARTMENTS,
    FAMILY_NAMES,
    FREE_MAIL,
    GIVEN_NAMES,
    GOVERNMENT,
    INDUSTRIES,
    KINDS,
    LOST_REASONS,
    PREFECTURES,
    PRODUCTS,
    REASONS,
    REGIONS,
    REPS,
    SOURCES,
    STAGE_LOST,
    STAGE_WON,
    STAGES_OPEN,
    STATUSES,
    STEMS,
    SUFFIXES,
    TITLE_RANKS,
    TITLES,
    UNIVERSITIES,
)


# --------------------------------------------------------------------------- helpers
def _gather(vocab: pl.Series, idx: np.ndarray) -> pl.Series:
    return vocab.gather(pl.Series(idx.astype(np.int64)))


def timestamps(seconds: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    """Epoch seconds -> polars Datetime(us), null where ``valid`` is False.

    Example:
        >>> timestamps(np.array([0, 86_400]), np.array([True, False])).to_list()
        [datetime.datetime(1970, 1, 1, 0, 0), None]
    """
    out = pl.Series(seconds.astype(np.int64) * 1_000_000).cast(pl.Datetime("us"))
    if valid is not None:
        out = pl.select(pl.when(pl.Series(valid)).then(out).otherwise(None)).to_series()
    return out


def _month_vocab(templates: tuple[str, ...], first_month: int, n_months: int) -> list[str]:
    out = []
    for template in templates:
        for m in range(first_month, first_month + n_months):
            y, mo = divmod(m, 12)
            out.append(template.format(y=y + 1970, m=mo + 1, q=mo // 3 + 1))
    return out


def _campaign_vocab(loc: int, month0: int, n_months: int) -> tuple[pl.Series, np.ndarray]:
    """Lead campaign names (source x variant x month) and each source's first index."""
    names: list[str] = []
    base = []
    for variants in CAMPAIGNS:
        base.append(len(names))
        names += _month_vocab(tuple(v[loc] for v in variants), month0, n_months)
    return pl.Series(names, dtype=pl.String), np.array(base)


# --------------------------------------------------------------------------- leads
def leads_frame(z: Arrays, deals: Arrays, loc: int, cal: dict) -> pl.DataFrame:
    """The leads table from the drawn arrays.

    Example:
        >>> from analytics.store.demo.draw import draw_company
        >>> z, act, deals, cal = draw_company(np.random.default_rng(1), 60, date(2026, 10, 31), 0)
        >>> leads_frame(z, deals, 0, cal)["lead_id"].head(2).to_list()
        ['L0000001', 'L0000002']
    """
    n = len(z["created"])
    people = _people(z, _companies(z, loc), loc)
    government = z["ind"] == GOVERNMENT
    employees = np.where(z["missing"][:, 0] < 0.03, np.nan, z["emp"])
    revenue = np.where(
        (z["missing"][:, 1] < 0.10) | government | z["student"],
        np.nan,
        z["c_rev"][z["comp"]],
    )
    revenue = np.where(z["competitor"], 1.5e9, revenue)
    status, deal_created, has_deal = _lead_status(z, deals, cal)
    id_width = max(7, len(str(n)))
    return pl.DataFrame(
        {
            "lead_id": "L" + pl.Series(np.arange(1, n + 1)).cast(pl.String).str.zfill(id_width),
            "created_at": timestamps(z["created"]),
            "source": _gather(pl.Series([s[0] for s in SOURCES]), z["source"]),
            "campaign": _lead_campaigns(z, loc, cal),
            "company": people["company"],
            "industry": _gather(pl.Series([i[loc] for i in INDUSTRIES]), z["ind"]),
            "employees": pl.Series(employees).fill_nan(None).cast(pl.Int64),
            "annual_revenue": pl.Series(revenue).fill_nan(None),
            "prefecture": _gather(pl.Series([p[loc] for p in PREFECTURES]), z["pref"]),
            "region": _gather(pl.Series([r[loc] for r in REGIONS]), z["region"]),
            "country": pl.repeat(("日本", "Japan")[loc], n, eager=True),
            "title": _titles(z, loc),
            "title_rank": _gather(pl.Series([r[0] for r in TITLE_RANKS]), z["rank"]),
            "department": _departments(z, loc),
            "email": people["email"],
            "email_domain": people["email_domain"],
            "owner": _gather(pl.Series([r[loc] for r in REPS]), z["owner"]),
            "status": _gather(pl.Series([s[loc] for s in STATUSES]), status),
            "page_views": pl.Series([None] * n, dtype=pl.Int64),
            "time_on_site_s": pl.Series([None] * n, dtype=pl.Float64),
            "mql_at": timestamps(z["mql_time"], z["mql_time"] >= 0),
            "sql_at": timestamps(z["assess"], z["is_sql"]),
            "first_contact_at": timestamps(z["contact"], z["contacted"]),
            "converted_at": timestamps(deal_created, has_deal),
        }
    )


def _companies(z: Arrays, loc: int) -> pl.DataFrame:
    """Company names and e-mail domains, one row per company."""
    suffix_flat = [s for group in SUFFIXES for s in group]
    suffix_base = np.cumsum([0] + [len(g) for g in SUFFIXES[:-1]])
    suffix_code = suffix_base[z["c_ind"]] + z["c_suffix"]
    government = z["c_ind"] == GOVERNMENT
    stem = _gather(
        pl.Series(
            [s[0] if loc == 0 else s[1].upper() if len(s[1]) <= 2 else s[1].title() for s in STEMS]
        ),
        z["c_stem"],
    )
    stem_r = _gather(pl.Series([s[1] for s in STEMS]), z["c_stem"])
    suffix = _gather(pl.Series([s[0] if loc == 0 else s[2] for s in suffix_flat]), suffix_code)
    suffix_r = _gather(pl.Series([s[1] for s in suffix_flat]), suffix_code)
    pref_label = _gather(pl.Series([p[loc] for p in PREFECTURES]), z["c_pref"])
    pref_r = _gather(pl.Series([p[2] for p in PREFECTURES]), z["c_pref"])
    if loc == 0:
        forms = (("株式会社", ""), ("", "株式会社"), ("㈱", ""), ("有限会社", ""))
        core = stem + suffix
        gov_name = pref_label + "庁"
    else:
        forms = (("", " Co., Ltd."), ("", " Inc."), ("", " Corporation"))
        core = stem + " " + suffix
        gov_name = (pref_label + " Prefectural Government").str.replace(
            r"^(Tokyo|Hokkaido) Prefectural", "${1} Metropolitan"
        )
    before = _gather(pl.Series([f[0] for f in forms]), z["c_form"])
    after = _gather(pl.Series([f[1] for f in forms]), z["c_form"])
    tld = _gather(pl.Series([".co.jp", ".com", ".jp"]), z["c_tld"])
    sep = pl.Series(np.where(z["c_hyphen"], "-", ""))
    return pl.DataFrame(
        {
            "name": pl.select(
                pl.when(pl.Series(government)).then(gov_name).otherwise(before + core + after)
            ).to_series(),
            "domain": pl.select(
                pl.when(pl.Series(government))
                .then("pref." + pref_r + ".lg.jp")
                .otherwise(stem_r + sep + suffix_r + tld)
            ).to_series(),
        }
    )


def _people(z: Arrays, companies: pl.DataFrame, loc: int) -> pl.DataFrame:
    """Each lead's company name, e-mail domain and address (students and rivals by name)."""
    idx = pl.Series(z["comp"])
    uni, rival = z["uni"], z["rival"]
    specials = pl.DataFrame(
        {
            "uni_name": _gather(pl.Series([u[2 * loc] for u in UNIVERSITIES]), uni),
            "uni_domain": _gather(pl.Series([u[1] for u in UNIVERSITIES]), uni),
            "rival_name": _gather(pl.Series([c[2 * loc] for c in COMPETITORS]), rival),
            "rival_domain": _gather(pl.Series([c[1] for c in COMPETITORS]), rival),
            "free_domain": _gather(pl.Series([f[0] for f in FREE_MAIL]), z["free_dom"]),
            "comp_name": companies["name"].gather(idx),
            "comp_domain": companies["domain"].gather(idx),
            "student": z["student"],
            "competitor": z["competitor"],
            "freemail": z["freemail"],
            "family": _gather(pl.Series(FAMILY_NAMES), z["family"]),
            "given": _gather(pl.Series(GIVEN_NAMES), z["given"]),
            "local_form": z["local_form"],
            "digits": z["mail_digits"],
        }
    )
    student, competitor = pl.col("student"), pl.col("competitor")
    domain = (
        pl.when(student)
        .then(pl.col("uni_domain"))
        .when(competitor)
        .then(pl.col("rival_domain"))
        .when(pl.col("freemail"))
        .then(pl.col("free_domain"))
        .otherwise(pl.col("comp_domain"))
    )
    local = (
        pl.when(pl.col("freemail"))
        .then(pl.col("given") + pl.col("family") + pl.col("digits").cast(pl.String))
        .when(pl.col("local_form") == 0)
        .then(pl.col("given") + "." + pl.col("family"))
        .when(pl.col("local_form") == 1)
        .then(pl.col("given").str.slice(0, 1) + "-" + pl.col("family"))
        .otherwise(pl.col("family") + pl.col("digits").cast(pl.String).str.slice(0, 2))
    )
    return specials.select(
        pl.when(student)
        .then(pl.col("uni_name"))
        .when(competitor)
        .then(pl.col("rival_name"))
        .otherwise(pl.col("comp_name"))
        .alias("company"),
        domain.alias("email_domain"),
        (local + "@" + domain).alias("email"),
    )


def _titles(z: Arrays, loc: int) -> pl.Series:
    """Job titles: one draw (``title_u``) within the rank's titles; students are students."""
    titles_flat = [t for group in TITLES for t in group]
    title_code = np.zeros(len(z["created"]), dtype=np.int64)
    offset = 0
    for r, group in enumerate(TITLES):
        cum = np.cumsum([t[2] for t in group])
        mask = z["rank"] == r
        within = np.searchsorted(cum / cum[-1], z["title_u"][mask], side="right")
        title_code[mask] = offset + np.minimum(within, len(group) - 1)
        offset += len(group)
    return _gather(
        pl.Series([t[loc] for t in titles_flat] + [("学生", "Student")[loc]]),
        np.where(z["student"], len(titles_flat), title_code),
    )


def _departments(z: Arrays, loc: int) -> pl.Series:
    """Departments (8% unknown); students are in a faculty."""
    return _gather(
        pl.Series(
            [d[loc] for d in DEPARTMENTS] + [("工学部", "Faculty of Engineering")[loc], None]
        ),
        np.where(
            z["student"],
            len(DEPARTMENTS),
            np.where(z["missing"][:, 2] < 0.08, len(DEPARTMENTS) + 1, z["dept"]),
        ),
    )


def _lead_campaigns(z: Arrays, loc: int, cal: dict) -> pl.Series:
    """The campaign that brought each lead, by source and month."""
    vocab, base = _campaign_vocab(loc, cal["month0"], cal["n_months"])
    n_var = np.array([len(v) for v in CAMPAIGNS])[z["source"]]
    variant = np.minimum((z["campaign_u"] * n_var).astype(np.int64), n_var - 1)
    month_i = np.clip(months(z["created"]) - cal["month0"], 0, cal["n_months"] - 1)
    return _gather(vocab, base[z["source"]] + variant * cal["n_months"] + month_i)


def _lead_status(z: Arrays, deals: Arrays, cal: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(status code, first deal's creation, has a deal?) of each lead."""
    n = len(z["created"])
    first_deal = np.full(n, -1, dtype=np.int64)
    first_deal[deals["lead"][::-1]] = np.arange(len(deals["lead"]))[::-1]
    has_deal = first_deal >= 0
    fd = np.maximum(first_deal, 0)
    if len(deals["lead"]):
        deal_created = deals["created"][fd]
        lead_won = has_deal & deals["won"][fd]
        lead_lost = has_deal & deals["closed"][fd] & ~deals["won"][fd]
    else:
        deal_created = np.zeros(n, dtype=np.int64)
        lead_won = lead_lost = np.zeros(n, dtype=bool)
    status = np.select(
        [
            lead_won,
            lead_lost,
            has_deal,
            z["is_sql"],
            z["gives"] & (z["verdict"] == 1),
            z["gives"] & (z["verdict"] == 2),
            z["mql_time"] >= 0,
            z["last_activity"] >= cal["end_sec"] - 180 * DAY,
        ],
        [5, 6, 4, 3, 8, 7, 2, 1],
        default=0,
    )
    return status, deal_created, has_deal


# --------------------------------------------------------------------------- activities
def activities_frame(
    rng: np.random.Generator, act: Arrays, lead_ids: pl.Series, loc: int, cal: dict
) -> pl.DataFrame:
    """The activities table from (lead, time, kind) arrays.

    Example:
        >>> from analytics.store.demo.draw import draw_company
        >>> z, act, deals, cal = draw_company(np.random.default_rng(1), 60, date(2026, 10, 31), 0)
        >>> ids = leads_frame(z, deals, 0, cal)["lead_id"]
        >>> activities_frame(np.random.default_rng(2), act, ids, 0, cal).height == len(act["lead"])
        True
    """
    kind = act["kind"]
    median = np.array([k[4] for k in KINDS])[kind]
    noise = rng.standard_normal(len(kind), dtype=np.float32)
    seconds = np.clip(np.round(median * np.exp(0.7 * noise)), 1, 3 * median)
    duration = np.where(median > 0, seconds, np.nan)
    del seconds
    del noise, median
    n_months = cal["n_months"]
    family = np.array([k[5] for k in KINDS])[kind]
    month_starts = (
        (np.datetime64("1970-01", "M") + np.arange(cal["month0"], cal["month0"] + n_months + 1))
        .astype("datetime64[s]")
        .astype(np.int64)
    )
    month_i = np.clip(np.searchsorted(month_starts, act["time"], side="right") - 1, 0, n_months - 1)
    campaign_idx = np.where(family > 0, 1 + (family - 1) * n_months + month_i, 0)
    del family, month_i
    campaigns = pl.Series(
        [None, *_month_vocab(tuple(c[loc] for c in ACTIVITY_CAMPAIGNS), cal["month0"], n_months)],
        dtype=pl.String,
    )
    return pl.DataFrame(
        {
            "lead_id": lead_ids.gather(pl.Series(act["lead"])),
            "occurred_at": timestamps(act["time"]),
            "type": _gather(pl.Series([k[0] for k in KINDS]), kind),
            "detail": _gather(pl.Series([k[1 + loc] for k in KINDS]), kind),
            "duration_s": pl.Series(duration).fill_nan(None),
            "campaign": _gather(campaigns, campaign_idx),
        }
    )


# --------------------------------------------------------------------------- deals
def deals_frame(deals: Arrays, leads: pl.DataFrame, loc: int) -> pl.DataFrame:
    """The deals table; a few deals carry only the contact e-mail or the account name.

    Example:
        >>> from analytics.store.demo.draw import draw_company
        >>> z, act, deals, cal = draw_company(np.random.default_rng(1), 60, date(2026, 10, 31), 0)
        >>> deals_frame(deals, leads_frame(z, deals, 0, cal), 0).height == len(deals["lead"])
        True
    """
    m = len(deals["lead"])
    at = pl.Series(deals["lead"])
    stages = [*(s[loc] for s in STAGES_OPEN), STAGE_LOST[loc], STAGE_WON[loc]]
    base = pl.DataFrame(
        {
            "deal_id": "D"
            + pl.Series(np.arange(1, m + 1)).cast(pl.String).str.zfill(max(6, len(str(m)))),
            "lead": leads["lead_id"].gather(at),
            "company": leads["company"].gather(at),
            "email": leads["email"].gather(at),
            "link": deals["link"],
            "created_at": timestamps(deals["created"]),
            "stage": _gather(pl.Series(stages), deals["stage"]),
            "amount": deals["amount"].astype(np.float64),
            "closed_at": timestamps(deals["closed_at"], deals["closed"]),
            "closed": deals["closed"],
            "won": deals["won"],
            "lost_reason": _gather(
                pl.Series([r[loc] for r in LOST_REASONS] + [None], dtype=pl.String),
                deals["lost_reason"],
            ),
            "owner": _gather(pl.Series([r[loc] for r in REPS]), deals["owner"]),
            "product": _gather(pl.Series([p[loc] for p in PRODUCTS]), deals["product"]),
        }
    )
    return base.select(
        "deal_id",
        pl.when(pl.col("link") == 0).then(pl.col("lead")).alias("lead_id"),
        pl.when(pl.col("link") == 2)
        .then(_short_account(loc))
        .otherwise(pl.col("company"))
        .alias("account"),
        pl.when(pl.col("link") < 2).then(pl.col("email")).alias("contact_email"),
        "created_at",
        "stage",
        "amount",
        "closed_at",
        pl.when(pl.col("closed")).then(pl.col("won")).alias("is_won"),
        "lost_reason",
        "owner",
        "product",
    )


def _short_account(loc: int) -> pl.Expr:
    """The abbreviated account name a CRM user types instead of the company's full name."""
    if loc == 0:  # 株式会社東和工業 -> 東和工業(株), 有限会社光商店 -> 光商店(有)
        company = pl.col("company")
        return (
            pl.when(company.str.contains("株式会社|㈱"))
            .then(company.str.replace("株式会社|㈱", "") + "(株)")
            .when(company.str.contains("有限会社"))
            .then(company.str.replace("有限会社", "") + "(有)")
            .otherwise(company)
        )
    # Towa Industries Co., Ltd. -> TOWA INDUSTRIES
    return (
        pl.col("company").str.replace(r" Co\., Ltd\.$| Inc\.$| Corporation$", "").str.to_uppercase()
    )


# --------------------------------------------------------------------------- BANT, feedback, costs
def bant_frame(z: Arrays, lead_ids: pl.Series, loc: int) -> pl.DataFrame:
    """The BANT table: one assessment per assessed lead, by its owner.

    Example:
        >>> from analytics.store.demo.draw import draw_company
        >>> z, act, deals, cal = draw_company(np.random.default_rng(1), 60, date(2026, 10, 31), 0)
        >>> ids = leads_frame(z, deals, 0, cal)["lead_id"]
        >>> bant_frame(z, ids, 0).height == int(z["assessed"].sum())
        True
    """
    b = np.flatnonzero(z["assessed"])
    return pl.DataFrame(
        {
            "lead_id": lead_ids.gather(pl.Series(b)),
            "assessed_at": timestamps(z["assess"][b]),
            "budget": z["budget"][b],
            "authority": z["authority"][b],
            "need": z["need"][b],
            "timeline": z["timeline"][b],
            "assessed_by": _gather(pl.Series([r[loc] for r in REPS]), z["owner"][b]),
            "note": _gather(pl.Series([note[loc] for note in BANT_NOTES]), z["note"][b]),
        }
    )


def feedback_frame(z: Arrays, lead_ids: pl.Series, loc: int) -> pl.DataFrame:
    """The feedback table: the owner's verdict and reason on the leads given feedback.

    Example:
        >>> from analytics.store.demo.draw import draw_company
        >>> z, act, deals, cal = draw_company(np.random.default_rng(1), 60, date(2026, 10, 31), 0)
        >>> ids = leads_frame(z, deals, 0, cal)["lead_id"]
        >>> set(feedback_frame(z, ids, 0)["verdict"]) <= {"accepted", "rejected", "recycled"}
        True
    """
    f = np.flatnonzero(z["gives"])
    return pl.DataFrame(
        {
            "lead_id": lead_ids.gather(pl.Series(f)),
            "given_at": timestamps(z["give"][f]),
            "given_by": _gather(pl.Series([r[loc] for r in REPS]), z["owner"][f]),
            "verdict": _gather(pl.Series(["accepted", "rejected", "recycled"]), z["verdict"][f]),
            "reason": _gather(pl.Series([r[1 + loc] for r in REASONS]), z["reason"][f]),
        }
    )


def costs_frame(rng: np.random.Generator, z: Arrays, cal: dict) -> pl.DataFrame:
    """Monthly spend per channel: cost per lead brought plus a fixed monthly part.

    Example:
        >>> from analytics.store.demo.draw import draw_company
        >>> z, act, deals, cal = draw_company(np.random.default_rng(1), 60, date(2026, 10, 31), 0)
        >>> costs_frame(np.random.default_rng(2), z, cal).shape
        (216, 3)
    """
    n_months, k = cal["n_months"], len(SOURCES)
    month_i = np.clip(months(z["created"]) - cal["month0"], 0, n_months - 1)
    per = np.bincount(month_i * k + z["source"], minlength=n_months * k)
    cpl = np.tile([s[3] for s in SOURCES], n_months)
    fixed = np.tile([s[4] for s in SOURCES], n_months) * max(1.0, len(z["created"]) / 20_000)
    amount = ((per * cpl + fixed) * np.exp(rng.normal(0, 0.12, len(per)))).round(-3)
    end_month = date(
        cal["start"].year + (cal["start"].month + n_months - 2) // 12,
        (cal["start"].month + n_months - 2) % 12 + 1,
        1,
    )
    month_list = pl.date_range(cal["start"], end_month, interval="1mo", eager=True)
    return pl.DataFrame(
        {
            "month": month_list.gather(pl.Series(np.repeat(np.arange(n_months), k))),
            "channel": pl.Series(np.tile([s[0] for s in SOURCES], n_months)),
            "amount": amount.astype(np.float64),
        }
    )
