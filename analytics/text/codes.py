"""The reader's words for every code the product stores or computes (pure data).

Keys are ``code.<kind>.<code>``; :func:`analytics.text.format.label` looks them up,
so a page, chart, export or report never shows a raw code such as ``rejected``
or ``call_and_demo``. Kinds: ``stage`` (funnel), ``buying_stage``, ``priority``,
``action`` (score bands and buying-stage rules), ``order`` (band order flags),
``verdict``, ``status`` (criteria and imports), ``team``, ``outcome``, ``layer``,
``kind`` (import kinds), ``kpi``, ``split``, ``cohort``, ``title_rank``; ``response``
(response-time buckets), ``sla_item`` (the SLA scorecard), ``recycled_outcome``, ``owner``,
``reason`` (:data:`FEEDBACK_REASONS`), ``activity``
(activity types), ``page`` (page names), ``rule`` (the rule names of the shipped default criteria,
``criteria/default.toml``; in Japanese a rule's own ``label`` comes first:
:func:`analytics.text.format.rule_label`), ``source`` (common lead sources), ``column`` (the
canonical columns of every import kind), ``stage_rule`` / ``stage_rule_help`` (the shipped
buying-stage rules), ``preset`` (export formats), ``criteria_name`` (the shipped criteria),
``value`` (missing values).

A value outside a vocabulary (a user's own source or rule) is shown as written.
"""

from __future__ import annotations

