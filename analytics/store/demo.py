"""A realistic demo company: ``python -m analytics demo [--leads N] [--seed S] [--locale ja|en]``.

The company is a Japanese B2B vendor of an industrial IoT platform. Over the 24
months up to ``end`` it collects leads from forms, seminars, trade shows,
downloads, inquiries, list purchases, referrals and search; the leads browse,
read mail, attend webinars and ask for quotes; inside sales calls the MQLs,
assesses BANT and gives feedback; deals are won and lost in yen.

Everything is drawn with numpy from one seeded generator and assembled with
polars, without Python loops over leads or activities (loops run over a handful
of categories only), so 1M leads / ~20M activities take seconds.

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

import hashlib
import math
from datetime import date, datetime
from numbers import Integral

import numpy as np
import polars as pl

from analytics.errors import InputError
from analytics.store.db import DATA_TABLES, Workspace, quote_ident
from analytics.store.schema import polars_schema as demo_schema  # the frames' schema

LOCALES: tuple[str, ...] = ("ja", "en")

# The CRM's own (hidden) MQL rule and the demo's SQL rule; documented in the README.
CRM_MQL_THRESHOLD = 65.0
CRM_WINDOW_DAYS = 90
SQL_MIN_NEED = 2
SQL_MIN_TIMELINE = 2

# --------------------------------------------------------------------------
# Reference data (immutable tuples; index 0 = ja, 1 = en where a pair is given)
# --------------------------------------------------------------------------

# region: (ja, en, hidden fit effect)
REGIONS: tuple[tuple[str, str, float], ...] = (
    ("北海道", "Hokkaido", -0.30),
    ("東北", "Tohoku", -0.20),
    ("北関東", "North Kanto", 0.05),
    ("首都圏", "Greater Tokyo", 0.20),
    ("甲信越", "Koshinetsu", -0.05),
    ("北陸", "Hokuriku", 0.05),
    ("中部", "Chubu", 0.30),
    ("関西", "Kansai", 0.10),
    ("中国", "Chugoku", -0.05),
    ("四国", "Shikoku", -0.20),
    ("九州", "Kyushu", -0.10),
    ("沖縄", "Okinawa", -0.40),
)

# prefecture: (ja, en, romaji for domains, region index, weight in % of B2B leads)
PREFECTURES: tuple[tuple[str, str, str, int, float], ...] = (
    ("北海道", "Hokkaido", "hokkaido", 0, 2.8),
    ("青森県", "Aomori", "aomori", 1, 0.40),
    ("岩手県", "Iwate", "iwate", 1, 0.40),
    ("宮城県", "Miyagi", "miyagi", 1, 1.50),
    ("秋田県", "Akita", "akita", 1, 0.30),
    ("山形県", "Yamagata", "yamagata", 1, 0.40),
    ("福島県", "Fukushima", "fukushima", 1, 0.80),
    ("茨城県", "Ibaraki", "ibaraki", 2, 1.50),
    ("栃木県", "Tochigi", "tochigi", 2, 1.00),
    ("群馬県", "Gunma", "gunma", 2, 1.00),
    ("埼玉県", "Saitama", "saitama", 3, 4.00),
    ("千葉県", "Chiba", "chiba", 3, 3.50),
    ("東京都", "Tokyo", "tokyo", 3, 28.0),
    ("神奈川県", "Kanagawa", "kanagawa", 3, 7.00),
    ("新潟県", "Niigata", "niigata", 4, 1.10),
    ("富山県", "Toyama", "toyama", 5, 0.55),
    ("石川県", "Ishikawa", "ishikawa", 5, 0.60),
    ("福井県", "Fukui", "fukui", 5, 0.40),
    ("山梨県", "Yamanashi", "yamanashi", 4, 0.35),
    ("長野県", "Nagano", "nagano", 4, 1.10),
    ("岐阜県", "Gifu", "gifu", 6, 1.00),
    ("静岡県", "Shizuoka", "shizuoka", 6, 2.20),
    ("愛知県", "Aichi", "aichi", 6, 6.50),
    ("三重県", "Mie", "mie", 6, 0.90),
    ("滋賀県", "Shiga", "shiga", 7, 0.70),
    ("京都府", "Kyoto", "kyoto", 7, 2.00),
    ("大阪府", "Osaka", "osaka", 7, 9.00),
    ("兵庫県", "Hyogo", "hyogo", 7, 3.20),
    ("奈良県", "Nara", "nara", 7, 0.50),
    ("和歌山県", "Wakayama", "wakayama", 7, 0.35),
    ("鳥取県", "Tottori", "tottori", 8, 0.20),
    ("島根県", "Shimane", "shimane", 8, 0.22),
    ("岡山県", "Okayama", "okayama", 8, 0.90),
    ("広島県", "Hiroshima", "hiroshima", 8, 1.80),
    ("山口県", "Yamaguchi", "yamaguchi", 8, 0.60),
    ("徳島県", "Tokushima", "tokushima", 9, 0.30),
    ("香川県", "Kagawa", "kagawa", 9, 0.45),
    ("愛媛県", "Ehime", "ehime", 9, 0.60),
    ("高知県", "Kochi", "kochi", 9, 0.25),
    ("福岡県", "Fukuoka", "fukuoka", 10, 3.20),
    ("佐賀県", "Saga", "saga", 10, 0.30),
    ("長崎県", "Nagasaki", "nagasaki", 10, 0.50),
    ("熊本県", "Kumamoto", "kumamoto", 10, 0.70),
    ("大分県", "Oita", "oita", 10, 0.45),
    ("宮崎県", "Miyazaki", "miyazaki", 10, 0.35),
    ("鹿児島県", "Kagoshima", "kagoshima", 10, 0.60),
    ("沖縄県", "Okinawa", "okinawa", 11, 0.45),
)

# industry: (ja, en, share of companies, hidden fit effect, revenue per employee in yen,
#            log-employee shift)
INDUSTRIES: tuple[tuple[str, str, float, float, float, float], ...] = (
    ("製造業", "Manufacturing", 0.30, 0.60, 30e6, 0.35),
    ("IT・通信", "IT/Telecom", 0.16, 0.40, 25e6, 0.0),
    ("サービス業", "Services", 0.13, 0.00, 12e6, -0.2),
    ("小売・卸売", "Retail & Wholesale", 0.10, -0.05, 40e6, 0.0),
    ("金融・保険", "Finance & Insurance", 0.05, 0.10, 50e6, 0.5),
    ("建設・不動産", "Construction & Real Estate", 0.08, 0.20, 35e6, 0.0),
    ("医療・福祉", "Healthcare & Welfare", 0.05, -0.20, 10e6, 0.0),
    ("教育", "Education", 0.03, -0.50, 8e6, 0.0),
    ("官公庁", "Government", 0.03, -0.30, 0.0, 1.2),
    ("その他", "Other", 0.07, -0.40, 18e6, -0.3),
)
_GOVERNMENT = 8
_EDUCATION = 7
_IT = 1

# company-name endings per industry: (ja, romaji for the domain, en)
SUFFIXES: tuple[tuple[tuple[str, str, str], ...], ...] = (
    (
        ("工業", "kogyo", "Industries"),
        ("製作所", "seisakusho", "Works"),
        ("精機", "seiki", "Precision"),
        ("電機", "denki", "Electric"),
        ("化学", "kagaku", "Chemical"),
        ("金属", "kinzoku", "Metals"),
        ("機械", "kikai", "Machinery"),
        ("電子", "denshi", "Electronics"),
    ),
    (
        ("システム", "system", "Systems"),
        ("ソフトウェア", "soft", "Software"),
        ("情報サービス", "joho", "Information Services"),
        ("ネットワークス", "networks", "Networks"),
        ("テクノロジーズ", "tech", "Technologies"),
    ),
    (
        ("サービス", "service", "Services"),
        ("コンサルティング", "consulting", "Consulting"),
        ("企画", "kikaku", "Planning"),
    ),
    (
        ("商事", "shoji", "Trading"),
        ("物産", "bussan", "Commerce"),
        ("商店", "shoten", "Stores"),
        ("販売", "hanbai", "Sales"),
    ),
    (
        ("ファイナンス", "finance", "Finance"),
        ("証券", "shoken", "Securities"),
        ("リース", "lease", "Leasing"),
        ("保険サービス", "hoken", "Insurance"),
    ),
    (
        ("建設", "kensetsu", "Construction"),
        ("工務店", "komuten", "Builders"),
        ("不動産", "fudosan", "Real Estate"),
        ("ハウジング", "housing", "Housing"),
    ),
    (
        ("メディカル", "medical", "Medical"),
        ("ケアサービス", "care", "Care Services"),
        ("薬品", "yakuhin", "Pharmaceutical"),
    ),
    (
        ("教育", "kyoiku", "Education"),
        ("アカデミー", "academy", "Academy"),
        ("ゼミナール", "seminar", "Seminars"),
    ),
    (("", "", ""),),  # government: named after the prefecture
    (
        ("ホールディングス", "hd", "Holdings"),
        ("運輸", "unyu", "Transport"),
        ("食品", "foods", "Foods"),
        ("物流", "logi", "Logistics"),
        ("エネルギー", "energy", "Energy"),
    ),
)

# company-name stems: (ja, romaji)
STEMS: tuple[tuple[str, str], ...] = (
    ("東和", "towa"), ("大和", "yamato"), ("富士", "fuji"), ("三和", "sanwa"), ("日東", "nitto"),
    ("東洋", "toyo"), ("中央", "chuo"), ("北斗", "hokuto"), ("青葉", "aoba"), ("丸山", "maruyama"),
    ("太平", "taihei"), ("新和", "shinwa"), ("昭和", "showa"), ("平和", "heiwa"),
    ("髙橋", "takahashi"), ("髙島", "takashima"), ("高田", "takada"), ("山田", "yamada"),
    ("松本", "matsumoto"), ("吉田", "yoshida"), ("藤田", "fujita"), ("小林", "kobayashi"),
    ("中村", "nakamura"), ("旭", "asahi"), ("光", "hikari"), ("明星", "myojo"), ("若葉", "wakaba"),
    ("桜", "sakura"), ("菱和", "ryowa"), ("協和", "kyowa"), ("共栄", "kyoei"), ("第一", "daiichi"),
    ("日本", "nihon"), ("関東", "kanto"), ("関西", "kansai"), ("東海", "tokai"),
    ("瀬戸内", "setouchi"), ("三協", "sankyo"), ("大同", "daido"), ("明和", "meiwa"),
    ("栄光", "eiko"), ("双葉", "futaba"), ("東邦", "toho"), ("日進", "nisshin"),
    ("千代田", "chiyoda"), ("湘南", "shonan"), ("武蔵", "musashi"), ("尾張", "owari"),
    ("白鳥", "shiratori"), ("鶴見", "tsurumi"), ("堀田", "hotta"), ("河合", "kawai"),
    ("岡本", "okamoto"), ("竹内", "takeuchi"), ("宮本", "miyamoto"), ("髙木", "takagi"),
    ("テクノ", "techno"), ("アーク", "arc"), ("ネクスト", "next"), ("クレスト", "crest"),
    ("ミライ", "mirai"), ("サンライズ", "sunrise"), ("グローバル", "global"), ("ユニオン", "union"),
    ("フロンティア", "frontier"), ("エムケイ", "mk"), ("ライズ", "rise"), ("オーシャン", "ocean"),
)  # fmt: skip

# special companies: (ja, domain, en)
UNIVERSITIES: tuple[tuple[str, str, str], ...] = (
    ("東都大学", "toto-u.ac.jp", "Toto University"),
    ("関西理工大学", "kansai-rikou.ac.jp", "Kansai Institute of Technology"),
    ("北都工業大学", "hokuto-it.ac.jp", "Hokuto Institute of Technology"),
    ("中京情報大学", "chukyo-info.ac.jp", "Chukyo University of Information Sciences"),
    ("九州産業技術大学", "kyushu-sangi.ac.jp", "Kyushu University of Industrial Technology"),
)
COMPETITORS: tuple[tuple[str, str, str], ...] = (
    ("株式会社ファクトリーリンク", "factorylink.co.jp", "FactoryLink Inc."),
    ("IoTクラウド株式会社", "iotcloud.jp", "IoT Cloud Co., Ltd."),
    ("株式会社スマートセンス", "smartsense.co.jp", "SmartSense Inc."),
)
FREE_MAIL: tuple[tuple[str, float], ...] = (
    ("gmail.com", 0.5),
    ("yahoo.co.jp", 0.3),
    ("outlook.jp", 0.1),
    ("icloud.com", 0.1),
)

# title rank: (code, hidden fit effect, CRM points, share in small companies, in large ones)
TITLE_RANKS: tuple[tuple[str, float, float, float, float], ...] = (
    ("executive", 0.35, 10.0, 0.30, 0.04),
    ("director", 0.50, 12.0, 0.20, 0.18),
    ("manager", 0.25, 6.0, 0.22, 0.33),
    ("staff", -0.35, 0.0, 0.28, 0.45),
)
# titles per rank: (ja, en, weight)
TITLES: tuple[tuple[tuple[str, str, float], ...], ...] = (
    (("代表取締役", "CEO", 0.45), ("取締役", "Board Director", 0.40), ("執行役員", "VP", 0.15)),
    (("本部長", "Head of Division", 0.35), ("部長", "Director", 0.65)),
    (("次長", "Deputy Manager", 0.25), ("課長", "Manager", 0.75)),
    (("係長", "Supervisor", 0.25), ("主任", "Senior Staff", 0.30), ("担当", "Staff", 0.45)),
)
# department: (ja, en, weight, hidden fit effect)
DEPARTMENTS: tuple[tuple[str, str, float, float], ...] = (
    ("情報システム部", "IT", 0.18, 0.15),
    ("経営企画部", "Corporate Planning", 0.10, 0.10),
    ("製造部", "Production", 0.12, 0.10),
    ("生産技術部", "Production Engineering", 0.10, 0.25),
    ("品質保証部", "Quality Assurance", 0.07, 0.05),
    ("設備保全部", "Maintenance", 0.06, 0.25),
    ("営業部", "Sales", 0.12, -0.20),
    ("総務部", "General Affairs", 0.09, -0.15),
    ("マーケティング部", "Marketing", 0.08, -0.10),
    ("研究開発部", "R&D", 0.08, 0.05),
)

# source: (code, share, hidden intent effect, cost per lead in yen, fixed monthly cost in yen)
SOURCES: tuple[tuple[str, float, float, float, float], ...] = (
    ("web_form", 0.17, 0.20, 2_500.0, 300_000.0),
    ("seminar", 0.10, 0.30, 18_000.0, 150_000.0),
    ("event", 0.12, 0.00, 25_000.0, 0.0),
    ("download", 0.16, 0.10, 6_000.0, 100_000.0),
    ("inquiry", 0.04, 1.30, 0.0, 200_000.0),
    ("list_import", 0.12, -0.70, 400.0, 0.0),
    ("referral", 0.04, 0.70, 20_000.0, 0.0),
    ("paid_search", 0.15, 0.10, 12_000.0, 50_000.0),
    ("organic_search", 0.10, 0.00, 1_500.0, 250_000.0),
)
_LIST_IMPORT = 5
# monthly multipliers of seminar and event volume (Jan..Dec): trade shows in Jun and Oct
EVENT_MONTHS = (0.5, 1.2, 0.8, 0.8, 1.0, 1.7, 1.1, 0.3, 1.0, 1.9, 1.4, 0.4)
SEMINAR_MONTHS = (0.8, 1.1, 0.7, 0.9, 1.1, 1.2, 1.2, 0.5, 1.1, 1.3, 1.2, 0.6)
# overall lead volume by month of year (Jan..Dec)
LEAD_MONTHS = (0.85, 1.0, 0.9, 1.1, 1.0, 1.15, 1.0, 0.7, 1.0, 1.2, 1.1, 0.75)

# lead campaign per source: (ja template, en template); {y} year, {m} month, {q} quarter
CAMPAIGNS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("資料請求フォーム", "Brochure request form"), ("無料トライアル申込", "Free trial sign-up")),
    (("{y}年{m}月 工場IoT入門セミナー", "{y}-{m:02d} Factory IoT seminar"),),
    (("{y}年{m}月 ものづくりDX展示会", "{y}-{m:02d} Manufacturing DX expo"),),
    (
        ("予知保全ホワイトペーパー", "Predictive maintenance white paper"),
        ("IoT導入ガイド", "IoT getting-started guide"),
        ("導入事例集", "Customer case studies"),
    ),
    (("お問い合わせフォーム", "Contact form"),),
    (("購入リスト {y}年Q{q}", "Purchased list {y}-Q{q}"),),
    (("パートナー紹介プログラム", "Partner referral program"),),
    (
        ("リスティング広告_指名", "Search ads: brand"),
        ("リスティング広告_一般", "Search ads: generic"),
    ),
    (("自然検索", "Organic search"),),
)

# sales reps: (ja, en, median first-contact hours, sigma, regions of the territory, win effect)
REPS: tuple[tuple[str, str, float, float, tuple[int, ...], float], ...] = (
    ("佐藤 健太", "Kenta Sato", 1.0, 0.8, (3,), 0.20),
    ("鈴木 美咲", "Misaki Suzuki", 2.0, 0.8, (3, 2), 0.10),
    ("高橋 翔", "Sho Takahashi", 3.0, 0.9, (3, 1, 0), 0.00),
    ("田中 由美", "Yumi Tanaka", 4.0, 0.9, (6, 5, 4), 0.00),
    ("伊藤 大輔", "Daisuke Ito", 6.0, 0.9, (7,), 0.10),
    ("渡辺 彩", "Aya Watanabe", 10.0, 1.0, (7, 8, 9), -0.10),
    ("山本 拓也", "Takuya Yamamoto", 40.0, 0.9, (10, 11), -0.20),
    ("中村 恵", "Megumi Nakamura", 72.0, 0.8, (3,), 0.05),
)

# romanised names for e-mail addresses
FAMILY_NAMES = (
    "sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "nakamura",
    "kobayashi", "kato", "yoshida", "yamada", "sasaki", "yamaguchi", "matsumoto", "inoue",
    "kimura", "hayashi", "shimizu", "yamazaki", "mori", "abe", "ikeda", "hashimoto", "ishikawa",
    "ogawa", "okada", "hasegawa", "fujii", "kondo",
)  # fmt: skip
GIVEN_NAMES = (
    "taro", "hiroshi", "takashi", "kenji", "daisuke", "yuki", "kenta", "sho", "takuya", "naoki",
    "makoto", "yuta", "ryo", "kazuki", "tomoya", "akira", "satoshi", "yusuke", "hanako", "yumi",
    "ayaka", "misaki", "yoko", "naomi", "keiko", "megumi", "haruka", "mai", "emi", "sakura",
)  # fmt: skip

# Activity kinds: (type, detail ja, detail en, CRM points, median duration s (0 = none),
#                  campaign family: 0 none, 1 newsletter, 2 seminar mail, 3 webinar, 4 content)
KINDS: tuple[tuple[str, str, str, float, float, int], ...] = (
    ("page_view", "top", "top", 1.0, 25.0, 0),  # 0
    ("page_view", "product", "product", 3.0, 60.0, 0),  # 1
    ("page_view", "pricing", "pricing", 8.0, 110.0, 0),  # 2
    ("page_view", "case_study", "case_study", 5.0, 150.0, 0),  # 3
    ("page_view", "company", "company", 1.0, 35.0, 0),  # 4
    ("page_view", "blog", "blog", 1.0, 90.0, 0),  # 5
    ("page_view", "careers", "careers", -3.0, 70.0, 0),  # 6
    ("download", "IoT導入ガイド", "IoT getting-started guide", 6.0, 0.0, 4),  # 7
    ("download", "導入事例集", "Customer case studies", 8.0, 0.0, 4),  # 8
    ("download", "料金表", "Price list", 12.0, 0.0, 4),  # 9
    (
        "download",
        "予知保全ホワイトペーパー",
        "Predictive maintenance white paper",
        6.0,
        0.0,
        4,
    ),  # 10
    ("download", "ROI試算シート", "ROI calculator", 10.0, 0.0, 4),  # 11
    ("email_open", "メールマガジン", "Newsletter", 0.5, 0.0, 1),  # 12
    ("email_click", "メールマガジン", "Newsletter", 2.0, 0.0, 1),  # 13
    ("email_open", "セミナー案内", "Seminar invitation", 0.5, 0.0, 2),  # 14
    ("email_click", "セミナー案内", "Seminar invitation", 3.0, 0.0, 2),  # 15
    ("webinar", "工場IoT入門ウェビナー", "Factory IoT basics webinar", 12.0, 2400.0, 3),  # 16
    (
        "webinar",
        "予知保全 事例ウェビナー",
        "Predictive maintenance case webinar",
        15.0,
        2700.0,
        3,
    ),  # 17
    ("webinar", "製品デモウェビナー", "Product demo webinar", 18.0, 1800.0, 3),  # 18
    ("inquiry", "製品に関するお問い合わせ", "Product question", 30.0, 0.0, 0),  # 19
    ("inquiry", "見積依頼", "Quote request", 40.0, 0.0, 0),  # 20
    ("inquiry", "デモ依頼", "Demo request", 40.0, 0.0, 0),  # 21
    ("form_submit", "資料請求フォーム", "Brochure request form", 6.0, 0.0, 0),  # 22
    ("form_submit", "セミナー申込フォーム", "Seminar sign-up form", 6.0, 0.0, 0),  # 23
    ("form_submit", "お問い合わせフォーム", "Contact form", 10.0, 0.0, 0),  # 24
    ("unsubscribe", "メール配信停止", "Email opt-out", -20.0, 0.0, 0),  # 25
)
_UNSUBSCRIBE_KIND = 25
_EMAIL_KINDS = (12, 13, 14, 15)
# kind of the activity that created the lead, per source (-1: none)
CREATION_KIND = (22, 16, -1, 10, 19, -1, -1, 24, 22)
# campaign families per month: (ja template, en template)
ACTIVITY_CAMPAIGNS: tuple[tuple[str, str], ...] = (
    ("メルマガ {y}年{m}月号", "Newsletter {y}-{m:02d}"),
    ("セミナー案内 {y}年{m}月", "Seminar invitation {y}-{m:02d}"),
    ("ウェビナー {y}年{m}月", "Webinar {y}-{m:02d}"),
    ("コンテンツ配信 {y}年{m}月", "Content campaign {y}-{m:02d}"),
)


# behaviour profiles as (kind, weight) pairs:
# 0 casual browsing and mail, 1 mail only (purchased lists), 2 buying
# fmt: off
PROFILE_WEIGHTS: tuple[tuple[tuple[int, float], ...], ...] = (
    ((0, 8), (1, 9), (2, 1.2), (3, 2.5), (4, 4), (5, 14), (6, 3), (7, 1.2), (8, 0.6), (9, 0.2),
     (10, 1.2), (11, 0.1), (12, 32), (13, 6), (14, 6), (15, 1.0), (16, 0.5), (17, 0.3),
     (18, 0.15), (19, 0.12), (22, 0.6), (23, 0.6), (24, 0.15)),
    ((12, 70), (13, 8), (14, 15), (15, 2), (0, 3), (5, 2)),
    ((1, 12), (2, 20), (3, 15), (0, 3), (4, 3), (8, 4), (9, 5), (11, 3), (12, 5), (13, 5),
     (15, 2), (16, 3), (17, 4), (18, 5), (19, 2), (20, 2), (21, 2), (23, 2), (24, 3)),
)
# fmt: on


_LUT_BITS = 16


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


STAGES_OPEN: tuple[tuple[str, str], ...] = (
    ("商談化", "Qualification"),
    ("提案", "Proposal"),
    ("見積", "Quote"),
    ("交渉", "Negotiation"),
)
STAGE_WON = ("受注", "Won")
STAGE_LOST = ("失注", "Lost")
# lost reasons: (ja, en, weight)
LOST_REASONS: tuple[tuple[str, str, float], ...] = (
    ("価格", "Price", 0.24),
    ("競合に敗退", "Lost to competitor", 0.22),
    ("予算凍結", "Budget frozen", 0.14),
    ("時期延期", "Postponed", 0.16),
    ("機能不足", "Missing features", 0.10),
    ("社内承認が得られず", "No internal approval", 0.08),
    ("連絡途絶", "No response", 0.06),
)
# products by amount (upper bound in yen): (ja, en, upper bound)
PRODUCTS: tuple[tuple[str, str, float], ...] = (
    ("IoTスターター", "IoT Starter", 1.5e6),
    ("IoTプラットフォーム Standard", "IoT Platform Standard", 6e6),
    ("IoTプラットフォーム Enterprise", "IoT Platform Enterprise", 2e7),
    ("全社DXパッケージ", "Enterprise DX Suite", math.inf),
)
# month-of-close effect on the odds of winning (Jan..Dec): fiscal year end in March
WIN_MONTH_EFFECT = (0.0, 0.30, 0.65, -0.30, -0.10, 0.0, 0.0, -0.30, 0.20, 0.0, 0.0, 0.20)

# feedback reasons, in the order of the reason codes: (code, ja, en)
REASONS: tuple[tuple[str, str, str], ...] = (
    ("qualified", "ニーズ・導入時期が明確", "Clear need and timeline"),
    ("no_budget", "予算なし", "No budget"),
    ("too_early", "時期尚早", "Too early"),
    ("competitor_in_use", "競合利用中", "Using a competitor"),
    ("research_only", "情報収集のみ", "Research only"),
    ("out_of_scope", "対象外（学生・競合）", "Out of scope (student or competitor)"),
    ("no_answer", "連絡不通", "No answer"),
)
# BANT notes by the weakest item: (ja, en)
BANT_NOTES: tuple[tuple[str, str], ...] = (
    ("予算は来期以降", "Budget only next fiscal year"),
    ("決裁者は別", "Not the decision maker"),
    ("課題は漠然", "Need still vague"),
    ("導入時期は未定", "Timing undecided"),
    ("BANT概ね充足", "BANT mostly met"),
)
# lead statuses: (ja, en)
STATUSES: tuple[tuple[str, str], ...] = (
    ("休眠", "Dormant"),  # 0
    ("育成中", "Nurturing"),  # 1
    ("MQL", "MQL"),  # 2
    ("SQL", "SQL"),  # 3
    ("商談中", "Opportunity"),  # 4
    ("受注", "Won"),  # 5
    ("失注", "Lost"),  # 6
    ("リサイクル", "Recycled"),  # 7
    ("対象外", "Disqualified"),  # 8
)

_DAY = 86_400


# --------------------------------------------------------------------------
# small vectorised helpers
# --------------------------------------------------------------------------


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _choice(rng: np.random.Generator, n: int, weights: np.ndarray | list[float]) -> np.ndarray:
    """``n`` draws of an index with the given (unnormalised) weights."""
    w = np.asarray(weights, dtype=np.float64)
    return np.searchsorted(np.cumsum(w / w.sum()), rng.random(n), side="right").clip(0, len(w) - 1)


def _rowwise_choice(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One draw per row of a (rows, k) matrix of row probabilities."""
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    return (cum < rng.random(len(probs))[:, None]).sum(axis=1).clip(0, probs.shape[1] - 1)


