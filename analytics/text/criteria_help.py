"""The criteria field reference in the reader's language.

:func:`analytics.criteria.criteria_reference` is the English table the README copies;
this module holds the Japanese wording of every key's type, default and meaning, so the
Scoring page shows the reference in the sidebar language. A key added to
:data:`analytics.criteria.fields.FIELDS` without a Japanese meaning fails
``tests/test_i18n.py`` (:func:`missing_translations`).

Example:
    >>> reference_markdown("ja").splitlines()[0]
    '| キー | 型 | 既定値 | 意味 |'
    >>> missing_translations()
    []
"""

from __future__ import annotations

from analytics.criteria.fields import ACTIVITY_TYPES, FIELDS, criteria_reference

_TYPES_JA: dict[str, str] = {
    "string": "文字列",
    "integer": "整数",
    "number": "数値",
    "number ≥ 0": "数値（0 以上）",
    "number > 0": "数値（0 より大）",
    "integer ≥ 0": "整数（0 以上）",
    "integer 0–3": "整数 0〜3",
    "array of tables": "テーブルの配列",
    "table": "テーブル",
    "table value -> points": "テーブル（値 → 点）",
    "table text -> points": "テーブル（文字列 → 点）",
    "string or list": "文字列またはリスト",
    "list of strings": "文字列のリスト",
}

_DEFAULTS_JA: dict[str, str] = {
    "required": "必須",
    "none": "なし",
    "any": "すべて",
    "-": "–",
    "not required": "条件にしない",
    "from min/max": "`min`/`max` から",
    "threshold": "しきい値と同じ",
}

_TYPES = ", ".join(f"`{t}`" for t in ACTIVITY_TYPES)

_MEANINGS_JA: dict[str, str] = {
    "name": "判定基準の名前（版どうしで共通）。",
    "version": "版番号。ドラフトを保存すると次の番号で保存されます。",
    "description": "自由記述：何をなぜ合意したか。",
    "threshold": "MQL しきい値：合計スコアが初めてこの値に達した時点でリードは MQL になります。",
    "fit_weight": "属性ルールの点数合計にかける重み。",
    "engagement_weight": "行動ルールの点数合計にかける重み（実務では属性より大きくします）。",
    "floor": "合計の下限（マイナス点でもこれより下がりません）。",
    "ceiling": "合計の上限。省略すると上限なし。",
    "fit": "属性ルール：リードが誰かによる点数。ルールごとに `[[fit]]` テーブルを 1 つ。",
    "fit[].name": "ルール名（一意）。説明に表示されます。",
    "fit[].label": "表示名（日本語など）。",
    "fit[].field": "ルールが読むリードの列（独自属性を含む任意の列）。",
    "fit[].bands": "数値の区分。最初に当てはまる区分を使います。`bands`・`values`・`contains` のどれか 1 つを指定。",
    "fit[].bands[].min": "区分の下限（この値を含む。省略すると下限なし）。",
    "fit[].bands[].max": "区分の上限（この値を含まない。省略すると上限なし）。",
    "fit[].bands[].points": "この区分の値に与える点数。",
    "fit[].bands[].label": "区分の表示名。",
    "fit[].values": '値（前後の空白を除く）ごとの点数。例：`{ "製造業" = 25 }`。',
    "fit[].contains": "文字列の一部ごとの点数。値が最初に含む断片を使います（大文字小文字を区別しない）。",
    "fit[].default": "値はあるが、どの区分・値・断片にも当てはまらないときの点数。",
    "fit[].missing": "値がない（空欄）ときの点数。",
    "engagement": "行動ルール：リードが何をしたかによる点数。ルールごとに `[[engagement]]` テーブルを 1 つ。",
    "engagement[].name": "ルール名（一意）。説明に表示されます。",
    "engagement[].label": "表示名（日本語など）。",
    "engagement[].type": f"対象の行動の種類：{_TYPES}（データにある任意の種類も可）。`type` か `field` を指定。",
    "engagement[].detail": "詳細・ページがこのいずれかと一致する行動だけを数えます。",
    "engagement[].detail_contains": "詳細・ページがこのいずれかを含む行動だけを数えます（大文字小文字を区別しない）。",
    "engagement[].campaign": "このいずれかのキャンペーンの行動だけを数えます。",
    "engagement[].field": "`type` の代わりに、集計値のリード列（例：`page_views`）を 1 単位ごとに採点。"
    "採点対象の行動がないリードだけに使います（集計値だけのエクスポート向け）。作成時点から数えます。",
    "engagement[].points": "1 回あたりの点数（配信停止などはマイナス）。",
    "engagement[].cap": "このルールがリードに与える点数の上限（絶対値、重みをかける前）。",
    "engagement[].window_days": "この日数より新しい行動だけを数えます。",
    "engagement[].half_life_days": "指数減衰：この日数が経った行動は半分の点数になります。",
    "sql_rule": "SQL 条件：必要な BANT 項目ごとの最低レベル（0 不明、1 低、2 中、3 高・明確）。"
    "評価で空欄の項目は 0（不明）なので、最低 0 はどの評価でも満たされます。",
    "sql_rule.budget": "予算（Budget）の最低レベル。",
    "sql_rule.authority": "決裁権（Authority）の最低レベル。",
    "sql_rule.need": "必要性（Need）の最低レベル。",
    "sql_rule.timeline": "導入時期（Timeline）の最低レベル。",
    "sla": "マーケティングと営業のサービスレベル合意（SLA）。",
    "sla.contact_hours": "営業は MQL になってからこの時間以内に初回接触します。",
    "sla.mql_per_month": "マーケティングが約束する月間 MQL 数。",
    "sla.min_score": "約束する MQL の最低スコア（質）。",
}


def missing_translations() -> list[str]:
    """Criteria keys, types or defaults that have no Japanese wording yet."""
    return [
        f"{s.path}: {part}"
        for s in FIELDS
        for part, known in (
            ("meaning", s.path in _MEANINGS_JA),
            ("type", s.type in _TYPES_JA),
            ("default", s.default in _DEFAULTS_JA or not s.default.isalpha()),
        )
        if not known
    ]


def reference_markdown(lang: str) -> str:
    """The criteria key reference as a Markdown table in ``lang`` (``en`` or ``ja``).

    Keys and literal values stay in backticks: they are what the TOML file holds.

    Example:
        >>> reference_markdown("en").splitlines()[0]
        '| key | type | default | meaning |'
        >>> "| `threshold` | 数値 | 100 |" in reference_markdown("ja")
        True
    """
    if lang != "ja":
        return criteria_reference()
    rows = ["| キー | 型 | 既定値 | 意味 |", "| --- | --- | --- | --- |"]
    for s in FIELDS:
        default = _DEFAULTS_JA.get(s.default, s.default)
        meaning = _MEANINGS_JA.get(s.path, s.help)
        rows.append(f"| `{s.path}` | {_TYPES_JA.get(s.type, s.type)} | {default} | {meaning} |")
    return "\n".join(rows)
