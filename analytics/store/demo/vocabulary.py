"""The demo company's vocabulary and hidden rules: pure data tables, no code.

Tuples are indexed by the generator (:mod:`analytics.store.demo.draw` draws
indices, :mod:`analytics.store.demo.frames` turns them into labels); where a pair
of labels is given, index 0 is Japanese and 1 English (``LOCALES`` order). The
numbers are the hidden model described in :mod:`analytics.store.demo`.

Example:
    >>> PREFECTURES[12][:2], REGIONS[PREFECTURES[12][3]][:2]
    (('東京都', 'Tokyo'), ('首都圏', 'Greater Tokyo'))
    >>> [k[0] for k in KINDS][BUYING_KINDS[0]]
    'page_view'
"""

from __future__ import annotations

import math

# The CRM's own (hidden) MQL rule and the demo's SQL rule; documented in the README.
CRM_MQL_THRESHOLD = 65.0
CRM_WINDOW_DAYS = 90
SQL_MIN_NEED = 2
SQL_MIN_TIMELINE = 2

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
GOVERNMENT = 8
EDUCATION = 7
IT = 1

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
LIST_IMPORT = 5
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
UNSUBSCRIBE_KIND = 25
EMAIL_KINDS = (12, 13, 14, 15)
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


# kinds that count as buying behaviour (pricing, case studies, price list, ROI, webinars,
# quote and demo requests)
BUYING_KINDS = (2, 3, 9, 11, 16, 17, 18, 20, 21)
