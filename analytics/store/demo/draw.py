"""The demo company's hidden model, drawn with numpy: leads, behaviour, sales, deals.

Every draw comes from the one seeded generator, in a fixed order (the same seed
gives the same bytes: ``tests/test_demo.py`` pins a small generation); values
are indices into :mod:`analytics.store.demo.vocabulary` and epoch seconds. Loops
run over a handful of categories only, never over leads or activities.

Example:
    >>> z, act, deals, cal = draw_company(np.random.default_rng(1), 50, date(2026, 10, 31), 0)
    >>> len(z["created"]), bool((np.diff(act["lead"]) >= 0).all()), cal["n_months"]
    (50, True, 24)
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import polars as pl

from analytics.store.demo import pattern
from analytics.store.demo.vocabulary import (
    BUYING_KINDS,
    COMPETITORS,
    CREATION_KIND,
    CRM_MQL_THRESHOLD,
    CRM_WINDOW_DAYS,
    DEPARTMENTS,
    EDUCATION,
    EMAIL_KINDS,
    EVENT_MONTHS,
    FAMILY_NAMES,
    FREE_MAIL,
    GIVEN_NAMES,
    INDUSTRIES,
    IT,
    KINDS,
    LEAD_MONTHS,
    LIST_IMPORT,
    LOST_REASONS,
    NEVER_CONTACTED,
    PREFECTURES,
    PRODUCTS,
    PROFILE_WEIGHTS,
    REGIONS,
    REPS,
    SEMINAR_MONTHS,
    SOURCES,
    SQL_MIN_NEED,
    SQL_MIN_TIMELINE,
    STEMS,
    SUFFIXES,
    TITLE_RANKS,
    UNIVERSITIES,
    UNSUBSCRIBE_KIND,
    WEEKDAY_DELAY,
    WIN_MONTH_EFFECT,
)

DAY = 86_400
Arrays = dict[str, np.ndarray]
_LUT_BITS = 16


def draw_company(
    rng: np.random.Generator, n: int, end: date, loc: int
) -> tuple[Arrays, Arrays, Arrays, dict]:
    """Everything the tables are made of, drawn in the generator's fixed order.

    Args:
        rng: the one seeded generator.
        n: number of leads.
        end: the last day of data.
        loc: 0 Japanese, 1 English (company-name forms differ).

    Returns:
        ``(lead arrays and facts, activities, deals, calendar)``.

    Example:
        >>> z, act, deals, cal = draw_company(np.random.default_rng(3), 40, date(2026, 10, 31), 1)
        >>> len(z["mql_time"]), bool((deals["closed_at"] >= deals["created"]).all())
        (40, True)
    """
    cal = calendar(end)
    z = draw_leads(rng, n, cal, loc)
    act, facts = draw_activities(rng, z, cal)
    z = {**z, **facts}
    z = {**z, **draw_sales(rng, z, cal), "segment": pattern.segment(z, act)}
    return z, act, draw_deals(rng, z, cal), cal


# --------------------------------------------------------------------------- small helpers
def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function.

    Example:
        >>> sigmoid(np.array([0.0])).tolist()
        [0.5]
    """
    return 1.0 / (1.0 + np.exp(-x))


def choice(rng: np.random.Generator, n: int, weights: np.ndarray | list[float]) -> np.ndarray:
    """``n`` draws of an index with the given (unnormalised) weights.

    Example:
        >>> choice(np.random.default_rng(0), 4, [0.0, 2.0, 0.0]).tolist()
        [1, 1, 1, 1]
    """
    w = np.asarray(weights, dtype=np.float64)
    return np.searchsorted(np.cumsum(w / w.sum()), rng.random(n), side="right").clip(0, len(w) - 1)


def _rowwise_choice(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One draw per row of a (rows, k) matrix of row probabilities."""
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    return (cum < rng.random(len(probs))[:, None]).sum(axis=1).clip(0, probs.shape[1] - 1)


def months(seconds: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of epoch seconds.

    Example:
        >>> months(np.array([0, 31 * DAY])).tolist()
        [0, 1]
    """
    return seconds.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)


