"""A realistic demo company: ``python -m analytics demo [--leads N] [--seed S] [--locale ja|en]``.

The company is a Japanese B2B vendor of an industrial IoT platform. Over the 24
months up to ``end`` it collects leads from forms, seminars, trade shows,
downloads, inquiries, list purchases, referrals and search; the leads browse,
read mail, attend webinars and ask for quotes; inside sales calls the MQLs,
assesses BANT and gives feedback; deals are won and lost in yen.

Everything is drawn with numpy from one seeded generator and assembled with
polars, without Python loops over leads or activities (loops run over a handful
of categories only), so 1M leads / ~20M activities take seconds. The modules:
:mod:`~analytics.store.demo.vocabulary` (the data tables: regions, prefectures,
industries, names, reps, campaigns, …), :mod:`~analytics.store.demo.draw` (the
hidden model, in numpy), :mod:`~analytics.store.demo.frames` (the tables, in
polars) and :mod:`~analytics.store.demo.generate` (:func:`generate_demo`,
:func:`load_demo`).

The hidden model (what later analyses should rediscover):

- **fit**: company size (a saturating effect of log employees), industry
  (manufacturing and IT best; education, other, healthcare worst), region
  (中部 and 首都圏 best, 沖縄/北海道 worst), title rank (director > executive >
  manager > staff), department (production engineering, maintenance, IT
  best); students and competitors are worthless, free-mail addresses poor.
- **intent** = 0.45 × fit + a source effect (inquiry ≫ referral > seminar;
  list import lowest) + noise. Intent (and fit) decide whether a lead has a
  buying **project**, which shows as a burst of buying behaviour (pricing and
  case-study views, price-list/ROI downloads, webinars, quote/demo requests)
  some weeks after creation; projects that would start in Jan–Mar often wait
  for April's new budget. Everyone else browses and reads mail in sessions
  that thin out over time (heavy-tailed counts, ~20 a lead); ~8% never engage
  (45% of purchased-list leads). Low intent makes unsubscribing likelier, and
  an unsubscribed lead wins less often and reads no more mail.
- **lifecycle facts** (``leads.mql_at``, ``first_contact_at``, ``sql_at``): the
  CRM's MQL moment is the first time fit points + behaviour points of the last
  90 days reach 65; the lead's owner (8 reps, typical delays from ~1 hour to
  ~3 days, office hours only) makes first contact, assesses BANT on the call
  (levels 0–3; need/timeline driven by the project, authority by title rank,
  budget by size; contact after more than 48 h lowers the timeline) and gives
  feedback days later; SQL means need ≥ 2 and timeline ≥ 2.
- **deals**: most SQLs open a deal after their buying burst; a few other MQLs
  do too, and sales sources some deals from high-fit leads that never became
  MQLs. Amounts grow with company size (¥300k–¥80M); deals close 1–6 months
  later, and those due in Jan–Feb often slip to March. Winning depends on
  fit, intent, buying activity, unsubscribing, the rep, and the close month
  (fiscal-year end in March best, then February; April and August worst).
  The most recent deals are still open. 5% of deals carry only the contact
  e-mail and 2% only an abbreviated account name (no lead id), to exercise
  linking.

Example:
    >>> frames = generate_demo(leads=200, seed=3)
    >>> sorted(frames)
    ['activities', 'bant', 'costs', 'deals', 'feedback', 'leads']
    >>> frames["leads"].height
    200
"""

from __future__ import annotations

from analytics.store.demo.generate import LOCALES, MAX_LEADS, generate_demo, load_demo
from analytics.store.demo.vocabulary import (
    CRM_MQL_THRESHOLD,
    CRM_WINDOW_DAYS,
    PREFECTURES,
    SQL_MIN_NEED,
    SQL_MIN_TIMELINE,
    STAGE_LOST,
    STAGE_WON,
    STAGES_OPEN,
)
from analytics.store.schema import polars_schema as demo_schema  # the frames' schema

__all__ = [
    "CRM_MQL_THRESHOLD",
    "CRM_WINDOW_DAYS",
    "LOCALES",
    "MAX_LEADS",
    "PREFECTURES",
    "SQL_MIN_NEED",
    "SQL_MIN_TIMELINE",
    "STAGES_OPEN",
    "STAGE_LOST",
    "STAGE_WON",
    "demo_schema",
    "generate_demo",
    "load_demo",
]
