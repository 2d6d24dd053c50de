"""Declarative import tables: canonical columns, header synonyms and vendor presets.

Everything here is data with help text (DESIGN §6.6); ``tests/test_presets.py``
checks that every entry is valid (every column's value parser produces its DuckDB
type, every preset header maps to a canonical column of its kind, every entry has
help text).

- :data:`COLUMNS`: per import kind, the canonical columns an importer can fill,
  with their value parser (``value``), whether they are required or part of the
  upsert key, and a one-line help — derived from :data:`analytics.store.schema.SCHEMA`,
  where the tables are declared.
- :data:`SYNONYMS`: per kind, canonical column -> header spellings (English and
  Japanese) used by the ``auto`` preset; headers are compared after
  :func:`normalize_header` (NFKC, lower case, no spaces/punctuation), and a header
  within similarity 0.88 of a synonym also matches.
- :data:`PRESETS`: vendor export layouts (HubSpot, Salesforce in English and
  Japanese, Marketo) — exact header -> canonical column per kind.
- :data:`TITLE_RANKS`: job-title patterns -> ``title_rank`` (executive, director,
  manager, staff), used when a file has a title but no rank.

Example:
    >>> normalize_header(" Lead ID ") == normalize_header("lead_id") == normalize_header("リード ID".replace("リード", "lead"))
    True
    >>> [c.name for c in COLUMNS["costs"] if c.required]
    ['month', 'channel', 'amount']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from analytics.store.schema import DATA_TABLES, Column, import_columns

# Value parsers a canonical column can use (see analytics.store.ingest.parsing):
VALUE_TYPES: dict[str, str] = {
    "id": "identifier: NFKC text, trimmed; empty is an error where required",
    "text": "short text: NFKC-normalised, trimmed, empty -> NULL",
    "free": "free text kept as written (only trimmed), empty -> NULL",
    "timestamp": "date or date-time (ISO, 2025/8/5, 2025年8月25日, DD-MM-YYYY, M/D/YYYY H:MM)",
    "int": "whole number >= 0 (1,234, １，２３４, 5千)",
    "amount": "money or size >= 0 (¥1,200, $1,200.50, 10億円, 5,000万円)",
    "float": "number >= 0",
    "bool": "yes/no (TRUE/1/yes/はい/成立/won vs FALSE/0/no/いいえ/失注/lost)",
    "level": "BANT level 0-3 (none/low/medium/high, 不明/低/中/高, no/yes, なし/あり)",
    "verdict": "accepted|rejected|recycled (受入/却下/差し戻し)",
    "month": "month (2025-04, 2025/4, 2025年4月)",
    "lifecycle": "lifecycle stage: lead|mql|sql|opportunity|customer (vendor and Japanese words)",
}

# The DuckDB types each value parser produces (checked against the schema by the tests).
SQL_TYPES: dict[str, tuple[str, ...]] = {
    "id": ("VARCHAR",),
    "text": ("VARCHAR",),
    "free": ("VARCHAR",),
    "timestamp": ("TIMESTAMP",),
    "int": ("BIGINT",),
    "amount": ("DOUBLE",),
    "float": ("DOUBLE",),
    "bool": ("BOOLEAN",),
    "level": ("SMALLINT",),
    "verdict": ("VARCHAR",),
    "month": ("DATE",),
    "lifecycle": ("VARCHAR",),
}

# The canonical lifecycle stages, in funnel order, and the words exports use for each
# (compared NFKC-normalised, lower case, without spaces and punctuation): HubSpot's
# lifecycle stages, Salesforce's and Marketo's lead statuses, Japanese CRM words.
LIFECYCLE_STAGES: dict[str, tuple[str, ...]] = {
    "lead": (
        "lead",
        "subscriber",
        "new",
        "open",
        "open - not contacted",
        "working - contacted",
        "contacted",
        "nurture",
        "other",
        "リード",
        "見込み客",
        "新規",
        "購読者",
        "未対応",
        "対応中",
        "育成",
    ),
    "mql": (
        "mql",
        "marketingqualifiedlead",
        "marketing qualified lead",
        "marketing qualified",
        "マーケティング見込み客",
        "ホットリード",
    ),
    "sql": (
        "sql",
        "salesqualifiedlead",
        "sales qualified lead",
        "sales qualified",
        "sal",
        "sales accepted lead",
        "営業見込み客",
        "商談見込み",
    ),
    "opportunity": ("opportunity", "opp", "商談", "商談化", "案件", "提案中"),
    "customer": (
        "customer",
        "evangelist",
        "closed won",
        "won",
        "closed - converted",
        "converted",
        "顧客",
        "既存顧客",
        "受注",
        "成約",
        "契約",
        "取引開始",
    ),
}

# Values that stand for "not filled in" in form exports: treated as missing (null) in every
# column and reported in the import notes; a mapping's [options] placeholders replaces them.
PLACEHOLDERS: tuple[str, ...] = (
    "select", "--", "-", "---", "n/a", "na", "#n/a", "none", "null", "nil", "(none)",
    "(blank)", "not set", "unknown value", "未選択", "選択してください", "未設定", "ー", "―",
)  # fmt: skip

# Lead statuses that mean the lead converted (Salesforce's "Closed - Converted" …): a
# lead whose status is one of these counts as converted when the file has no Converted column.
CONVERTED_STATUSES: tuple[str, ...] = (
    "closed - converted", "converted", "qualified - converted", "成約", "受注", "取引開始済み",
)  # fmt: skip


# The canonical columns each import kind can fill: derived from the tables (analytics.store.schema).
COLUMNS: dict[str, tuple[Column, ...]] = {kind: import_columns(kind) for kind in DATA_TABLES}

# Header spellings per canonical column for the `auto` preset (compared normalised).
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "leads": {
        "lead_id": ("lead_id", "Lead ID", "Prospect ID", "Lead Number", "Record ID", "Contact ID",
                    "Id", "mql_id", "リードID", "リード ID", "見込み客ID", "顧客ID", "リード番号"),
        "created_at": ("created_at", "Create Date", "Created Date", "Created At", "Created",
                       "作成日", "作成日時", "登録日", "登録日時", "獲得日",
                       "Became a Lead Date"),
        "source": ("source", "Lead Source", "Original Source", "Lead Origin", "origin", "Channel",
                   "リードソース", "流入元", "獲得経路", "ソース"),
        "campaign": ("campaign", "Campaign", "Campaign Name", "Acquisition Program", "キャンペーン",
                     "キャンペーン名", "施策"),
        "company": ("company", "Company", "Company Name", "Account Name", "Organization",
                    "Company / Account", "会社名", "企業名", "会社", "取引先名"),
        "industry": ("industry", "Industry", "Sector", "業種", "業界"),
        "employees": ("employees", "Number of Employees", "No. of Employees", "Employees",
                      "Num Employees", "Employee Count", "従業員数", "社員数"),
        "annual_revenue": ("annual_revenue", "Annual Revenue", "Revenue", "年間売上", "年商",
                           "売上高", "年間売上高"),
        "prefecture": ("prefecture", "State/Region", "State", "State/Province", "Prefecture",
                       "都道府県", "所在地"),
        "region": ("region", "Region", "地域", "エリア"),
        "country": ("country", "Country", "Country/Region", "国", "国名"),
        "title": ("title", "Job Title", "Title", "役職", "役職名", "肩書き"),
        "title_rank": ("title_rank", "Title Rank", "Job Level", "Seniority", "役職ランク", "職位"),
        "department": ("department", "Department", "部署", "部署名", "部門"),
        "email": ("email", "Email", "Email Address", "E-mail", "メール", "メールアドレス"),
        "email_domain": ("email_domain", "Email Domain", "ドメイン", "メールドメイン"),
        "owner": ("owner", "Lead Owner", "Contact owner", "Owner", "担当者", "リード所有者", "所有者"),
        "status": ("status", "Lead Status", "Status", "リード状況", "ステータス", "状況"),
        "converted": ("converted", "Converted", "Is Converted", "is_converted", "Won", "成約",
                      "受注", "成約済み", "取引開始済み", "コンバート済み", "商談化", "y", "target",
                      "Outcome", "Conversion", "Converted (0/1)", "受注フラグ", "成約フラグ"),
        "lifecycle_stage": ("lifecycle_stage", "Lifecycle Stage", "Lead Stage", "Lifecycle",
                            "ライフサイクルステージ", "ライフサイクル", "リードステージ"),
        "page_views": ("page_views", "Page Views", "Number of Pageviews", "TotalVisits",
                       "ページビュー", "閲覧数"),
        "time_on_site_s": ("time_on_site_s", "Total Time Spent on Website", "Time on Site",
                           "滞在時間"),
        "mql_at": ("mql_at", "Became a Marketing Qualified Lead Date", "MQL Date", "MQL日"),
        "sql_at": ("sql_at", "Became a Sales Qualified Lead Date", "SQL Date", "SQL日"),
        "first_contact_at": ("first_contact_at", "First Contact Date", "初回接触日", "初回コンタクト日"),
        "converted_at": ("converted_at", "Converted Date", "Became a Customer Date",
                         "取引開始日", "コンバート日"),
    },
    "activities": {
        "lead_id": ("lead_id", "Lead ID", "leadId", "Prospect ID", "Contact ID", "Record ID",
                    "リードID", "リード ID"),
        "occurred_at": ("occurred_at", "Activity Date", "activityDate", "Date/Time", "Date",
                        "Timestamp", "Occurred At", "日時", "発生日時", "活動日"),
        "type": ("type", "Activity Type", "activityTypeId", "Event", "Event Type", "活動種別",
                 "種別", "アクション"),
        "detail": ("detail", "Detail", "Details", "primaryAttributeValue", "Page", "URL",
                   "Asset", "詳細", "ページ", "内容"),
        "duration_s": ("duration_s", "Duration", "Duration (s)", "滞在時間", "秒数"),
        "campaign": ("campaign", "Campaign", "Campaign Name", "キャンペーン"),
    },
    "deals": {
        "deal_id": ("deal_id", "Deal ID", "Opportunity ID", "opportunity_id", "Record ID",
                    "商談ID", "商談 ID", "案件ID"),
        "lead_id": ("lead_id", "Lead ID", "mql_id", "リードID", "リード ID"),
        "account": ("account", "Account Name", "Account", "Associated Company", "Company",
                    "取引先名", "取引先 名", "会社名"),
        "contact_email": ("contact_email", "Contact Email", "Email", "メールアドレス"),
        "created_at": ("created_at", "Create Date", "Created Date", "engage_date", "作成日"),
        "stage": ("stage", "Deal Stage", "Stage", "deal_stage", "フェーズ", "ステージ"),
        "amount": ("amount", "Amount", "close_value", "Value", "金額", "受注金額"),
        "closed_at": ("closed_at", "Close Date", "close_date", "won_date", "完了予定日", "完了日",
                      "受注日"),
        "is_won": ("is_won", "Won", "Is Closed Won", "成立", "受注"),
        "lost_reason": ("lost_reason", "Closed Lost Reason", "Loss Reason", "失注理由"),
        "owner": ("owner", "Deal owner", "Opportunity Owner", "sales_agent", "商談 所有者",
                  "担当者"),
        "product": ("product", "Product", "製品", "商品"),
    },
    "bant": {
        "lead_id": ("lead_id", "Lead ID", "リードID", "リード ID"),
        "assessed_at": ("assessed_at", "Assessed At", "Date", "評価日", "ヒアリング日"),
        "budget": ("budget", "Budget", "予算"),
        "authority": ("authority", "Authority", "決裁権", "決裁者"),
        "need": ("need", "Need", "ニーズ", "必要性"),
        "timeline": ("timeline", "Timeline", "導入時期", "時期"),
        "assessed_by": ("assessed_by", "Assessed By", "評価者", "担当者"),
        "note": ("note", "Note", "Notes", "メモ", "備考"),
    },
    "feedback": {
        "lead_id": ("lead_id", "Lead ID", "リードID", "リード ID"),
        "given_at": ("given_at", "Given At", "Date", "日付", "回答日"),
        "given_by": ("given_by", "Given By", "回答者", "担当者"),
        "verdict": ("verdict", "Verdict", "Result", "判定", "結果"),
        "reason": ("reason", "Reason", "理由", "コメント"),
    },
    "costs": {
        "month": ("month", "Month", "月", "年月", "対象月"),
        "channel": ("channel", "Channel", "Source", "チャネル", "媒体"),
        "amount": ("amount", "Amount", "Cost", "Spend", "費用", "金額", "広告費"),
    },
}  # fmt: skip

# Lead headers that are no canonical column but have a known meaning: kept as a custom
# attribute under this name (type still inferred from the values).
NAMED_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "lead_score": ("Lead Score", "Score", "リードスコア", "スコア"),
}


@dataclass(frozen=True)
class Preset:
    """A vendor export layout: exact headers -> canonical columns, per kind."""

    name: str
    help: str
    headers: dict[str, dict[str, str]]


PRESETS: dict[str, Preset] = {
    "hubspot": Preset(
        "hubspot",
        "HubSpot CRM exports: Contacts (leads) and Deals, English headers",
        {
            "leads": {
                "Record ID": "lead_id", "Create Date": "created_at",
                "Original Source": "source", "Original Source Drill-Down 1": "campaign",
                "Company Name": "company", "Industry": "industry",
                "Number of Employees": "employees", "Annual Revenue": "annual_revenue",
                "State/Region": "prefecture", "Country/Region": "country",
                "Job Title": "title", "Email": "email", "Contact owner": "owner",
                "Lead Status": "status", "Number of Pageviews": "page_views",
                "Lifecycle Stage": "lifecycle_stage",
                "Became a Marketing Qualified Lead Date": "mql_at",
                "Became a Sales Qualified Lead Date": "sql_at",
                "Became a Customer Date": "converted_at",
            },
            "deals": {
                "Record ID": "deal_id", "Create Date": "created_at", "Deal Stage": "stage",
                "Amount": "amount", "Close Date": "closed_at", "Deal owner": "owner",
                "Associated Company": "account", "Associated Contact": "contact_email",
                "Is Closed Won": "is_won", "Closed Lost Reason": "lost_reason",
                "Product": "product",
            },
        },
    ),
    "salesforce": Preset(
        "salesforce",
        "Salesforce lead and opportunity reports, English or Japanese headers",
        {
            "leads": {
                "Lead ID": "lead_id", "Created Date": "created_at", "Create Date": "created_at",
                "Lead Source": "source", "Company / Account": "company", "Company": "company",
                "Industry": "industry", "No. of Employees": "employees",
                "Annual Revenue": "annual_revenue", "State/Province": "prefecture",
                "Country": "country", "Title": "title", "Email": "email",
                "Lead Owner": "owner", "Lead Status": "status",
                "Converted Date": "converted_at",
                "リード ID": "lead_id", "作成日": "created_at", "リードソース": "source",
                "会社名": "company", "業種": "industry", "従業員数": "employees",
                "年間売上": "annual_revenue", "都道府県": "prefecture", "国": "country",
                "役職": "title", "メール": "email", "リード所有者": "owner",
                "リード状況": "status", "取引開始日": "converted_at",
            },
            "deals": {
                # ids first: a report without an id column uses the opportunity name as id
                "Opportunity ID": "deal_id", "商談 ID": "deal_id",
                "Opportunity Name": "deal_id", "商談 名": "deal_id",
                "Account Name": "account", "Stage": "stage", "Amount": "amount",
                "Close Date": "closed_at", "Created Date": "created_at", "Won": "is_won",
                "Opportunity Owner": "owner", "Loss Reason": "lost_reason",
                "Product": "product",
                "取引先 名": "account",
                "フェーズ": "stage", "金額": "amount", "完了予定日": "closed_at",
                "作成日": "created_at", "成立": "is_won", "商談 所有者": "owner",
                "失注理由": "lost_reason",
            },
        },
    ),
    "marketo": Preset(
        "marketo",
        "Marketo lead list exports and activity-log / bulk activity exports",
        {
            "leads": {
                "Id": "lead_id", "Created At": "created_at", "Lead Source": "source",
                "Acquisition Program": "campaign", "Company Name": "company",
                "Industry": "industry", "Num Employees": "employees",
                "Annual Revenue": "annual_revenue", "State": "prefecture", "Country": "country",
                "Job Title": "title", "Email Address": "email", "Lead Owner": "owner",
                "Lead Status": "status",
            },
            "activities": {
                "leadId": "lead_id", "activityDate": "occurred_at", "activityTypeId": "type",
                "primaryAttributeValue": "detail", "campaignId": "campaign",
                "Lead ID": "lead_id", "Date/Time": "occurred_at", "Activity Type": "type",
                "Detail": "detail", "Campaign Name": "campaign",
            },
        },
    ),
}  # fmt: skip

PRESET_HELP: dict[str, str] = {
    "auto": "pick the vendor preset whose headers match best, else map by header similarity",
    "generic": "map by header similarity only (English and Japanese synonyms)",
    **{name: preset.help for name, preset in PRESETS.items()},
}

# (rank, regex over the NFKC title) in priority order; a title matching none is "staff".
TITLE_RANKS: tuple[tuple[str, str], ...] = (
    ("executive", r"(?i)社長|代表|取締役|役員|会長|執行役|CEO|CTO|CFO|COO|CIO|CMO|CXO|chief|president|founder|owner|partner"),
    ("director", r"(?i)部長|本部長|事業部長|director|head of|vp|vice president|general manager"),
    ("manager", r"(?i)課長|係長|マネージャ|マネジャ|manager|室長|主任|リーダー|lead\b"),
)  # fmt: skip


def normalize_header(header: str) -> str:
    """A header's comparison key: NFKC, lower case, without spaces and punctuation.

    Example:
        >>> normalize_header("Ｌｅａｄ　ＩＤ"), normalize_header("No. of Employees"), normalize_header("商談 名")
        ('leadid', 'noofemployees', '商談名')
    """
    text = unicodedata.normalize("NFKC", str(header)).casefold()
    return re.sub(r"[\s_\-./()\[\]:#'\"]+", "", text)


def custom_column_name(header: str) -> str:
    """The column name a custom attribute gets: NFKC, lower snake case, Japanese kept.

    Example:
        >>> custom_column_name("What is your current occupation"), custom_column_name("業種 区分")
        ('what_is_your_current_occupation', '業種_区分')
    """
    text = unicodedata.normalize("NFKC", str(header)).strip().casefold()
    text = re.sub(r"[^\w]+", "_", text).strip("_")
    return text or "column"