def business_seconds(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds into the day: mostly office hours, some evening and night.

    Example:
        >>> s = business_seconds(np.random.default_rng(0), 1_000)
        >>> bool(((s >= 0) & (s < 86_400)).all()), bool(((s >= 7 * 3600) & (s < 22 * 3600)).mean() > 0.8)
        (True, True)
    """
    hours = np.where(
        rng.random(n) < 0.85, np.clip(rng.normal(13.5, 2.6, n), 7.5, 21.5), rng.random(n) * 24
    )
    return (hours * 3600).astype(np.int64)


def _next_weekday(day: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    """Move ``share`` of the days falling on a weekend to the following Monday."""
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    move = (weekday >= 5) & (rng.random(len(day)) < share)
    return day + np.where(move, 7 - weekday, 0)


def _profile_lut(profile: int) -> np.ndarray:
    """A 2**16-entry lookup table from a uniform draw to a kind of one behaviour profile.

    ``lut[(u * 2**16).astype(int)]`` draws kinds with the profile's probabilities
    (to within 2**-16) far faster than a search per activity.
    """
    p = np.zeros(len(KINDS))
    for kind, weight in PROFILE_WEIGHTS[profile]:
        p[kind] = weight
    cdf = np.cumsum(p / p.sum())
    grid = (np.arange(2**_LUT_BITS) + 0.5) / 2**_LUT_BITS
    return np.minimum(np.searchsorted(cdf, grid, side="right"), len(KINDS) - 1).astype(np.int16)


def _draw_kinds(rng: np.random.Generator, profile: int, n: int) -> np.ndarray:
    """``n`` activity kinds (int16) drawn from one behaviour profile."""
    slot = (rng.random(n, dtype=np.float32) * 2**_LUT_BITS).astype(np.int32)
    return _profile_lut(profile)[np.minimum(slot, 2**_LUT_BITS - 1)]


def calendar(end: date) -> dict:
    """The 24 whole months ending with ``end``: day grid, month-of-year, weekday.

    Example:
        >>> cal = calendar(date(2026, 10, 31))
        >>> cal["start"], cal["n_days"], cal["n_months"]
        (datetime.date(2024, 11, 1), 730, 24)
    """
    end_month = end.year * 12 + end.month - 1
    first = end_month - 23
    start = date(first // 12, first % 12 + 1, 1)
    day0 = (start - date(1970, 1, 1)).days
    n_days = (end - start).days + 1
    days = np.arange(n_days) + day0
    return {
        "start": start,
        "day0": day0,
        "end_sec": (day0 + n_days) * DAY,  # exclusive
        "n_days": n_days,
        "day_moy": months(days * DAY) % 12,
        "weekday": (days + 3) % 7,
        "month0": (start.year - 1970) * 12 + start.month - 1,
        "n_months": 24,
    }


# --------------------------------------------------------------------------- leads
def draw_leads(rng: np.random.Generator, n: int, cal: dict, loc: int) -> Arrays:
    """Lead attributes (as indices into the vocabulary) and the hidden fit/intent.

    Example:
        >>> z = draw_leads(np.random.default_rng(1), 50, calendar(date(2026, 10, 31)), 0)
        >>> len(z["created"]), bool((np.diff(z["created"]) >= 0).all()), z["fit"].shape
        (50, True, (50,))
    """
    arrivals = _draw_arrivals(rng, n, cal)
    company = _draw_companies(rng, n, loc)
    who = _draw_who(rng, n, company)
    fit, intent = _fit_and_intent(rng, n, who, arrivals["source"])
    details = _draw_details(rng, n)
    source = arrivals["source"]
    return {
        **company,
        **arrivals,
        **who,
        **details,
        "fit": fit,
        "intent": intent,
        "project": rng.random(n) < sigmoid(-2.9 + 1.1 * intent + 0.4 * fit),
        "engage": 0.5 * intent + rng.normal(0, 0.9, n),
        "never": rng.random(n)
        < np.where(source == LIST_IMPORT, 0.45, np.where(source == 2, 0.25, 0.08)),
    }


def _draw_arrivals(rng: np.random.Generator, n: int, cal: dict) -> Arrays:
    """When each lead arrives (growing, seasonal, few on weekends) and from which source."""
    n_days = cal["n_days"]
    day_w = (
        np.asarray(LEAD_MONTHS)[cal["day_moy"]]
        * (1.0 + 0.6 * np.arange(n_days) / n_days)
        * np.where(cal["weekday"] >= 5, 0.15, 1.0)
    )
    lead_day = choice(rng, n, day_w)
    created = np.sort((lead_day + cal["day0"]) * DAY + business_seconds(rng, n))
    lead_moy = cal["day_moy"][created // DAY - cal["day0"]]
    src_w = np.tile(np.array([s[1] for s in SOURCES]), (12, 1))
    src_w[:, 1] *= SEMINAR_MONTHS
    src_w[:, 2] *= EVENT_MONTHS
    source = _rowwise_choice(rng, src_w[lead_moy])
    return {"created": created, "lead_moy": lead_moy, "source": source}


def _draw_companies(rng: np.random.Generator, n: int, loc: int) -> Arrays:
    """The companies (about one per 2.5 leads): industry, size, revenue, name parts."""
    n_comp = max(1, math.ceil(n / 2.5))
    c_ind = choice(rng, n_comp, [i[2] for i in INDUSTRIES])
    c_emp = np.clip(
        np.exp(
            rng.normal(math.log(110), 1.45, n_comp) + np.array([i[5] for i in INDUSTRIES])[c_ind]
        ),
        5,
        50_000,
    ).round()
    rev_per_emp = np.array([i[4] for i in INDUSTRIES])[c_ind]
    c_rev = np.round(c_emp * rev_per_emp * np.exp(rng.normal(0, 0.35, n_comp)) / 1e6) * 1e6
    n_suffix = np.array([len(s) for s in SUFFIXES])
    return {
        "c_ind": c_ind,
        "c_emp": c_emp,
        "c_rev": c_rev,
        "c_pref": choice(rng, n_comp, [p[4] for p in PREFECTURES]),
        "c_stem": rng.integers(0, len(STEMS), n_comp),
        "c_suffix": (rng.random(n_comp) * n_suffix[c_ind]).astype(np.int64),
        "c_form": choice(rng, n_comp, [0.55, 0.36, 0.03, 0.06] if loc == 0 else [0.6, 0.25, 0.15]),
        "c_tld": choice(rng, n_comp, [0.8, 0.15, 0.05]),
        "c_hyphen": rng.random(n_comp) < 0.5,
    }


def _draw_who(rng: np.random.Generator, n: int, company: Arrays) -> Arrays:
    """Each lead's company (some bring many leads), students/competitors/free mail, person."""
    n_comp = len(company["c_ind"])
    comp = np.minimum((n_comp * rng.random(n) ** 1.7).astype(np.int64), n_comp - 1)
    special = rng.random(n)
    student = special < 0.012
    competitor = (special >= 0.012) & (special < 0.018)
    freemail = (special >= 0.018) & (special < 0.088)
    ind = np.where(student, EDUCATION, np.where(competitor, IT, company["c_ind"][comp]))
    emp = np.where(student, 3000.0, np.where(competitor, 120.0, company["c_emp"][comp]))
    pref = company["c_pref"][comp]
    region = np.array([p[3] for p in PREFECTURES])[pref]
    # people: larger companies have fewer executives among their leads
    size_w = np.clip((np.log10(emp) - 1.0) / 3.0, 0, 1)[:, None]
    mix = (1 - size_w) * np.array([r[3] for r in TITLE_RANKS]) + size_w * np.array(
        [r[4] for r in TITLE_RANKS]
    )
    rank = np.where(student, 3, _rowwise_choice(rng, mix))
    dept = choice(rng, n, [d[2] for d in DEPARTMENTS])
    return {
        "comp": comp,
        "student": student,
        "competitor": competitor,
        "freemail": freemail,
        "ind": ind,
        "emp": emp,
        "pref": pref,
        "region": region,
        "rank": rank,
        "dept": dept,
    }


def _fit_and_intent(
    rng: np.random.Generator, n: int, who: Arrays, source: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The hidden model: fit from firmographics and person, intent = 0.45 fit + source + noise."""
    bad = who["student"] | who["competitor"]
    fit = (
        0.9 * np.tanh((np.log10(who["emp"]) - 2.0) / 0.8)
        + np.array([i[3] for i in INDUSTRIES])[who["ind"]]
        + np.array([r[2] for r in REGIONS])[who["region"]]
        + np.array([r[1] for r in TITLE_RANKS])[who["rank"]]
        + np.array([d[3] for d in DEPARTMENTS])[who["dept"]]
        - 0.4 * who["freemail"]
        - 3.0 * bad
    )
    intent = (
        0.45 * fit + np.array([s[2] for s in SOURCES])[source] + rng.normal(0, 1, n) - 2.0 * bad
    )
    return fit, intent


def _draw_details(rng: np.random.Generator, n: int) -> Arrays:
    """Uniform draws the labels are made of: special companies, names, e-mail, gaps, campaign."""
    return {
        "uni": rng.integers(0, len(UNIVERSITIES), n),
        "rival": rng.integers(0, len(COMPETITORS), n),
        "title_u": rng.random(n),
        "family": rng.integers(0, len(FAMILY_NAMES), n),
        "given": rng.integers(0, len(GIVEN_NAMES), n),
        "local_form": choice(rng, n, [0.6, 0.25, 0.15]),
        "mail_digits": rng.integers(10, 9999, n),
        "free_dom": choice(rng, n, [f[1] for f in FREE_MAIL]),
        "missing": rng.random((n, 3)),
        "campaign_u": rng.random(n),
    }


# --------------------------------------------------------------------------- activities
def draw_activities(rng: np.random.Generator, z: Arrays, cal: dict) -> tuple[Arrays, Arrays]:
    """Activities (lead, time, kind; sorted by lead and time) and per-lead behaviour facts.

    Example:
        >>> rng, cal = np.random.default_rng(1), calendar(date(2026, 10, 31))
        >>> act, facts = draw_activities(rng, draw_leads(rng, 30, cal, 0), cal)
        >>> bool((np.diff(act["lead"]) >= 0).all()), sorted(facts)[:3]
        (True, ['burst_end', 'burst_moy', 'buying'])
    """
    created, source = z["created"], z["source"]
    n = len(created)
    lead_idx = np.arange(n, dtype=np.int32)
    # (a) the action that created the lead
    c_kind = np.asarray(CREATION_KIND)[source]
    has_c = c_kind >= 0
    parts = [(lead_idx[has_c], created[has_c], c_kind[has_c].astype(np.int16))]
    parts.append(_background(rng, z, lead_idx))
    burst = _buying_burst(rng, z, lead_idx)
    parts += burst.pop("parts")
    unsub, unsub_time = _unsubscribes(rng, z)
    parts.append(
        (lead_idx[unsub], unsub_time[unsub], np.full(int(unsub.sum()), UNSUBSCRIBE_KIND, np.int16))
    )
    a_lead, a_time, a_kind = (np.concatenate(column) for column in zip(*parts, strict=True))
    del parts
    keep = _kept(a_lead, a_time, a_kind, unsub_time, cal)
    a_lead, a_time, a_kind = a_lead[keep], a_time[keep], a_kind[keep]
    del keep
    key = (a_lead.astype(np.int64) << 32) | (a_time - cal["day0"] * DAY)
    order = pl.Series(key).arg_sort().to_numpy()
    del key
    act = {"lead": a_lead[order], "time": a_time[order], "kind": a_kind[order]}
    del a_lead, a_time, a_kind, order
    counts = np.bincount(act["lead"], minlength=n)
    starts = np.cumsum(counts) - counts
    if len(act["time"]) == 0:  # e.g. one lead created on the last day: no activity yet
        last = np.full(n, -1)
    else:
        last = np.where(counts > 0, act["time"][np.maximum(starts + counts - 1, 0)], -1)
    facts = {
        **burst,
        "unsub": unsub,
        "last_activity": last,
        "mql_time": _crm_mql_times(act, z, starts, cal),
    }
    return act, facts


def _background(
    rng: np.random.Generator, z: Arrays, lead_idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lead, time, kind) of background browsing and mail, in sessions that thin out over time."""
    created, source = z["created"], z["source"]
    n = len(created)
    n_bg = rng.poisson(np.where(z["never"], 0.0, 15.5 * np.exp(0.8 * z["engage"])))
    n_sess = np.minimum(n_bg, 1 + rng.poisson(n_bg / 3.5))
    sess_scale = np.exp(rng.normal(math.log(75), 0.7, n))  # days
    sess_lead = np.repeat(lead_idx, n_sess)
    sess_day = created[sess_lead] // DAY + (
        rng.exponential(1.0, len(sess_lead)) * sess_scale[sess_lead]
    ).astype(np.int64)
    sess_day = _next_weekday(sess_day, rng, 0.7)
    sess_start = np.maximum(
        sess_day * DAY + business_seconds(rng, len(sess_lead)), created[sess_lead]
    )
    del sess_lead, sess_day
    sess_ptr = np.cumsum(n_sess) - n_sess
    bg_lead = np.repeat(lead_idx, n_bg)
    which = (rng.random(len(bg_lead), dtype=np.float32) * n_sess[bg_lead]).astype(np.int64)
    which = np.minimum(which, n_sess[bg_lead] - 1)
    gap = rng.standard_exponential(len(bg_lead), dtype=np.float32) * 420.0
    bg_time = sess_start[sess_ptr[bg_lead] + which] + gap.astype(np.int64)
    del which, sess_start, gap
    bg_kind = _draw_kinds(rng, 0, len(bg_lead))
    mail_only = np.flatnonzero((source == LIST_IMPORT)[bg_lead])
    bg_kind[mail_only] = _draw_kinds(rng, 1, len(mail_only))
    return bg_lead, bg_time, bg_kind


def _buying_burst(rng: np.random.Generator, z: Arrays, lead_idx: np.ndarray) -> dict:
    """The buying burst of leads with a project (some wait for April's new budget).

    Returns the burst's activity parts (``"parts"``) and the facts ``burst_end``,
    ``burst_moy`` and ``buying`` (buying actions per lead).
    """
    created, source, intent, project = z["created"], z["source"], z["intent"], z["project"]
    n = len(created)
    burst_day = created // DAY + np.where(
        (source == 4) & (rng.random(n) < 0.5), 0, rng.gamma(1.5, 40.0, n).astype(np.int64)
    )
    burst_month = months(burst_day * DAY)
    wait_budget = (burst_month % 12 < 3) & (rng.random(n) < 0.35)
    april = burst_month // 12 * 12 + 3
    april_day = (np.datetime64("1970-01", "M") + april).astype("datetime64[D]").astype(np.int64)
    burst_day = np.where(wait_budget, april_day + rng.integers(0, 45, n), burst_day)
    burst_len = rng.uniform(5, 30, n)  # days
    burst_end = burst_day * DAY + (burst_len * DAY).astype(np.int64)
    n_burst = np.where(project, 3 + rng.poisson(2.0 + 3.0 * sigmoid(intent)), 0)
    b_lead = np.repeat(lead_idx, n_burst)
    b_time = np.maximum(
        burst_day[b_lead] * DAY
        + (rng.random(len(b_lead)) * burst_len[b_lead] * DAY).astype(np.int64),
        created[b_lead],
    )
    b_kind = _draw_kinds(rng, 2, len(b_lead))
    hand_raise = project & (rng.random(n) < sigmoid(intent - 0.8))
    hr_kind = np.where(rng.random(n) < 0.5, 20, 21).astype(np.int16)[hand_raise]
    return {
        "parts": [
            (b_lead, b_time, b_kind),
            (lead_idx[hand_raise], np.maximum(burst_end, created)[hand_raise], hr_kind),
        ],
        "burst_end": burst_end,
        "burst_moy": months(burst_day * DAY) % 12 + 1,
        "buying": np.bincount(b_lead[np.isin(b_kind, BUYING_KINDS)], minlength=n) + hand_raise,
    }