def _gather(vocab: pl.Series, idx: np.ndarray) -> pl.Series:
    return vocab.gather(pl.Series(idx.astype(np.int64)))


def _timestamps(seconds: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    """Epoch seconds -> polars Datetime(us), null where ``valid`` is False."""
    out = pl.Series(seconds.astype(np.int64) * 1_000_000).cast(pl.Datetime("us"))
    if valid is not None:
        out = pl.select(pl.when(pl.Series(valid)).then(out).otherwise(None)).to_series()
    return out


def _months(seconds: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of epoch seconds."""
    return seconds.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)


def _business_seconds(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds into the day: mostly office hours, some evening and night."""
    hours = np.where(
        rng.random(n) < 0.85, np.clip(rng.normal(13.5, 2.6, n), 7.5, 21.5), rng.random(n) * 24
    )
    return (hours * 3600).astype(np.int64)


def _next_weekday(day: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    """Move ``share`` of the days falling on a weekend to the following Monday."""
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    move = (weekday >= 5) & (rng.random(len(day)) < share)
    return day + np.where(move, 7 - weekday, 0)


def _month_vocab(templates: tuple[str, ...], first_month: int, n_months: int) -> list[str]:
    out = []
    for template in templates:
        for m in range(first_month, first_month + n_months):
            y, mo = divmod(m, 12)
            out.append(template.format(y=y + 1970, m=mo + 1, q=mo // 3 + 1))
    return out


# --------------------------------------------------------------------------
# the generator
# --------------------------------------------------------------------------

_Arrays = dict[str, np.ndarray]
_BUYING_KINDS = (2, 3, 9, 11, 16, 17, 18, 20, 21)


def _calendar(end: date) -> dict:
    """The 24 whole months ending with ``end``: day grid, month-of-year, weekday."""
    end_month = end.year * 12 + end.month - 1
    first = end_month - 23
    start = date(first // 12, first % 12 + 1, 1)
    day0 = (start - date(1970, 1, 1)).days
    n_days = (end - start).days + 1
    days = np.arange(n_days) + day0
    return {
        "start": start,
        "day0": day0,
        "end_sec": (day0 + n_days) * _DAY,  # exclusive
        "n_days": n_days,
        "day_moy": _months(days * _DAY) % 12,
        "weekday": (days + 3) % 7,
        "month0": (start.year - 1970) * 12 + start.month - 1,
        "n_months": 24,
    }


def _draw_leads(rng: np.random.Generator, n: int, cal: dict, loc: int) -> _Arrays:
    """Lead attributes (as indices into the reference tuples) and the hidden fit/intent."""
    n_days = cal["n_days"]
    day_w = (
        np.asarray(LEAD_MONTHS)[cal["day_moy"]]
        * (1.0 + 0.6 * np.arange(n_days) / n_days)
        * np.where(cal["weekday"] >= 5, 0.15, 1.0)
    )
    lead_day = _choice(rng, n, day_w)
    created = np.sort((lead_day + cal["day0"]) * _DAY + _business_seconds(rng, n))
    lead_moy = cal["day_moy"][created // _DAY - cal["day0"]]
    src_w = np.tile(np.array([s[1] for s in SOURCES]), (12, 1))
    src_w[:, 1] *= SEMINAR_MONTHS
    src_w[:, 2] *= EVENT_MONTHS
    source = _rowwise_choice(rng, src_w[lead_moy])

    # companies: each lead belongs to one; some companies bring many leads
    n_comp = max(1, math.ceil(n / 2.5))
    c_ind = _choice(rng, n_comp, [i[2] for i in INDUSTRIES])
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
    company = {
        "c_ind": c_ind,
        "c_emp": c_emp,
        "c_rev": c_rev,
        "c_pref": _choice(rng, n_comp, [p[4] for p in PREFECTURES]),
        "c_stem": rng.integers(0, len(STEMS), n_comp),
        "c_suffix": (rng.random(n_comp) * n_suffix[c_ind]).astype(np.int64),
        "c_form": _choice(rng, n_comp, [0.55, 0.36, 0.03, 0.06] if loc == 0 else [0.6, 0.25, 0.15]),
        "c_tld": _choice(rng, n_comp, [0.8, 0.15, 0.05]),
        "c_hyphen": rng.random(n_comp) < 0.5,
    }
    comp = np.minimum((n_comp * rng.random(n) ** 1.7).astype(np.int64), n_comp - 1)
    special = rng.random(n)
    student = special < 0.012
    competitor = (special >= 0.012) & (special < 0.018)
    freemail = (special >= 0.018) & (special < 0.088)
    ind = np.where(student, _EDUCATION, np.where(competitor, _IT, c_ind[comp]))
    emp = np.where(student, 3000.0, np.where(competitor, 120.0, c_emp[comp]))
    pref = company["c_pref"][comp]
    region = np.array([p[3] for p in PREFECTURES])[pref]

    # people
    size_w = np.clip((np.log10(emp) - 1.0) / 3.0, 0, 1)[:, None]
    mix = (1 - size_w) * np.array([r[3] for r in TITLE_RANKS]) + size_w * np.array(
        [r[4] for r in TITLE_RANKS]
    )
    rank = np.where(student, 3, _rowwise_choice(rng, mix))
    dept = _choice(rng, n, [d[2] for d in DEPARTMENTS])

    # the hidden model
    bad = student | competitor
    fit = (
        0.9 * np.tanh((np.log10(emp) - 2.0) / 0.8)
        + np.array([i[3] for i in INDUSTRIES])[ind]
        + np.array([r[2] for r in REGIONS])[region]
        + np.array([r[1] for r in TITLE_RANKS])[rank]
        + np.array([d[3] for d in DEPARTMENTS])[dept]
        - 0.4 * freemail
        - 3.0 * bad
    )
    intent = (
        0.45 * fit + np.array([s[2] for s in SOURCES])[source] + rng.normal(0, 1, n) - 2.0 * bad
    )
    return {
        **company,
        "created": created,
        "lead_moy": lead_moy,
        "source": source,
        "comp": comp,
        "student": student,
        "competitor": competitor,
        "freemail": freemail,
        "uni": rng.integers(0, len(UNIVERSITIES), n),
        "rival": rng.integers(0, len(COMPETITORS), n),
        "ind": ind,
        "emp": emp,
        "pref": pref,
        "region": region,
        "rank": rank,
        "title_u": rng.random(n),
        "dept": dept,
        "family": rng.integers(0, len(FAMILY_NAMES), n),
        "given": rng.integers(0, len(GIVEN_NAMES), n),
        "local_form": _choice(rng, n, [0.6, 0.25, 0.15]),
        "mail_digits": rng.integers(10, 9999, n),
        "free_dom": _choice(rng, n, [f[1] for f in FREE_MAIL]),
        "missing": rng.random((n, 3)),
        "campaign_u": rng.random(n),
        "fit": fit,
        "intent": intent,
        "project": rng.random(n) < _sigmoid(-2.9 + 1.1 * intent + 0.4 * fit),
        "engage": 0.5 * intent + rng.normal(0, 0.9, n),
        "never": rng.random(n)
        < np.where(source == _LIST_IMPORT, 0.45, np.where(source == 2, 0.25, 0.08)),
    }


def _draw_activities(rng: np.random.Generator, z: _Arrays, cal: dict) -> tuple[_Arrays, _Arrays]:
    """Activities (lead, time, kind; sorted by lead and time) and per-lead behaviour facts."""
    created, source, intent, project = z["created"], z["source"], z["intent"], z["project"]
    n = len(created)
    lead_idx = np.arange(n, dtype=np.int32)
    end_sec = cal["end_sec"]

    # (a) the action that created the lead
    c_kind = np.asarray(CREATION_KIND)[source]
    has_c = c_kind >= 0
    parts_lead, parts_time = [lead_idx[has_c]], [created[has_c]]
    parts_kind = [c_kind[has_c].astype(np.int16)]

    # (b) background behaviour in sessions that thin out over time
    n_bg = rng.poisson(np.where(z["never"], 0.0, 15.5 * np.exp(0.8 * z["engage"])))
    n_sess = np.minimum(n_bg, 1 + rng.poisson(n_bg / 3.5))
    sess_scale = np.exp(rng.normal(math.log(75), 0.7, n))  # days
    sess_lead = np.repeat(lead_idx, n_sess)
    sess_day = created[sess_lead] // _DAY + (
        rng.exponential(1.0, len(sess_lead)) * sess_scale[sess_lead]
    ).astype(np.int64)
    sess_day = _next_weekday(sess_day, rng, 0.7)
    sess_start = np.maximum(
        sess_day * _DAY + _business_seconds(rng, len(sess_lead)), created[sess_lead]
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
    mail_only = np.flatnonzero((source == _LIST_IMPORT)[bg_lead])
    bg_kind[mail_only] = _draw_kinds(rng, 1, len(mail_only))
    del mail_only
    parts_lead.append(bg_lead)
    parts_time.append(bg_time)
    parts_kind.append(bg_kind)

    # (c) the buying burst of leads with a project; some wait for April's new budget
    burst_day = created // _DAY + np.where(
        (source == 4) & (rng.random(n) < 0.5), 0, rng.gamma(1.5, 40.0, n).astype(np.int64)
    )
    burst_month = _months(burst_day * _DAY)
    wait_budget = (burst_month % 12 < 3) & (rng.random(n) < 0.35)
    april = burst_month // 12 * 12 + 3
    april_day = (np.datetime64("1970-01", "M") + april).astype("datetime64[D]").astype(np.int64)
    burst_day = np.where(wait_budget, april_day + rng.integers(0, 45, n), burst_day)
    burst_len = rng.uniform(5, 30, n)  # days
    burst_end = burst_day * _DAY + (burst_len * _DAY).astype(np.int64)
    n_burst = np.where(project, 3 + rng.poisson(2.0 + 3.0 * _sigmoid(intent)), 0)
    b_lead = np.repeat(lead_idx, n_burst)
    b_time = np.maximum(
        burst_day[b_lead] * _DAY
        + (rng.random(len(b_lead)) * burst_len[b_lead] * _DAY).astype(np.int64),
        created[b_lead],
    )
    b_kind = _draw_kinds(rng, 2, len(b_lead))
    hand_raise = project & (rng.random(n) < _sigmoid(intent - 0.8))
    hr_kind = np.where(rng.random(n) < 0.5, 20, 21).astype(np.int16)[hand_raise]
    parts_lead += [b_lead, lead_idx[hand_raise]]
    parts_time += [b_time, np.maximum(burst_end, created)[hand_raise]]
    parts_kind += [b_kind, hr_kind]
    buying = np.bincount(b_lead[np.isin(b_kind, _BUYING_KINDS)], minlength=n) + hand_raise

    # (d) unsubscribing: likelier without intent; no mail is read afterwards
    unsub = ~z["never"] & (rng.random(n) < _sigmoid(-2.9 - 0.8 * intent))
    unsub_time = np.where(
        unsub, created + (rng.exponential(60.0, n) * _DAY).astype(np.int64), np.iinfo(np.int64).max
    )
    parts_lead.append(lead_idx[unsub])
    parts_time.append(unsub_time[unsub])
    parts_kind.append(np.full(int(unsub.sum()), _UNSUBSCRIBE_KIND, dtype=np.int16))

    a_lead = np.concatenate(parts_lead)
    a_time = np.concatenate(parts_time)
    a_kind = np.concatenate(parts_kind)
    del parts_lead, parts_time, parts_kind
    is_mail = np.zeros(len(KINDS), dtype=bool)
    is_mail[list(_EMAIL_KINDS)] = True
    keep = (a_time < end_sec) & ~(is_mail[a_kind] & (a_time > unsub_time[a_lead]))
    a_lead, a_time, a_kind = a_lead[keep], a_time[keep], a_kind[keep]
    del keep
    key = (a_lead.astype(np.int64) << 32) | (a_time - cal["day0"] * _DAY)
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

    # the CRM's MQL moment: first time fit points + behaviour points reach the threshold
    fit_points = (
        np.array([r[2] for r in TITLE_RANKS])[z["rank"]]
        + np.where(z["emp"] >= 1000, 12.0, np.where(z["emp"] >= 100, 8.0, 0.0))
        + np.where(np.isin(z["ind"], [0, 1]), 5.0, 0.0)
        - 40.0 * (z["student"] | z["competitor"])
    )
    # (points of the last CRM_WINDOW_DAYS only: a window sum from one running total)
    # (only rows whose positive points since the lead's start could reach it are checked)
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
    key = (act["lead"].astype(np.int64) << 32) | (act["time"] - cal["day0"] * _DAY)
    lo = np.maximum(
        np.searchsorted(key, key[cand] - CRM_WINDOW_DAYS * _DAY, side="left"),
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
    facts = {
        "burst_end": burst_end,
        "burst_moy": _months(burst_day * _DAY) % 12 + 1,
        "buying": buying,
        "unsub": unsub,
        "last_activity": last,
        "mql_time": mql_time,
    }
    return act, facts


def _draw_sales(rng: np.random.Generator, z: _Arrays, cal: dict) -> _Arrays:
    """Owners, first contact, BANT and feedback of each lead."""
    n = len(z["created"])
    end_sec = cal["end_sec"]
    mql_time = z["mql_time"]
    is_mql = mql_time >= 0
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
    contact = (
        mql_time + 600 + (median_h * np.exp(sigma * rng.normal(0, 1, n)) * 3600).astype(np.int64)
    )
    # calls happen in office hours: evenings, nights and weekends wait for the next work day
    day = contact // _DAY
    hour = (contact % _DAY) / 3600
    day = np.where(hour >= 19, day + 1, day)
    moved = _next_weekday(day, rng, 0.95)
    contact = np.where(
        (moved != contact // _DAY) | (hour < 9),
        moved * _DAY + 9 * 3600 + rng.integers(0, 3 * 3600, n),
        contact,
    )
    contacted = is_mql & (rng.random(n) < 0.95) & (contact < end_sec)
    late = np.clip(((contact - mql_time) / 3600 - 48) / 72, 0, 1)

    assess = contact + np.where(  # on the first call, or at a follow-up call a few days later
        rng.random(n) < 0.7, rng.integers(300, 3600, n), rng.integers(1, 5, n) * _DAY
    )
    assessed = contacted & (rng.random(n) < 0.9) & (assess < end_sec)
    proj, intent, rank = z["project"].astype(float), z["intent"], z["rank"]

    def level(x: np.ndarray) -> np.ndarray:
        return np.clip(np.round(x + rng.normal(0, 0.65, n)), 0, 3).astype(np.int16)

    need = level(0.4 + 2.3 * proj + 0.2 * intent)
    timeline = level(0.3 + 2.2 * proj + 0.15 * intent - 0.9 * late)
    budget = level(0.6 + 1.1 * proj + 0.2 * np.log10(z["emp"]) + 0.3 * proj * (z["burst_moy"] >= 4))
    authority = level(np.array([2.7, 2.3, 1.5, 0.6])[rank])
    is_sql = assessed & (need >= SQL_MIN_NEED) & (timeline >= SQL_MIN_TIMELINE)
    levels = np.stack([budget, authority, need, timeline], axis=1)
    note = np.where(levels.min(axis=1) >= 2, 4, np.argmin(levels, axis=1))

    give = (
        np.maximum(contact, assess) // _DAY + rng.integers(1, 14, n)
    ) * _DAY + _business_seconds(rng, n)
    gives = (
        contacted & (rng.random(n) < np.linspace(0.95, 0.7, len(REPS))[owner]) & (give < end_sec)
    )
    # REASONS order: qualified, no_budget, too_early, competitor_in_use, research_only,
    # out_of_scope, no_answer
    reason = np.select(
        [
            is_sql,
            z["student"] | z["competitor"],
            ~assessed,
            (need >= 2) & (timeline < 2),
            budget == 0,
            rng.random(n) < 0.15,
        ],
        [0, 5, 6, 2, 1, 3],
        default=4,
    )
    verdict = np.select(  # 0 accepted, 1 rejected, 2 recycled
        [is_sql, np.isin(reason, [2, 6]) | ((reason == 1) & (rng.random(n) < 0.5))],
        [0, 2],
        default=1,
    )
    return {
        "owner": owner,
        "contact": contact,
        "contacted": contacted,
        "assess": assess,
        "assessed": assessed,
        "budget": budget,
        "authority": authority,
        "need": need,
        "timeline": timeline,
        "is_sql": is_sql,
        "note": note,
        "give": give,
        "gives": gives,
        "reason": reason,
        "verdict": verdict,
    }


def _draw_deals(rng: np.random.Generator, z: _Arrays, cal: dict) -> _Arrays:
    """Deals: from SQLs after their buying burst, a few from other MQLs, some sourced by sales."""
    n = len(z["created"])
    end_sec = cal["end_sec"]
    fit, intent = z["fit"], z["intent"]
    sql_deal = z["is_sql"] & (rng.random(n) < _sigmoid(1.0 + 0.5 * fit + 0.3 * intent))
    mql_deal = z["assessed"] & ~z["is_sql"] & (rng.random(n) < 0.04)
    sales_deal = (z["mql_time"] < 0) & (rng.random(n) < np.minimum(0.08, 0.006 * np.exp(1.3 * fit)))
    lag = (rng.exponential(10.0, n) * _DAY).astype(np.int64) + _DAY
    deal_time = np.select(
        [sql_deal, mql_deal],
        [
            np.maximum(z["assess"], np.where(z["project"], z["burst_end"], 0)) + lag,
            z["assess"] + 7 * _DAY + 3 * lag,
        ],
        default=z["created"] + (rng.uniform(20, 400, n) * _DAY).astype(np.int64),
    )
    deal_time = (deal_time // _DAY + 1) * _DAY + _business_seconds(rng, n)  # office hours
    real = ~z["student"] & ~z["competitor"]
    lead = np.flatnonzero((sql_deal | mql_deal | sales_deal) & real & (deal_time < end_sec))
    lead = lead[np.argsort(deal_time[lead], kind="stable")]
    m = len(lead)
    created = deal_time[lead]
    amount = np.clip(
        1.3e6 * (z["emp"][lead] / 100) ** 0.45 * np.exp(rng.normal(0, 0.55, m)), 3e5, 8e7
    ).round(-4)
    duration = np.clip(np.exp(rng.normal(math.log(60), 0.45, m)) * (amount / 3e6) ** 0.15, 25, 185)
    closed_at = (created // _DAY + duration.astype(np.int64)) * _DAY + _business_seconds(rng, m)
    close_month = _months(closed_at)
    # fiscal-year end: deals due in Jan/Feb often slip to the end of March
    push = np.isin(close_month % 12, [0, 1]) & (rng.random(m) < 0.35)
    march = (np.datetime64("1970-01", "M") + (close_month // 12 * 12 + 2)).astype("datetime64[D]")
    march_sec = (march.astype(np.int64) + rng.integers(5, 31, m)) * _DAY + 15 * 3600
    push &= march_sec <= created + 186 * _DAY  # still within six months
    closed_at = np.where(push, march_sec, closed_at)
    moy = _months(closed_at) % 12
    win_logit = (
        -1.9
        + 0.55 * fit[lead]
        + 0.35 * intent[lead]
        + 0.25 * np.log1p(z["buying"][lead])
        - 0.8 * z["unsub"][lead]
        + np.asarray(WIN_MONTH_EFFECT)[moy]
        + np.array([r[5] for r in REPS])[z["owner"][lead]]
    )
    won = rng.random(m) < _sigmoid(win_logit)
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
        "link": _choice(rng, m, [0.93, 0.05, 0.02]),  # 0 lead id, 1 e-mail only, 2 account only
        "lost_reason": np.where(
            closed & ~won, _choice(rng, m, [r[2] for r in LOST_REASONS]), len(LOST_REASONS)
        ),
        "product": np.searchsorted(np.array([p[2] for p in PRODUCTS]), amount),
        "owner": z["owner"][lead],
    }


def _campaign_vocab(loc: int, month0: int, n_months: int) -> tuple[pl.Series, np.ndarray]:
    """Lead campaign names (source x variant x month) and each source's first index."""
    names: list[str] = []
    base = []
    for variants in CAMPAIGNS:
        base.append(len(names))
        names += _month_vocab(tuple(v[loc] for v in variants), month0, n_months)
    return pl.Series(names, dtype=pl.String), np.array(base)


def _leads_frame(z: _Arrays, deals: _Arrays, loc: int, cal: dict) -> pl.DataFrame:
    """The leads table from the drawn arrays."""
    n = len(z["created"])
    comp = z["comp"]
    end_sec = cal["end_sec"]
    # company names and domains, built per company then given to its leads
    suffix_flat = [s for group in SUFFIXES for s in group]
    suffix_base = np.cumsum([0] + [len(g) for g in SUFFIXES[:-1]])
    suffix_code = suffix_base[z["c_ind"]] + z["c_suffix"]
    government = z["c_ind"] == _GOVERNMENT
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
    companies = pl.DataFrame(
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
    idx = pl.Series(comp)
    uni = z["uni"]
    rival = z["rival"]
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
    people = specials.select(
        pl.when(student)
        .then(pl.col("uni_name"))
        .when(competitor)
        .then(pl.col("rival_name"))
        .otherwise(pl.col("comp_name"))
        .alias("company"),
        domain.alias("email_domain"),
        (local + "@" + domain).alias("email"),
    )

    # titles: one draw within the rank's titles
    titles_flat = [t for group in TITLES for t in group]
    title_code = np.zeros(n, dtype=np.int64)
    offset = 0
    for r, group in enumerate(TITLES):
        cum = np.cumsum([t[2] for t in group])
        mask = z["rank"] == r
        within = np.searchsorted(cum / cum[-1], z["title_u"][mask], side="right")
        title_code[mask] = offset + np.minimum(within, len(group) - 1)
        offset += len(group)
    title = _gather(
        pl.Series([t[loc] for t in titles_flat] + [("学生", "Student")[loc]]),
        np.where(z["student"], len(titles_flat), title_code),
    )
    department = _gather(
        pl.Series(
            [d[loc] for d in DEPARTMENTS] + [("工学部", "Faculty of Engineering")[loc], None]
        ),
        np.where(
            z["student"],
            len(DEPARTMENTS),
            np.where(z["missing"][:, 2] < 0.08, len(DEPARTMENTS) + 1, z["dept"]),
        ),
    )

    # campaign of the lead, by source and month
    vocab, base = _campaign_vocab(loc, cal["month0"], cal["n_months"])
    n_var = np.array([len(v) for v in CAMPAIGNS])[z["source"]]
    variant = np.minimum((z["campaign_u"] * n_var).astype(np.int64), n_var - 1)
    month_i = np.clip(_months(z["created"]) - cal["month0"], 0, cal["n_months"] - 1)
    campaign = _gather(vocab, base[z["source"]] + variant * cal["n_months"] + month_i)

    government = z["ind"] == _GOVERNMENT
    employees = np.where(z["missing"][:, 0] < 0.03, np.nan, z["emp"])
    revenue = np.where(
        (z["missing"][:, 1] < 0.10) | government | z["student"],
        np.nan,
        z["c_rev"][comp],
    )
    revenue = np.where(z["competitor"], 1.5e9, revenue)
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
            z["last_activity"] >= end_sec - 180 * _DAY,
        ],
        [5, 6, 4, 3, 8, 7, 2, 1],
        default=0,
    )
    id_width = max(7, len(str(n)))
    return pl.DataFrame(
        {
            "lead_id": "L" + pl.Series(np.arange(1, n + 1)).cast(pl.String).str.zfill(id_width),
            "created_at": _timestamps(z["created"]),
            "source": _gather(pl.Series([s[0] for s in SOURCES]), z["source"]),
            "campaign": campaign,
            "company": people["company"],
            "industry": _gather(pl.Series([i[loc] for i in INDUSTRIES]), z["ind"]),
            "employees": pl.Series(employees).fill_nan(None).cast(pl.Int64),
            "annual_revenue": pl.Series(revenue).fill_nan(None),
            "prefecture": _gather(pl.Series([p[loc] for p in PREFECTURES]), z["pref"]),
            "region": _gather(pl.Series([r[loc] for r in REGIONS]), z["region"]),
            "country": pl.repeat(("日本", "Japan")[loc], n, eager=True),
            "title": title,
            "title_rank": _gather(pl.Series([r[0] for r in TITLE_RANKS]), z["rank"]),
            "department": department,
            "email": people["email"],
            "email_domain": people["email_domain"],
            "owner": _gather(pl.Series([r[loc] for r in REPS]), z["owner"]),
            "status": _gather(pl.Series([s[loc] for s in STATUSES]), status),
            "page_views": pl.Series([None] * n, dtype=pl.Int64),
            "time_on_site_s": pl.Series([None] * n, dtype=pl.Float64),
            "mql_at": _timestamps(z["mql_time"], z["mql_time"] >= 0),
            "sql_at": _timestamps(z["assess"], z["is_sql"]),
            "first_contact_at": _timestamps(z["contact"], z["contacted"]),
            "converted_at": _timestamps(deal_created, has_deal),
        }
    )


def _activities_frame(
    rng: np.random.Generator, act: _Arrays, lead_ids: pl.Series, loc: int, cal: dict
) -> pl.DataFrame:
    """The activities table from (lead, time, kind) arrays."""
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
            "occurred_at": _timestamps(act["time"]),
            "type": _gather(pl.Series([k[0] for k in KINDS]), kind),
            "detail": _gather(pl.Series([k[1 + loc] for k in KINDS]), kind),
            "duration_s": pl.Series(duration).fill_nan(None),
            "campaign": _gather(campaigns, campaign_idx),
        }
    )


def _deals_frame(deals: _Arrays, leads: pl.DataFrame, loc: int) -> pl.DataFrame:
    """The deals table; a few deals carry only the contact e-mail or the account name."""
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
            "created_at": _timestamps(deals["created"]),
            "stage": _gather(pl.Series(stages), deals["stage"]),
            "amount": deals["amount"].astype(np.float64),
            "closed_at": _timestamps(deals["closed_at"], deals["closed"]),
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
    if loc == 0:  # 株式会社東和工業 -> 東和工業(株), 有限会社光商店 -> 光商店(有)
        company = pl.col("company")
        short_account = (
            pl.when(company.str.contains("株式会社|㈱"))
            .then(company.str.replace("株式会社|㈱", "") + "(株)")
            .when(company.str.contains("有限会社"))
            .then(company.str.replace("有限会社", "") + "(有)")
            .otherwise(company)
        )
    else:  # Towa Industries Co., Ltd. -> TOWA INDUSTRIES
        short_account = (
            pl.col("company")
            .str.replace(r" Co\., Ltd\.$| Inc\.$| Corporation$", "")
            .str.to_uppercase()
        )
    return base.select(
        "deal_id",
        pl.when(pl.col("link") == 0).then(pl.col("lead")).alias("lead_id"),
        pl.when(pl.col("link") == 2)
        .then(short_account)
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


def _costs_frame(rng: np.random.Generator, z: _Arrays, cal: dict) -> pl.DataFrame:
    """Monthly spend per channel: cost per lead brought plus a fixed monthly part."""
    n_months, k = cal["n_months"], len(SOURCES)
    month_i = np.clip(_months(z["created"]) - cal["month0"], 0, n_months - 1)
    per = np.bincount(month_i * k + z["source"], minlength=n_months * k)
    cpl = np.tile([s[3] for s in SOURCES], n_months)
    fixed = np.tile([s[4] for s in SOURCES], n_months) * max(1.0, len(z["created"]) / 20_000)
    amount = ((per * cpl + fixed) * np.exp(rng.normal(0, 0.12, len(per)))).round(-3)
    end_month = date(
        cal["start"].year + (cal["start"].month + n_months - 2) // 12,
        (cal["start"].month + n_months - 2) % 12 + 1,
        1,
    )
    months = pl.date_range(cal["start"], end_month, interval="1mo", eager=True)
    return pl.DataFrame(
        {
            "month": months.gather(pl.Series(np.repeat(np.arange(n_months), k))),
            "channel": pl.Series(np.tile([s[0] for s in SOURCES], n_months)),
            "amount": amount.astype(np.float64),
        }
    )


def generate_demo(
    *, leads: int = 20_000, seed: int = 7, locale: str = "ja", end: date = date(2026, 10, 31)
) -> dict[str, pl.DataFrame]:
    """Generate the demo company's leads, activities, deals, BANT, feedback and costs.

    Args:
        leads: number of leads (created over the 24 months up to ``end``).
        seed: seed of the one random generator; the same seed gives identical frames.
        locale: ``"ja"`` (Japanese names and labels) or ``"en"``.
        end: the last day of data; later events are cut off (recent deals stay open).

    Returns:
        ``{"leads", "activities", "deals", "bant", "feedback", "costs"}`` -> frames with
        exactly the canonical columns and types of ``db.TABLES`` (no ``import_id``).

    Raises:
        InputError: ``leads`` is not a positive integer or ``locale`` is unknown.

    Example:
        >>> frames = generate_demo(leads=100, seed=1, locale="en")
        >>> frames["leads"].columns[:4]
        ['lead_id', 'created_at', 'source', 'campaign']
        >>> bool((frames["activities"]["type"] == "page_view").any())
        True
    """
    if isinstance(leads, bool) or not isinstance(leads, Integral) or not 1 <= leads <= 50_000_000:
        raise InputError(
            f"leads={leads!r} is not a number of leads between 1 and 50000000; use e.g. --leads 20000"
        )
    if locale not in LOCALES:
        raise InputError(f"locale={locale!r} is not supported; use one of {', '.join(LOCALES)}")
    loc = LOCALES.index(locale)
    rng = np.random.default_rng(seed)
    cal = _calendar(end)
    z = _draw_leads(rng, int(leads), cal, loc)
    act, facts = _draw_activities(rng, z, cal)
    z = {**z, **facts}
    z = {**z, **_draw_sales(rng, z, cal)}
    deals = _draw_deals(rng, z, cal)
    frames = {"leads": _leads_frame(z, deals, loc, cal)}
    lead_ids = frames["leads"]["lead_id"]
    frames["activities"] = _activities_frame(rng, act, lead_ids, loc, cal)
    del act
    frames["deals"] = _deals_frame(deals, frames["leads"], loc)
    reps = pl.Series([r[loc] for r in REPS])
    b = np.flatnonzero(z["assessed"])
    frames["bant"] = pl.DataFrame(
        {
            "lead_id": lead_ids.gather(pl.Series(b)),
            "assessed_at": _timestamps(z["assess"][b]),
            "budget": z["budget"][b],
            "authority": z["authority"][b],
            "need": z["need"][b],
            "timeline": z["timeline"][b],
            "assessed_by": _gather(reps, z["owner"][b]),
            "note": _gather(pl.Series([note[loc] for note in BANT_NOTES]), z["note"][b]),
        }
    )
    f = np.flatnonzero(z["gives"])
    frames["feedback"] = pl.DataFrame(
        {
            "lead_id": lead_ids.gather(pl.Series(f)),
            "given_at": _timestamps(z["give"][f]),
            "given_by": _gather(reps, z["owner"][f]),
            "verdict": _gather(pl.Series(["accepted", "rejected", "recycled"]), z["verdict"][f]),
            "reason": _gather(pl.Series([r[1 + loc] for r in REASONS]), z["reason"][f]),
        }
    )
    frames["costs"] = _costs_frame(rng, z, cal)
    return {
        name: frames[name].select(pl.col(c).cast(t) for c, t in demo_schema(name).items())
        for name in ("leads", "activities", "deals", "bant", "feedback", "costs")
    }


def load_demo(
    ws: Workspace, *, leads: int = 20_000, seed: int = 7, locale: str = "ja"
) -> dict[str, int]:
    """Replace the workspace's data tables with a generated demo company, in one transaction.

    The six data tables are emptied and filled from :func:`generate_demo`; an ``imports``
    row of kind ``'demo'`` records it, and the data version is bumped (caches refresh).
    Criteria, sign-offs and the import history are kept.

    Args:
        ws: an open workspace.
        leads: number of leads to generate.
        seed: seed of the generator (same seed, same data).
        locale: ``"ja"`` or ``"en"`` names and labels.

    Returns:
        Row counts per table: ``{"leads", "activities", "deals", "bant", "feedback", "costs"}``.

    Raises:
        InputError: bad ``leads`` or ``locale`` (nothing is written).

    Example:
        >>> ws = Workspace.open(":memory:")
        >>> counts = load_demo(ws, leads=100)
        >>> counts["leads"], ws.scalar("SELECT count(*) FROM leads")
        (100, 100)
        >>> ws.scalar("SELECT kind FROM imports")
        'demo'
    """
    started = datetime.now()
    frames = generate_demo(leads=leads, seed=seed, locale=locale)
    counts = {name: frame.height for name, frame in frames.items()}
    label = f"demo (leads={leads}, seed={seed}, locale={locale})"
    with ws.transaction() as cur:
        for table in DATA_TABLES:
            cur.execute(f"DELETE FROM {quote_ident(table)}")
        for table, frame in frames.items():
            columns = ", ".join(quote_ident(c) for c in frame.columns)
            view = f"kakehashi_demo_{table}"
            with ws.registered(view, frame):
                cur.execute(
                    f"INSERT INTO {quote_ident(table)} ({columns}) SELECT {columns} FROM {view}"
                )
        import_id = ws.next_import_id(cur)
        total = sum(counts.values())
        cur.execute(
            "INSERT INTO imports (import_id, kind, file_name, sha256, preset, rows_read, inserted, "
            "updated, rejected, started_at, finished_at, status) "
            "VALUES (?, 'demo', ?, ?, 'demo', ?, ?, 0, 0, ?, ?, 'ok')",
            [
                import_id,
                label,
                hashlib.sha256(label.encode()).hexdigest(),
                total,
                total,
                started,
                datetime.now(),
            ],
        )
        ws.bump_data_version(cur)
    return counts
