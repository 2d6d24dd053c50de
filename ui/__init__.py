"""The Streamlit side of Kakehashi, shared by ``app.py`` and every page (``import ui``).

- :mod:`ui.state` — session state: workspace path, language (:func:`tr`), period, criteria choice;
- :mod:`ui.cache` — the cached workspace connection and typed ``st.cache_data`` loaders;
- :mod:`ui.widgets` — how pages show errors, the empty state, charts, tables and KPI cards.

Together with ``app.py`` and ``pages/`` this is the only code that imports streamlit;
:mod:`analytics` never imports it (``tests/test_architecture.py``).
"""

from __future__ import annotations

from ui.cache import (
    clear_caches,
    criteria,
    get_workspace,
    load_behaviour_counts,
    load_conversion_table,
    load_data_period,
    load_features,
    load_replay,
    load_stage_matches,
    load_summary,
    load_whatif,
    load_whatif_sql_rules,
    load_whatif_sweep,
    load_whatif_weights,
    summary,
)
from ui.state import (
    CRITERIA_KEY,
    DB_KEY,
    LANG_KEY,
    PERIOD_BOUNDS_KEY,
    PERIOD_KEY,
    criteria_id,
    db_path,
    default_lang,
    labeller,
    lang,
    period,
    require_app,
    tr,
)
from ui.widgets import (
    chart,
    column_labels,
    conversion_columns,
    empty_state,
    format_kpi,
    kpi_delta,
    kpi_detail,
    kpi_significance,
    leads_in_period,
    month_kpis,
    page_replay,
    show_error,
    show_imports,
    show_kpi_cards,
    stop_with_error,
    translate_values,
)

__all__ = [
    "CRITERIA_KEY",
    "DB_KEY",
    "LANG_KEY",
    "PERIOD_BOUNDS_KEY",
    "PERIOD_KEY",
    "chart",
    "clear_caches",
    "column_labels",
    "conversion_columns",
    "criteria",
    "criteria_id",
    "db_path",
    "default_lang",
    "empty_state",
    "format_kpi",
    "get_workspace",
    "kpi_delta",
    "kpi_detail",
    "kpi_significance",
    "labeller",
    "lang",
    "leads_in_period",
    "load_behaviour_counts",
    "load_conversion_table",
    "load_data_period",
    "load_features",
    "load_replay",
    "load_stage_matches",
    "load_summary",
    "load_whatif",
    "load_whatif_sql_rules",
    "load_whatif_sweep",
    "load_whatif_weights",
    "month_kpis",
    "page_replay",
    "period",
    "require_app",
    "show_error",
    "show_imports",
    "show_kpi_cards",
    "stop_with_error",
    "summary",
    "tr",
    "translate_values",
]