def _unsubscribes(rng: np.random.Generator, z: Arrays) -> tuple[np.ndarray, np.ndarray]:
    """(unsubscribed?, when; int64 max if never): likelier without intent."""
    created, intent = z["created"], z["intent"]
    n = len(created)
    unsub = ~z["never"] & (rng.random(n) < sigmoid(-2.9 - 0.8 * intent))
    unsub_time = np.where(
        unsub, created + (rng.exponential(60.0, n) * DAY).astype(np.int64), np.iinfo(np.int64).max
    )
    return unsub, unsub_time


def _kept(
    a_lead: np.ndarray, a_time: np.ndarray, a_kind: np.ndarray, unsub_time: np.ndarray, cal: dict
) -> np.ndarray:
    """Which activities happen: none after the end, no mail read after unsubscribing."""
    is_mail = np.zeros(len(KINDS), dtype=bool)
    is_mail[list(EMAIL_KINDS)] = True
    return (a_time < cal["end_sec"]) & ~(is_mail[a_kind] & (a_time > unsub_time[a_lead]))


def _crm_mql_times(act: Arrays, z: Arrays, starts: np.ndarray, cal: dict) -> np.ndarray:
    """The CRM's MQL moment (-1: none): first time fit points + behaviour points reach the
    threshold, counting behaviour of the last CRM_WINDOW_DAYS only (a window sum from one
    running total; only rows whose positive points since the lead's start could reach it
    are checked)."""
    n = len(z["created"])
    fit_points = (
        np.array([r[2] for r in TITLE_RANKS])[z["rank"]]
        + np.where(z["emp"] >= 1000, 12.0, np.where(z["emp"] >= 100, 8.0, 0.0))
        + np.where(np.isin(z["ind"], [0, 1]), 5.0, 0.0)
        - 40.0 * (z["student"] | z["competitor"])
    )
    points = np.asarray([k[3] for k in KINDS])[act["kind"]]
    running = np.cumsum(points)
    upper = np.cumsum(np.maximum(points, 0.0))
    del points
    upper_before = np.where(
        starts > 0, upper[np.maximum(starts - 1, 0)] if len(upper) else 0.0, 0.0
    )
    cand = np.flatnonzero(
        fit_points[act["lead"]] + upper - upper_before[act["lead"]] >= CRM_MQL_THRESHOLD
    )
    del upper
    key = (act["lead"].astype(np.int64) << 32) | (act["time"] - cal["day0"] * DAY)
    lo = np.maximum(
        np.searchsorted(key, key[cand] - CRM_WINDOW_DAYS * DAY, side="left"),
        starts[act["lead"][cand]],
    )
    del key
    score = (
        fit_points[act["lead"][cand]]
        + running[cand]
        - np.where(lo > 0, running[np.maximum(lo - 1, 0)], 0.0)
    )
    del lo, running
    hit = cand[score >= CRM_MQL_THRESHOLD]
    del score, cand
    first = hit[np.r_[True, act["lead"][hit][1:] != act["lead"][hit][:-1]]] if len(hit) else hit
    mql_time = np.full(n, -1, dtype=np.int64)
    mql_time[act["lead"][first]] = act["time"][first]
    return mql_time


