"""The demo's hidden interaction: a segment the additive default rules cannot express.

Mid-size companies (100–999 employees) in construction & real estate whose contact
attended a webinar **and** viewed the pricing page before the CRM's MQL moment win
their deals far more often than either fact alone suggests. The rules add points for
size, industry, webinars and pricing views separately, so they score these leads like
any other; a model with interactions (the gradient-boosted challenger) can find them.
The segment is a pure function of drawn facts: it takes nothing from the generator,
so every other demo number stays as it was.

Example:
    >>> import numpy as np
    >>> z = {"emp": np.array([300, 300, 50]), "ind": np.array([5, 0, 5]),
    ...      "mql_time": np.array([-1, -1, -1])}
    >>> act = {"lead": np.array([0, 0, 1, 1, 2, 2]), "time": np.arange(6),
    ...        "kind": np.array([16, 2, 16, 2, 16, 2])}
    >>> segment(z, act).tolist()
    [True, False, False]
"""

from __future__ import annotations

import numpy as np

SEGMENT_INDUSTRY = 5
"""Index of 建設・不動産 / Construction & Real Estate in ``vocabulary.INDUSTRIES``."""
SEGMENT_EMPLOYEES = (100, 1000)
"""Mid-size: at least 100 and fewer than 1,000 employees."""
WEBINAR_KINDS = (16, 17, 18)
PRICING_KIND = 2
SEGMENT_WIN_LOGIT = 2.0
"""Added to the log-odds of winning a deal of a segment lead."""


def segment(z: dict[str, np.ndarray], act: dict[str, np.ndarray]) -> np.ndarray:
    """Per lead: in the hidden segment (mid-size, the industry, webinar and pricing before MQL)."""
    n = len(z["emp"])
    cutoff = np.where(z["mql_time"] >= 0, z["mql_time"], np.iinfo(np.int64).max)
    before = act["time"] <= cutoff[act["lead"]]
    lead, kind = act["lead"][before], act["kind"][before]
    webinar = np.bincount(lead[np.isin(kind, WEBINAR_KINDS)], minlength=n) > 0
    pricing = np.bincount(lead[kind == PRICING_KIND], minlength=n) > 0
    low, high = SEGMENT_EMPLOYEES
    mid = (z["emp"] >= low) & (z["emp"] < high)
    return mid & (z["ind"] == SEGMENT_INDUSTRY) & webinar & pricing
