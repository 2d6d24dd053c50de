"""The reader's words for every code the product stores or computes (pure data).

Keys are ``code.<kind>.<code>``; :func:`analytics.text.format.label` looks them up,
so a page, chart, export or report never shows a raw code such as ``rejected``
or ``call_and_demo``. Kinds: ``stage`` (funnel), ``buying_stage``, ``priority``,
``action`` (score bands and buying-stage rules), ``order`` (band order flags),
``verdict``, ``status`` (criteria and imports), ``team``, ``outcome``, ``layer``,
``kind`` (import kinds), ``kpi``, ``split``, ``cohort``, ``title_rank``, ``activity``
(activity types), ``page`` (page names) and ``rule`` (the rule names of the shipped default criteria,
``criteria/default.toml``; in Japanese a rule's own ``label`` comes first:
:func:`analytics.text.format.rule_label`).
"""

from __future__ import annotations


def _codes(kind: str, table: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    return {f"code.{kind}.{code}": {"en": en, "ja": ja} for code, (en, ja) in table.items()}


CODES: dict[str, dict[str, str]] = {
    **_codes(
        "stage",
        {
            "lead": ("Lead", "リード"),
            "mql": ("MQL", "MQL"),
            "sql": ("SQL", "SQL"),
            "opportunity": ("Opportunity", "商談"),
            "won": ("Won", "受注"),
            "lost": ("Lost", "失注"),
            "sales_sourced": ("Sales-sourced (not via MQL)", "営業起点（MQL経由でない）"),
        },
    ),
    **_codes(
        "buying_stage",
        {
            "comparison": ("Comparison", "比較検討"),
            "information_gathering": ("Information gathering", "情報収集"),
            "awareness": ("Awareness", "認知"),
            "none": ("No recent signal", "最近の行動なし"),
        },
    ),
    **_codes(
        "priority", {"high": ("High", "高"), "medium": ("Medium", "中"), "low": ("Low", "低")}
    ),
    **_codes(
        "action",
        {
            "keep_strengthen": ("Keep and strengthen", "維持・強化"),
            "review_criteria": ("Review the criteria", "基準を見直す"),
            "nurture": ("Nurture", "育成"),
            "change_approach": ("Change the approach", "アプローチを変える"),
            "call_and_demo": ("Call and offer a demo", "電話してデモを提案"),
            "webinar_invitation": ("Invite to a webinar", "ウェビナーに招待"),
            "educational_content": ("Send educational content", "教育コンテンツを送る"),
        },
    ),
    **_codes(
        "order",
        {
            "ok": ("In order", "順当"),
            "dip": ("Lower than the band below", "下の帯より低い"),
            "breaks": ("Breaks the order", "順序が崩れている"),
        },
    ),
    **_codes(
        "verdict",
        {
            "accepted": ("Accepted", "受入"),
            "rejected": ("Rejected", "却下"),
            "recycled": ("Recycled", "差し戻し"),
            "mql": ("MQL", "MQL"),
            "lost": ("Lost", "失注"),
        },
    ),
    **_codes(
        "status",
        {
            "draft": ("Draft", "下書き"),
            "proposed": ("Proposed", "提案中"),
            "agreed": ("Agreed", "合意済み"),
            "retired": ("Retired", "廃止"),
            "default": ("Shipped default (not agreed)", "初期設定（未合意）"),
            "file": ("File (not saved)", "ファイル（未保存）"),
            "ok": ("OK", "正常"),
            "partial": ("Partly rejected", "一部除外"),
            "failed": ("Failed", "失敗"),
        },
    ),
    **_codes("team", {"marketing": ("Marketing", "マーケティング"), "sales": ("Sales", "営業")}),
    **_codes(
        "outcome",
        {
            "sql": ("SQL", "SQL"),
            "won": ("Won", "受注"),
            "mql": ("MQL", "MQL"),
            "opportunity": ("Opportunity", "商談"),
        },
    ),
    **_codes(
        "layer",
        {
            "fit": ("Fit", "属性"),
            "engagement": ("Engagement", "行動"),
            "adjustment": ("Floor/ceiling adjustment", "下限・上限の調整"),
        },
    ),
    **_codes(
        "kind",
        {
            "leads": ("Leads", "リード"),
            "activities": ("Activities", "行動履歴"),
            "deals": ("Deals", "商談"),
            "bant": ("BANT assessments", "BANT評価"),
            "feedback": ("Sales feedback", "営業フィードバック"),
            "costs": ("Costs", "コスト"),
            "demo": ("Demo data", "デモデータ"),
        },
    ),
    **_codes(
        "split",
        {
            "source": ("Source", "流入元"),
            "campaign": ("Campaign", "キャンペーン"),
            "industry": ("Industry", "業種"),
            "region": ("Region", "地域"),
            "owner": ("Owner", "担当者"),
        },
    ),
    **_codes(
        "cohort",
        {
            "lead_month": ("by lead month", "リード作成月ベース"),
            "mql_month": ("by MQL month", "MQL月ベース"),
            "sql_month": ("by SQL month", "SQL月ベース"),
            "won_month": ("by won month", "受注月ベース"),
            "cost_month": ("by cost month", "コスト計上月ベース"),
        },
    ),
    # the canonical title ranks (DESIGN §1), as values of the lead column title_rank
    **_codes(
        "title_rank",
        {
            "executive": ("Executive", "役員"),
            "director": ("Director (部長)", "部長"),
            "manager": ("Manager (課長)", "課長"),
            "staff": ("Staff", "担当"),
        },
    ),
    # activity types (activities.type) of the demo and the vendor presets
    **_codes(
        "activity",
        {
            "page_view": ("Page view", "ページ閲覧"),
            "email_open": ("Email open", "メール開封"),
            "email_click": ("Email click", "メールクリック"),
            "download": ("Download", "資料ダウンロード"),
            "webinar": ("Webinar", "ウェビナー"),
            "inquiry": ("Inquiry", "お問い合わせ"),
            "form_submit": ("Form submission", "フォーム送信"),
            "unsubscribe": ("Unsubscribe", "配信停止"),
        },
    ),
    # page names of page views (activities.detail) in the demo; a real URL is shown as written
    **_codes(
        "page",
        {
            "pricing": ("Pricing page", "料金ページ"),
            "case_study": ("Case study page", "導入事例ページ"),
            "product": ("Product page", "製品ページ"),
            "company": ("Company page", "会社概要ページ"),
            "careers": ("Careers page", "採用ページ"),
            "blog": ("Blog", "ブログ"),
            "top": ("Top page", "トップページ"),
        },
    ),
    # the rules of the shipped default criteria (criteria/default.toml), by rule name
    **_codes(
        "rule",
        {
            "employees": ("Employees", "従業員数"),
            "annual_revenue": ("Annual revenue", "年商"),
            "industry": ("Industry", "業種"),
            "region": ("Region", "地域"),
            "title_rank": ("Title rank", "役職"),
            "pricing_page": ("Pricing page views", "料金ページ閲覧"),
            "case_study": ("Case study views", "導入事例閲覧"),
            "product_page": ("Product page views", "製品ページ閲覧"),
            "company_page": ("Company page views", "会社概要閲覧"),
            "other_pages": ("Other page views", "その他ページ閲覧"),
            "careers_page": ("Careers page views", "採用ページ閲覧"),
            "download": ("Downloads", "資料ダウンロード"),
            "webinar": ("Webinar attendance", "ウェビナー参加"),
            "inquiry": ("Inquiries", "お問い合わせ"),
            "form_submit": ("Form submissions", "フォーム送信"),
            "email_click": ("Email clicks", "メールクリック"),
            "email_open": ("Email opens", "メール開封"),
            "unsubscribe": ("Unsubscribed", "配信停止"),
            "page_views_aggregate": ("Page views (aggregate only)", "ページビュー数（集計のみ）"),
        },
    ),
}