# --------------------------------------------------------------------------- sales
def draw_sales(rng: np.random.Generator, z: Arrays, cal: dict) -> Arrays:
    """Owners, first contact, BANT, feedback, and recycled leads that come back.

    Example:
        >>> rng, cal = np.random.default_rng(1), calendar(date(2026, 10, 31))
        >>> z = draw_leads(rng, 30, cal, 0)
        >>> z = {**z, **draw_activities(rng, z, cal)[1]}
        >>> sales = draw_sales(rng, z, cal)
        >>> bool((sales["assessed"] <= sales["contacted"]).all()), int(sales["need"].max()) <= 3
        (True, True)
    """
    contact = _first_contacts(rng, z, cal)
    bant = _bant(rng, {**z, **contact}, cal)
    feedback = _feedback(rng, {**z, **contact, **bant}, cal)
    back = _returns(rng, {**z, **contact, **bant, **feedback}, cal)
    return {**contact, **bant, **feedback, **back}


def _level(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """A BANT level 0-3 around ``x``."""
    return np.clip(np.round(x + rng.normal(0, 0.65, len(x))), 0, 3).astype(np.int16)


def _first_contacts(rng: np.random.Generator, z: Arrays, cal: dict) -> Arrays:
    """Each lead's owner (territory, else anyone) and the first call after its MQL moment.

    The delay is the rep's own (median 1 h to 3 days), longer for MQLs that arrive on a
    Monday (backlog) or a Friday ("next week"), and calls wait for office hours. Some
    MQLs are never called: more of the slow reps' and of those arriving Friday to Sunday.
    """
    n = len(z["created"])
    mql_time = z["mql_time"]
    territory = [[r for r, rep in enumerate(REPS) if g in rep[4]] for g in range(len(REGIONS))]
    width = max(len(t) for t in territory)
    terr = np.array([(t * width)[:width] for t in territory])
    owner = np.where(
        rng.random(n) < 0.7,
        terr[z["region"], rng.integers(0, width, n)],
        rng.integers(0, len(REPS), n),
    )
    median_h = np.array([r[2] for r in REPS])[owner]
    sigma = np.array([r[3] for r in REPS])[owner]
    weekday = (np.maximum(mql_time, 0) // DAY + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    delay_h = median_h * np.asarray(WEEKDAY_DELAY)[weekday] * np.exp(sigma * rng.normal(0, 1, n))
    contact = mql_time + 600 + (delay_h * 3600).astype(np.int64)
    # calls happen in office hours: evenings, nights and weekends wait for the next work day
    day = contact // DAY
    hour = (contact % DAY) / 3600
    day = np.where(hour >= 19, day + 1, day)
    moved = _next_weekday(day, rng, 0.95)
    contact = np.where(
        (moved != contact // DAY) | (hour < 9),
        moved * DAY + 9 * 3600 + rng.integers(0, 3 * 3600, n),
        contact,
    )
    base, slow, weekend = NEVER_CONTACTED
    never = base + slow * (median_h >= 24) + weekend * (weekday >= 4)
    contacted = (mql_time >= 0) & (rng.random(n) >= never) & (contact < cal["end_sec"])
    return {"owner": owner, "contact": contact, "contacted": contacted}


def _bant(rng: np.random.Generator, z: Arrays, cal: dict) -> Arrays:
    """BANT levels 0-3 assessed on the first call or a follow-up; SQL = need and timeline >= 2.

    A lead called late has gone cold (0 when called at once, 1 after three days): it is
    reached less often and its need and above all its timeline have faded, so conversion
    to SQL falls with the response time.
    """
    n = len(z["created"])
    contact, mql_time = z["contact"], z["mql_time"]
    cold = np.clip(np.log1p(np.maximum(contact - mql_time, 0) / 3600) / np.log1p(72), 0, 1)
    assess = contact + np.where(  # on the first call, or at a follow-up call a few days later
        rng.random(n) < 0.7, rng.integers(300, 3600, n), rng.integers(1, 5, n) * DAY
    )
    reached = rng.random(n) < 0.98 - 0.4 * cold
    assessed = z["contacted"] & reached & (assess < cal["end_sec"])
    proj, intent, rank = z["project"].astype(float), z["intent"], z["rank"]
    need = _level(rng, 0.7 + 2.3 * proj + 0.2 * intent - 0.8 * cold)
    timeline = _level(rng, 1.4 + 2.2 * proj + 0.15 * intent - 2.4 * cold)
    budget = _level(
        rng, 0.6 + 1.1 * proj + 0.2 * np.log10(z["emp"]) + 0.3 * proj * (z["burst_moy"] >= 4)
    )
    authority = _level(rng, np.array([2.7, 2.3, 1.5, 0.6])[rank])
    is_sql = assessed & (need >= SQL_MIN_NEED) & (timeline >= SQL_MIN_TIMELINE)
    levels = np.stack([budget, authority, need, timeline], axis=1)
    return {
        "assess": assess,
        "assessed": assessed,
        "budget": budget,
        "authority": authority,
        "need": need,
        "timeline": timeline,
        "is_sql": is_sql,
        "sql_time": np.where(is_sql, assess, -1),
        "note": np.where(levels.min(axis=1) >= 2, 4, np.argmin(levels, axis=1)),
    }


def _weakest_reason(need: np.ndarray, timeline: np.ndarray, budget: np.ndarray,
                    authority: np.ndarray) -> np.ndarray:  # fmt: skip
    """The reason sales gives for a lead that is not an SQL (REASONS order): no budget at all,
    else no authority at all, else no clear need, else timing undecided."""
    return np.select([budget == 0, authority == 0, need < SQL_MIN_NEED], [1, 2, 3], default=4)


def _feedback(rng: np.random.Generator, z: Arrays, cal: dict) -> Arrays:
    """Sales' feedback days after the call: the reason names the lead's real weakness.

    Reasons (REASONS order): qualified for an SQL; out of scope for students and
    competitors; could not reach when never assessed; else 10% chose a competitor and
    the rest name the lead's weakness (no budget, no authority, no need, else timing) —
    so "no budget" comes with small companies that browse a lot, "not the decision maker"
    with staff titles, "no clear need yet" with research-only behaviour. Verdicts: accepted (qualified), recycled (timing, not
    reached, most non-decision-makers, half of no budget), else rejected.
    """
    n = len(z["created"])
    give = (
        np.maximum(z["contact"], z["assess"]) // DAY + rng.integers(1, 14, n)
    ) * DAY + business_seconds(rng, n)
    gives = (
        z["contacted"]
        & (rng.random(n) < np.linspace(0.95, 0.7, len(REPS))[z["owner"]])
        & (give < cal["end_sec"])
    )
    weakest = _weakest_reason(z["need"], z["timeline"], z["budget"], z["authority"])
    reason = np.select(
        [z["is_sql"], z["student"] | z["competitor"], ~z["assessed"], rng.random(n) < 0.10],
        [0, 7, 6, 5],
        default=weakest,
    )
    draw = rng.random(n)
    verdict = np.select(  # 0 accepted, 1 rejected, 2 recycled
        [
            reason == 0,
            np.isin(reason, [4, 6])
            | ((reason == 2) & (draw < 0.6))
            | ((reason == 1) & (draw < 0.5)),
        ],
        [0, 2],
        default=1,
    )
    return {"give": give, "gives": gives, "reason": reason, "verdict": verdict}


# how likely a recycled lead comes back, by its reason (REASONS order)
_RETURN_BY_REASON = np.array([0.0, 0.6, 0.7, 0.0, 1.0, 0.0, 0.8, 0.0])


def _returns(rng: np.random.Generator, z: Arrays, cal: dict) -> Arrays:
    """Recycled leads that come back 3 weeks to 5 months later: a second call and verdict.

    Leads with a buying project come back most (timing undecided above all). The second
    call assesses BANT again — the project has moved on, so many now qualify (the lead's
    SQL moment is then that call) — and sales gives a second verdict days later.
    """
    n = len(z["created"])
    end_sec = cal["end_sec"]
    proj, intent = z["project"].astype(float), z["intent"]
    chance = sigmoid(-0.3 + 1.6 * proj + 0.4 * intent) * _RETURN_BY_REASON[z["reason"]]
    back = (z["give"] + (rng.uniform(20, 150, n) * DAY).astype(np.int64)) // DAY
    back = _next_weekday(back, rng, 1.0) * DAY + business_seconds(rng, n)
    returns = z["gives"] & (z["verdict"] == 2) & (rng.random(n) < chance) & (back < end_sec)
    need = _level(rng, 1.0 + 2.0 * proj + 0.2 * intent)
    timeline = _level(rng, 1.2 + 1.8 * proj)
    authority = np.maximum(z["authority"], np.where(z["reason"] == 2, 2, 0)).astype(np.int16)
    qualified = returns & (need >= SQL_MIN_NEED) & (timeline >= SQL_MIN_TIMELINE)
    give = (back // DAY + rng.integers(1, 7, n)) * DAY + business_seconds(rng, n)
    levels = np.stack([z["budget"], authority, need, timeline], axis=1)
    first_sql = z["is_sql"]
    return {
        "returns": returns,
        "back": back,
        "need2": need,
        "timeline2": timeline,
        "authority2": authority,
        "note2": np.where(levels.min(axis=1) >= 2, 4, np.argmin(levels, axis=1)),
        "give2": give,
        "gives2": returns & (give < end_sec),
        "verdict2": np.where(qualified, 0, 1),
        "reason2": np.where(qualified, 0, _weakest_reason(need, timeline, z["budget"], authority)),
        "is_sql": first_sql | qualified,
        "sql_time": np.where(first_sql, z["sql_time"], np.where(qualified, back, -1)),
    }


def draw_deals(rng: np.random.Generator, z: Arrays, cal: dict) -> Arrays:
    """Deals: from SQLs after their buying burst, a few from other MQLs, some sourced by sales.

    Example:
        >>> z, _, deals, cal = draw_company(np.random.default_rng(2), 300, date(2026, 10, 31), 0)
        >>> again = draw_deals(np.random.default_rng(9), z, cal)
        >>> bool((np.diff(again["created"]) >= 0).all()), bool((again["amount"] >= 3e5).all())
        (True, True)
    """
    n = len(z["created"])
    end_sec = cal["end_sec"]
    fit, intent = z["fit"], z["intent"]
    sql_deal = z["is_sql"] & (rng.random(n) < sigmoid(1.0 + 0.5 * fit + 0.3 * intent))
    mql_deal = z["assessed"] & ~z["is_sql"] & (rng.random(n) < 0.04)
    sales_deal = (z["mql_time"] < 0) & (rng.random(n) < np.minimum(0.08, 0.006 * np.exp(1.3 * fit)))
    lag = (rng.exponential(10.0, n) * DAY).astype(np.int64) + DAY
    deal_time = np.select(
        [sql_deal, mql_deal],
        [
            np.maximum(z["sql_time"], np.where(z["project"], z["burst_end"], 0)) + lag,
            z["assess"] + 7 * DAY + 3 * lag,
        ],
        default=z["created"] + (rng.uniform(20, 400, n) * DAY).astype(np.int64),
    )
    deal_time = (deal_time // DAY + 1) * DAY + business_seconds(rng, n)  # office hours
    real = ~z["student"] & ~z["competitor"]
    lead = np.flatnonzero((sql_deal | mql_deal | sales_deal) & real & (deal_time < end_sec))
    lead = lead[np.argsort(deal_time[lead], kind="stable")]
    m = len(lead)
    created = deal_time[lead]
    amount = np.clip(
        1.3e6 * (z["emp"][lead] / 100) ** 0.45 * np.exp(rng.normal(0, 0.55, m)), 3e5, 8e7
    ).round(-4)
    closed_at = _close_dates(rng, created, amount)
    won = rng.random(m) < sigmoid(_win_logit(z, lead, closed_at))
    closed = closed_at < end_sec
    elapsed = np.clip((end_sec - created) / np.maximum(closed_at - created, 1), 0, 0.999)
    stage = np.where(closed, np.where(won, 5, 4), (elapsed * 4).astype(np.int64))
    return {
        "lead": lead,
        "created": created,
        "amount": amount,
        "closed_at": closed_at,
        "closed": closed,
        "won": won & closed,
        "stage": stage,
        "link": choice(rng, m, [0.93, 0.05, 0.02]),  # 0 lead id, 1 e-mail only, 2 account only
        "lost_reason": np.where(
            closed & ~won, choice(rng, m, [r[2] for r in LOST_REASONS]), len(LOST_REASONS)
        ),
        "product": np.searchsorted(np.array([p[2] for p in PRODUCTS]), amount),
        "owner": z["owner"][lead],
    }


def _close_dates(rng: np.random.Generator, created: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """Close dates 1-6 months after creation (bigger deals later); Jan/Feb often slip to March."""
    m = len(created)
    duration = np.clip(np.exp(rng.normal(math.log(60), 0.45, m)) * (amount / 3e6) ** 0.15, 25, 185)
    closed_at = (created // DAY + duration.astype(np.int64)) * DAY + business_seconds(rng, m)
    close_month = months(closed_at)
    # fiscal-year end: deals due in Jan/Feb often slip to the end of March
    push = np.isin(close_month % 12, [0, 1]) & (rng.random(m) < 0.35)
    march = (np.datetime64("1970-01", "M") + (close_month // 12 * 12 + 2)).astype("datetime64[D]")
    march_sec = (march.astype(np.int64) + rng.integers(5, 31, m)) * DAY + 15 * 3600
    push &= march_sec <= created + 186 * DAY  # still within six months
    return np.where(push, march_sec, closed_at)


def _win_logit(z: Arrays, lead: np.ndarray, closed_at: np.ndarray) -> np.ndarray:
    """Log-odds of winning: fit, intent, buying, unsubscribing, close month, rep, segment."""
    moy = months(closed_at) % 12
    return (
        -1.9
        + 0.55 * z["fit"][lead]
        + 0.35 * z["intent"][lead]
        + 0.25 * np.log1p(z["buying"][lead])
        - 0.8 * z["unsub"][lead]
        + np.asarray(WIN_MONTH_EFFECT)[moy]
        + np.array([r[5] for r in REPS])[z["owner"][lead]]
        + pattern.SEGMENT_WIN_LOGIT * z["segment"][lead]
    )
