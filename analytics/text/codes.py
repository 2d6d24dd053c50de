"""The reader's words for every code the product stores or computes (pure data).

Keys are ``code.<kind>.<code>``; :func:`analytics.text.format.label` looks them up,
so a page, chart, export or report never shows a raw code such as ``rejected``
or ``call_and_demo``. Kinds: ``stage`` (funnel), ``buying_stage``, ``priority``,
``action`` (score bands and buying-stage rules), ``order`` (band order flags),
``verdict``, ``status`` (criteria and imports), ``team``, ``outcome``, ``layer``,
``kind`` (import kinds), ``kpi``, ``split``, ``cohort``, ``title_rank``, ``activity``
(canonical activity types), ``page`` (common web page names in an activity's detail),
``source`` (common lead sources), ``column`` (the canonical columns of every import kind), ``stage_rule`` / ``stage_rule_help`` (the shipped
buying-stage rules), ``preset`` (export formats), ``criteria_name`` (the shipped
criteria), ``value`` (missing values).

A value outside a vocabulary (a user's own source or rule) is shown as written.
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
            "nurture": ("Nurture", "ナーチャリング"),
            "change_approach": ("Change the approach", "アプローチを変える"),
            "call_and_demo": ("Call and offer a demo", "電話してデモを提案"),
            "webinar_invitation": ("Invite to a webinar", "ウェビナーに招待"),
            "educational_content": ("Send educational content", "教育コンテンツを送る"),
        },
    ),
    **_codes(
        "order",
        {
            "ok": ("In order", "問題なし"),
            "dip": ("Lower (within noise)", "低い（誤差の範囲）"),
            "breaks": ("Breaks the order", "順序が逆転"),
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
            "ok": ("OK", "完了"),
            "partial": ("Partly rejected", "一部除外"),
            "rejected": ("All rejected", "すべて除外"),
            "empty": ("Empty", "空"),
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
    # canonical activity types (analytics.criteria.fields.ACTIVITY_TYPES)
    **_codes(
        "activity",
        {
            "page_view": ("Page view", "ページ閲覧"),
            "download": ("Download", "資料ダウンロード"),
            "email_open": ("Email open", "メール開封"),
            "email_click": ("Email click", "メールクリック"),
            "webinar": ("Webinar", "ウェビナー参加"),
            "inquiry": ("Inquiry", "お問い合わせ"),
            "unsubscribe": ("Unsubscribe", "配信停止"),
            "form_submit": ("Form submission", "フォーム送信"),
        },
    ),
    # common page names in an activity's detail (others are shown as written)
    **_codes(
        "page",
        {
            "pricing": ("Pricing page", "料金ページ"),
            "case_study": ("Case studies", "導入事例"),
            "product": ("Product page", "製品ページ"),
            "blog": ("Blog", "ブログ"),
            "top": ("Top page", "トップページ"),
            "company": ("Company page", "会社概要"),
            "careers": ("Careers page", "採用ページ"),
        },
    ),
    # common lead sources (others are shown as written)
    **_codes(
        "source",
        {
            "web_form": ("Web form", "Webフォーム"),
            "organic_search": ("Organic search", "自然検索"),
            "paid_search": ("Paid search", "検索広告"),
            "event": ("Event", "展示会・イベント"),
            "seminar": ("Seminar", "セミナー"),
            "referral": ("Referral", "紹介"),
            "download": ("Download", "資料ダウンロード"),
            "inquiry": ("Inquiry", "お問い合わせ"),
            "list_import": ("List import", "リスト取り込み"),
            "email": ("Email", "メール"),
            "social": ("Social media", "SNS"),
            "partner": ("Partner", "パートナー"),
            "direct": ("Direct", "直接"),
        },
    ),
    # the shipped buying-stage rules (analytics.metrics.buying_stages.DEFAULT_STAGE_RULES)
    **_codes(
        "stage_rule",
        {
            "pricing_repeat": ("Pricing page, repeatedly", "料金ページを繰り返し閲覧"),
            "inquiry": ("Inquiry", "お問い合わせ"),
            "case_studies": ("Case studies", "導入事例の閲覧"),
            "downloads": ("Downloads or webinars", "資料ダウンロード・ウェビナー"),
            "company_page": ("Company page only", "会社概要のみ閲覧"),
        },
    ),
    **_codes(
        "stage_rule_help",
        {
            "pricing_repeat": (
                "Viewed the pricing page repeatedly: comparing vendors; call and offer a demo.",
                "料金ページを繰り返し閲覧：比較検討中。電話してデモを提案。",
            ),
            "inquiry": (
                "Sent an inquiry: an explicit request; call now.",
                "お問い合わせあり：明確な要望。すぐに電話。",
            ),
            "case_studies": (
                "Read case studies: gathering information; invite to a webinar.",
                "導入事例を閲覧：情報収集中。ウェビナーに招待。",
            ),
            "downloads": (
                "Downloaded material or attended a webinar: gathering information; "
                "invite to the next webinar.",
                "資料ダウンロードまたはウェビナー参加：情報収集中。次回のウェビナーに招待。",
            ),
            "company_page": (
                "Only looked at the company page: just aware of us; send educational content.",
                "会社概要のみ閲覧：認知段階。教育コンテンツを送る。",
            ),
        },
    ),
    # export formats of an import (analytics.store.ingest.PRESETS, and the demo loader)
    **_codes(
        "preset",
        {
            "auto": ("Detected automatically", "自動判定"),
            "hubspot": ("HubSpot", "HubSpot"),
            "salesforce": ("Salesforce", "Salesforce"),
            "marketo": ("Marketo", "Marketo"),
            "generic": ("Other (generic)", "その他（汎用）"),
            "demo": ("Demo data", "デモデータ"),
        },
    ),
    # the name of the criteria shipped with the product (criteria/default.toml)
    **_codes("criteria_name", {"default": ("Default criteria", "標準の判定基準")}),
    **_codes("value", {"not_set": ("(not set)", "（未入力）")}),
    # the canonical columns of every import kind (analytics.store.presets.COLUMNS)
    **_codes(
        "column",
        {
            "lead_id": ("Lead ID", "リードID"),
            "created_at": ("Created", "作成日時"),
            "source": ("Source", "流入元"),
            "campaign": ("Campaign", "キャンペーン"),
            "company": ("Company", "会社名"),
            "industry": ("Industry", "業種"),
            "employees": ("Employees", "従業員数"),
            "annual_revenue": ("Annual revenue (yen)", "年商（円）"),
            "prefecture": ("Prefecture", "都道府県"),
            "region": ("Region", "地域"),
            "country": ("Country", "国"),
            "title": ("Title", "役職"),
            "title_rank": ("Title rank", "役職ランク"),
            "department": ("Department", "部署"),
            "email": ("Email", "メール"),
            "email_domain": ("Email domain", "メールドメイン"),
            "owner": ("Owner", "担当者"),
            "status": ("Lead status", "リードステータス"),
            "page_views": ("Page views (total)", "ページビュー数（合計）"),
            "time_on_site_s": ("Time on site (s)", "サイト滞在時間（秒）"),
            "mql_at": ("MQL date (CRM)", "MQL 日時（CRM）"),
            "sql_at": ("SQL date (CRM)", "SQL 日時（CRM）"),
            "first_contact_at": ("First contact", "初回接触日時"),
            "converted_at": ("Converted", "商談化日時"),
            "occurred_at": ("Occurred", "発生日時"),
            "type": ("Activity type", "行動の種類"),
            "detail": ("Detail / page", "詳細・ページ"),
            "duration_s": ("Duration (s)", "時間（秒）"),
            "deal_id": ("Deal ID", "商談ID"),
            "account": ("Account", "取引先"),
            "contact_email": ("Contact email", "担当者メール"),
            "stage": ("Stage", "ステージ"),
            "amount": ("Amount", "金額"),
            "closed_at": ("Closed", "完了日"),
            "is_won": ("Won", "受注"),
            "lost_reason": ("Lost reason", "失注理由"),
            "product": ("Product", "製品"),
            "assessed_at": ("Assessed", "評価日時"),
            "budget": ("Budget", "予算"),
            "authority": ("Authority", "決裁権"),
            "need": ("Need", "ニーズ"),
            "timeline": ("Timeline", "導入時期"),
            "assessed_by": ("Assessed by", "評価者"),
            "note": ("Note", "メモ"),
            "given_at": ("Given", "記入日時"),
            "given_by": ("Given by", "記入者"),
            "verdict": ("Verdict", "判定"),
            "reason": ("Reason", "理由"),
            "month": ("Month", "月"),
            "channel": ("Channel", "チャネル"),
        },
    ),
    # the BANT items of an SQL rule (analytics.criteria.sql_rule.BANT_ITEMS)
    **_codes(
        "bant",
        {
            "budget": ("Budget", "予算"),
            "authority": ("Authority", "決裁権"),
            "need": ("Need", "ニーズ"),
            "timeline": ("Timeline", "導入時期"),
            "any": ("Any BANT assessment", "BANT 評価があれば可"),
        },
    ),
}