# Sales' feedback reasons: (code, Japanese, English). The product offers them on the feedback
# page (an editable list) and the demo company's sales team uses them, so both speak alike.
FEEDBACK_REASONS: tuple[tuple[str, str, str], ...] = (
    ("qualified", "要件充足（ニーズ・時期が明確）", "Qualified: need and timeline clear"),
    ("no_budget", "予算なし", "No budget"),
    ("not_decision_maker", "決裁者でない", "Not the decision maker"),
    ("no_need", "ニーズ未顕在", "No clear need yet"),
    ("timing_undecided", "時期未定", "Timing undecided"),
    ("competitor_chosen", "競合採用", "Chose a competitor"),
    ("unreachable", "連絡不通", "Could not reach"),
    ("out_of_scope", "対象外（学生・競合）", "Out of scope (student, competitor)"),
)


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
            "lost": ("Lost", "失注"),
            "none": ("No outcome yet", "成果なし"),
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
    # criteria agreement (analytics.criteria.agreement, analytics.criteria.diff)
    **_codes(
        "action",
        {
            "save": ("Saved as draft", "下書き保存"),
            "propose": ("Proposed", "提案"),
            "sign": ("Signed", "署名"),
            "reject": ("Rejected", "差し戻し"),
            "agree": ("Agreed", "合意"),
            "retire": ("Retired", "廃止"),
        },
    ),
    **_codes(
        "step",
        {
            "save": ("saving", "保存"),
            "propose": ("proposing", "提案"),
            "sign": ("signing", "署名"),
            "reject": ("rejecting", "差し戻し"),
            "retire": ("retiring", "廃止"),
        },
    ),
    **_codes(
        "integrity",
        {
            "body_changed": (
                "Text changed outside Kakehashi (does not match its sha256)",
                "Kakehashi の外でテキストが変更されました（sha256 と不一致）",
            ),
            "signed_body_changed": (
                "Text differs from the text recorded when it was saved, proposed or signed",
                "保存・提案・署名の時に記録されたテキストと異なります",
            ),
            "status_changed": (
                "Status changed outside Kakehashi (not what the audit trail says)",
                "Kakehashi の外で状態が変更されました（監査記録と不一致）",
            ),
            "event_changed": (
                "Audit trail edited or deleted outside Kakehashi",
                "監査記録が Kakehashi の外で編集・削除されました",
            ),
            "signoff_changed": (
                "Sign-off edited outside Kakehashi (not in the audit trail)",
                "署名が Kakehashi の外で編集されました（監査記録にありません）",
            ),
        },
    ),
    **_codes(
        "change",
        {
            "added": ("added", "追加"),
            "removed": ("removed", "削除"),
            "changed": ("changed", "変更"),
        },
    ),
    # --- sla and feedback ---
    **_codes(
        "response",
        {
            "lt_1h": ("< 1 h", "1時間未満"),
            "h1_4": ("1–4 h", "1〜4時間"),
            "h4_24": ("4–24 h", "4〜24時間"),
            "d1_3": ("1–3 days", "1〜3日"),
            "gt_3d": ("> 3 days", "3日超"),
            "never": ("Never contacted", "未連絡"),
            "before_mql": ("Before the MQL moment", "MQL化前に連絡"),
        },
    ),
    **_codes(
        "sla_item",
        {
            "mql_volume": ("MQLs delivered", "MQL供給数"),
            "mql_quality": ("MQLs at the promised score", "品質基準を満たすMQL数"),
            "contact_in_sla": ("MQLs contacted within the SLA", "SLA内に連絡したMQL数"),
            "feedback_given": ("MQLs with feedback", "フィードバック済みMQL数"),
        },
    ),
    **_codes(
        "recycled_outcome",
        {
            "won": ("Won later", "その後受注"),
            "opportunity": ("Deal opened later", "その後商談化"),
            "sql": ("Reached SQL later", "その後SQL化"),
            "accepted_later": ("Accepted later", "その後受入"),
            "rejected_later": ("Rejected later", "その後却下"),
            "no_return": ("Not back yet", "まだ戻っていない"),
        },
    ),
    **_codes("owner", {"unassigned": ("(no owner)", "（担当者なし）")}),
    **_codes("reason", {code: (en, ja) for code, ja, en in FEEDBACK_REASONS}),
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
    # --- more vocabularies (sources, columns, buying-stage rules, presets, names, values) ---
    "code.status.rejected": {"en": "All rejected", "ja": "すべて除外"},
    "code.status.empty": {"en": "Empty", "ja": "空"},
    "code.source.web_form": {"en": "Web form", "ja": "Webフォーム"},
    "code.source.organic_search": {"en": "Organic search", "ja": "自然検索"},
    "code.source.paid_search": {"en": "Paid search", "ja": "検索広告"},
    "code.source.event": {"en": "Event", "ja": "展示会・イベント"},
    "code.source.seminar": {"en": "Seminar", "ja": "セミナー"},
    "code.source.referral": {"en": "Referral", "ja": "紹介"},
    "code.source.download": {"en": "Download", "ja": "資料ダウンロード"},
    "code.source.inquiry": {"en": "Inquiry", "ja": "お問い合わせ"},
    "code.source.list_import": {"en": "List import", "ja": "リスト取り込み"},
    "code.source.email": {"en": "Email", "ja": "メール"},
    "code.source.social": {"en": "Social media", "ja": "SNS"},
    "code.source.partner": {"en": "Partner", "ja": "パートナー"},
    "code.source.direct": {"en": "Direct", "ja": "直接"},
    "code.stage_rule.pricing_repeat": {
        "en": "Pricing page, repeatedly",
        "ja": "料金ページを繰り返し閲覧",
    },
    "code.stage_rule.inquiry": {"en": "Inquiry", "ja": "お問い合わせ"},
    "code.stage_rule.case_studies": {"en": "Case studies", "ja": "導入事例の閲覧"},
    "code.stage_rule.downloads": {
        "en": "Downloads or webinars",
        "ja": "資料ダウンロード・ウェビナー",
    },
    "code.stage_rule.company_page": {"en": "Company page only", "ja": "会社概要のみ閲覧"},
    "code.stage_rule_help.pricing_repeat": {
        "en": "Viewed the pricing page repeatedly: comparing vendors; call and offer a demo.",
        "ja": "料金ページを繰り返し閲覧：比較検討中。電話してデモを提案。",
    },
    "code.stage_rule_help.inquiry": {
        "en": "Sent an inquiry: an explicit request; call now.",
        "ja": "お問い合わせあり：明確な要望。すぐに電話。",
    },
    "code.stage_rule_help.case_studies": {
        "en": "Read case studies: gathering information; invite to a webinar.",
        "ja": "導入事例を閲覧：情報収集中。ウェビナーに招待。",
    },
    "code.stage_rule_help.downloads": {
        "en": "Downloaded material or attended a webinar: gathering information; invite to the next webinar.",
        "ja": "資料ダウンロードまたはウェビナー参加：情報収集中。次回のウェビナーに招待。",
    },
    "code.stage_rule_help.company_page": {
        "en": "Only looked at the company page: just aware of us; send educational content.",
        "ja": "会社概要のみ閲覧：認知段階。教育コンテンツを送る。",
    },
    "code.preset.auto": {"en": "Detected automatically", "ja": "自動判定"},
    "code.preset.hubspot": {"en": "HubSpot", "ja": "HubSpot"},
    "code.preset.salesforce": {"en": "Salesforce", "ja": "Salesforce"},
    "code.preset.marketo": {"en": "Marketo", "ja": "Marketo"},
    "code.preset.generic": {"en": "Other (generic)", "ja": "その他（汎用）"},
    "code.preset.demo": {"en": "Demo data", "ja": "デモデータ"},
    "code.criteria_name.default": {"en": "Default criteria", "ja": "標準の判定基準"},
    "code.value.not_set": {"en": "(not set)", "ja": "（未入力）"},
    "code.column.lead_id": {"en": "Lead ID", "ja": "リードID"},
    "code.column.created_at": {"en": "Created", "ja": "作成日時"},
    "code.column.source": {"en": "Source", "ja": "流入元"},
    "code.column.campaign": {"en": "Campaign", "ja": "キャンペーン"},
    "code.column.company": {"en": "Company", "ja": "会社名"},
    "code.column.industry": {"en": "Industry", "ja": "業種"},
    "code.column.employees": {"en": "Employees", "ja": "従業員数"},
    "code.column.employee_band": {"en": "Employees (band)", "ja": "従業員数（区分）"},
    "code.column.revenue_band": {"en": "Annual revenue (band)", "ja": "年商（区分）"},
    "code.column.annual_revenue": {"en": "Annual revenue (yen)", "ja": "年商（円）"},
    "code.column.prefecture": {"en": "Prefecture", "ja": "都道府県"},
    "code.column.region": {"en": "Region", "ja": "地域"},
    "code.column.country": {"en": "Country", "ja": "国"},
    "code.column.title": {"en": "Title", "ja": "役職"},
    "code.column.title_rank": {"en": "Title rank", "ja": "役職ランク"},
    "code.column.department": {"en": "Department", "ja": "部署"},
    "code.column.email": {"en": "Email", "ja": "メール"},
    "code.column.email_domain": {"en": "Email domain", "ja": "メールドメイン"},
    "code.column.owner": {"en": "Owner", "ja": "担当者"},
    "code.column.status": {"en": "Lead status", "ja": "リードステータス"},
    "code.column.page_views": {"en": "Page views (total)", "ja": "ページビュー数（合計）"},
    "code.column.time_on_site_s": {"en": "Time on site (s)", "ja": "サイト滞在時間（秒）"},
    "code.column.mql_at": {"en": "MQL date (CRM)", "ja": "MQL 日時（CRM）"},
    "code.column.sql_at": {"en": "SQL date (CRM)", "ja": "SQL 日時（CRM）"},
    "code.column.first_contact_at": {"en": "First contact", "ja": "初回接触日時"},
    "code.column.converted_at": {"en": "Converted", "ja": "商談化日時"},
    "code.column.converted": {"en": "Converted (lead)", "ja": "成約（リード）"},
    "code.column.lifecycle_stage": {"en": "Lifecycle stage", "ja": "ライフサイクルステージ"},
    "code.column.occurred_at": {"en": "Occurred", "ja": "発生日時"},
    "code.column.type": {"en": "Activity type", "ja": "行動の種類"},
    "code.column.detail": {"en": "Detail / page", "ja": "詳細・ページ"},
    "code.column.duration_s": {"en": "Duration (s)", "ja": "時間（秒）"},
    "code.column.deal_id": {"en": "Deal ID", "ja": "商談ID"},
    "code.column.account": {"en": "Account", "ja": "取引先"},
    "code.column.contact_email": {"en": "Contact email", "ja": "担当者メール"},
    "code.column.stage": {"en": "Stage", "ja": "ステージ"},
    "code.column.amount": {"en": "Amount", "ja": "金額"},
    "code.column.closed_at": {"en": "Closed", "ja": "完了日"},
    "code.column.is_won": {"en": "Won", "ja": "受注"},
    "code.column.lost_reason": {"en": "Lost reason", "ja": "失注理由"},
    "code.column.product": {"en": "Product", "ja": "製品"},
    "code.column.assessed_at": {"en": "Assessed", "ja": "評価日時"},
    "code.column.budget": {"en": "Budget", "ja": "予算"},
    "code.column.authority": {"en": "Authority", "ja": "決裁権"},
    "code.column.need": {"en": "Need", "ja": "ニーズ"},
    "code.column.timeline": {"en": "Timeline", "ja": "導入時期"},
    "code.column.assessed_by": {"en": "Assessed by", "ja": "評価者"},
    "code.column.note": {"en": "Note", "ja": "メモ"},
    "code.column.given_at": {"en": "Given", "ja": "記入日時"},
    "code.column.given_by": {"en": "Given by", "ja": "記入者"},
    "code.column.verdict": {"en": "Verdict", "ja": "判定"},
    "code.column.reason": {"en": "Reason", "ja": "理由"},
    "code.column.month": {"en": "Month", "ja": "月"},
    "code.column.channel": {"en": "Channel", "ja": "チャネル"},
    "code.bant.budget": {"en": "Budget", "ja": "予算"},
    "code.bant.authority": {"en": "Authority", "ja": "決裁権"},
    "code.bant.need": {"en": "Need", "ja": "ニーズ"},
    "code.bant.timeline": {"en": "Timeline", "ja": "導入時期"},
    "code.bant.any": {"en": "Any BANT assessment", "ja": "BANT 評価があれば可"},
}
