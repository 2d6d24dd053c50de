"""Every UI string in English and Japanese: one translation table.

Pages never hard-code text; they call :func:`t`. ``tests/test_i18n.py`` checks
that every key has both languages, the same ``{placeholders}`` in each, and that
every key used in ``app.py`` / ``pages/`` exists here.

Each page owns one section below (append keys inside your own section only).

"""

from __future__ import annotations

LANGUAGES: dict[str, str] = {"en": "English", "ja": "日本語"}

STRINGS: dict[str, dict[str, str]] = {
    # --- section: common ---
    "app.title": {"en": "Kakehashi", "ja": "架け橋 Kakehashi"},
    "common.rows": {"en": "{n} rows", "ja": "{n} 行"},
    "common.upload_button": {"en": "Upload", "ja": "アップロード"},
    "common.upload_limit": {"en": "{size} per file", "ja": "1ファイル{size}まで"},
    "common.error": {"en": "{message}", "ja": "{message}"},
    "common.kind_leads": {"en": "Leads", "ja": "リード"},
    "common.kind_activities": {"en": "Activities", "ja": "行動履歴"},
    "common.kind_deals": {"en": "Deals", "ja": "商談"},
    "common.kind_bant": {"en": "BANT assessments", "ja": "BANT評価"},
    "common.kind_feedback": {"en": "Sales feedback", "ja": "営業フィードバック"},
    "common.kind_costs": {"en": "Costs", "ja": "コスト"},
    "common.empty_title": {
        "en": "This workspace has no data yet.",
        "ja": "このワークスペースにはまだデータがありません。",
    },
    "common.empty_hint": {
        "en": "Load the demo data on the Overview page, or import your CRM/MA exports.",
        "ja": "概要ページでデモデータを読み込むか、CRM/MAのエクスポートを取り込んでください。",
    },
    "common.go_import": {"en": "Go to Import data", "ja": "データ取り込みへ"},
    "common.go_overview": {"en": "Go to Overview", "ja": "概要へ"},
    "common.this_page": {"en": "This page", "ja": "このページ"},
    "common.no_outcome": {
        "en": "There is no outcome to measure against: no deals, and no Converted (1/0, yes/no) "
        "or Lifecycle Stage column on the leads. Import deals, or leads with one of those "
        "columns, on the Import data page.",
        "ja": "比べる成果がありません。商談データも、リードの成約（1/0、はい/いいえ）や"
        "ライフサイクルステージの列もありません。データ取り込みページで商談、"
        "またはこれらの列があるリードを取り込んでください。",
    },
    "scoring.unmatched": {
        "en": "{n} rule(s) list values no lead has",
        "ja": "{n} 件のルールに、どのリードにもない値があります",
    },
    "common.col_import_id": {"en": "Import #", "ja": "取り込み番号"},
    "common.col_kind": {"en": "Kind", "ja": "種類"},
    "common.col_file_name": {"en": "File", "ja": "ファイル"},
    "common.col_sha256": {"en": "SHA-256", "ja": "SHA-256"},
    "common.col_encoding": {"en": "Encoding", "ja": "文字コード"},
    "common.col_delimiter": {"en": "Delimiter", "ja": "区切り文字"},
    "common.col_preset": {"en": "Format", "ja": "形式"},
    "common.col_rows_read": {"en": "Rows read", "ja": "読込行数"},
    "common.col_inserted": {"en": "Inserted", "ja": "追加"},
    "common.col_updated": {"en": "Updated", "ja": "更新"},
    "common.col_rejected": {"en": "Rejected", "ja": "除外"},
    "common.col_started_at": {"en": "Started", "ja": "開始"},
    "common.col_finished_at": {"en": "Finished", "ja": "完了"},
    "common.col_status": {"en": "Status", "ja": "状態"},
    "common.col_row_number": {"en": "Row", "ja": "行"},
    "common.col_row": {"en": "Row", "ja": "行"},
    "common.col_column": {"en": "Column", "ja": "列"},
    "common.col_reason": {"en": "Reason", "ja": "理由"},
    "common.col_raw": {"en": "Raw row", "ja": "元の行"},
    "common.kind_demo": {"en": "Demo data", "ja": "デモデータ"},
    "common.status_ok": {"en": "OK", "ja": "完了"},
    "common.status_partial": {"en": "Partly rejected", "ja": "一部除外"},
    "common.status_rejected": {"en": "All rejected", "ja": "すべて除外"},
    "common.status_empty": {"en": "Empty", "ja": "空"},
    "common.replay_progress": {
        "en": "Replaying the criteria over every lead: {stage} · {elapsed} s elapsed{left}",
        "ja": "判定基準で全リードを再計算しています: {stage} · 経過 {elapsed} 秒{left}",
    },
    "common.replay_left": {"en": ", about {left} s left", "ja": "、残り約 {left} 秒"},
    "common.replay_stage.read": {
        "en": "reading leads and deals",
        "ja": "リードと商談を読み込み中",
    },
    "common.replay_stage.activities": {
        "en": "reading the scored activities",
        "ja": "スコア対象の行動履歴を読み込み中",
    },
    "common.replay_stage.timeline": {
        "en": "ordering each lead's activities in time",
        "ja": "リードごとの行動を時系列に整理中",
    },
    "common.replay_stage.score": {
        "en": "scoring each lead along its path",
        "ja": "スコアの推移を計算中",
    },
    "common.replay_stage.moments": {
        "en": "finding MQL and SQL moments and outcomes",
        "ja": "MQL・SQL の時点と成果を判定中",
    },
    "common.replay_stage.cache": {
        "en": "keeping the result for the next pages",
        "ja": "次のページ用に結果を保存中",
    },
    "common.replay_stage.done": {"en": "done", "ja": "完了"},
    # --- end section: common ---
    # --- section: app ---
    "app.page_overview": {"en": "Overview", "ja": "概要"},
    "app.page_import": {"en": "Import data", "ja": "データ取り込み"},
    "app.workspace": {"en": "Workspace", "ja": "ワークスペース"},
    "app.language": {"en": "Language", "ja": "言語 / Language"},
    "app.period": {"en": "Period", "ja": "期間"},
    "app.criteria": {"en": "Criteria", "ja": "判定基準"},
    "app.criteria_in_force": {"en": "In force: {version}", "ja": "適用中: {version}"},
    "app.criteria_help": {
        "en": "In force: the version both marketing and sales signed (agreed), else the shipped "
        "default, which is not agreed. Saving or proposing a draft never changes it; pick a "
        "draft here to look at it (every page then says so).",
        "ja": "適用中: マーケティングと営業の両方が署名した版（合意済み）、なければ初期設定（未合意）。"
        "下書きの保存や提案では変わりません。下書きを見るにはここで選んでください（各ページにその旨が表示されます）。",
    },
    "app.criteria_version": {
        "en": "{name} v{version} ({status})",
        "ja": "{name} 第{version}版（{status}）",
    },
    "app.criteria_status_draft": {"en": "draft", "ja": "下書き"},
    "app.criteria_status_proposed": {"en": "proposed", "ja": "提案中"},
    "app.criteria_status_agreed": {"en": "agreed", "ja": "合意済み"},
    "app.criteria_status_retired": {"en": "retired", "ja": "廃止"},
    "app.criteria_status_default": {"en": "shipped default, not agreed", "ja": "初期設定・未合意"},
    "app.period_none": {
        "en": "Period: no dated data yet",
        "ja": "期間: 日付のあるデータがまだありません",
    },
    "app.workspace_waiting": {
        "en": "Another program is writing to this workspace (an import or a script); "
        "the page waits for it…",
        "ja": "別のプログラムがこのワークスペースに書き込み中です（取り込みやスクリプト）。"
        "終わるまで待っています…",
    },
    "app.workspace_error": {
        "en": "Cannot open the workspace: {message}",
        "ja": "ワークスペースを開けません: {message}",
    },
    # --- end section: app ---
    # --- section: overview ---
    "overview.title": {"en": "Overview", "ja": "概要"},
    "overview.caption": {
        "en": "What this workspace holds: rows per table, the dates they cover, and the latest imports.",
        "ja": "このワークスペースの内容: テーブルごとの件数、対象期間、最近の取り込み。",
    },
    "overview.counts": {"en": "Rows per table", "ja": "テーブルごとの件数"},
    "overview.date_ranges": {"en": "Dates covered", "ja": "対象期間"},
    "overview.col_table": {"en": "Table", "ja": "テーブル"},
    "overview.col_rows": {"en": "Rows", "ja": "件数"},
    "overview.col_first": {"en": "First", "ja": "開始日"},
    "overview.col_last": {"en": "Last", "ja": "終了日"},
    "overview.latest_imports": {"en": "Latest imports", "ja": "最近の取り込み"},
    "overview.no_imports": {"en": "No imports yet.", "ja": "取り込み履歴はまだありません。"},
    "overview.custom_attributes": {"en": "Custom lead attributes", "ja": "カスタム属性（リード）"},
    "overview.no_custom": {
        "en": "None: every lead column is a standard one.",
        "ja": "ありません: リードの列はすべて標準の列です。",
    },
    "overview.col_name": {"en": "Attribute", "ja": "属性"},
    "overview.col_type": {"en": "Type", "ja": "型"},
    "overview.col_filled": {"en": "Filled", "ja": "入力あり"},
    "overview.empty": {
        "en": "This workspace is empty. Two ways in:",
        "ja": "このワークスペースは空です。始め方は2つあります:",
    },
    "overview.way_demo": {
        "en": "**Try the demo**: generate a realistic, seeded sample company (leads, activities, deals, BANT, feedback, costs).",
        "ja": "**デモで試す**: 架空の会社のサンプルデータ（リード、行動履歴、商談、BANT、フィードバック、コスト）を生成します。",
    },
    "overview.load_demo": {"en": "Load demo data", "ja": "デモデータを読み込む"},
    "overview.demo_cli": {
        "en": "From a terminal instead (the dashboard may stay open; the command waits for the page being drawn): `python -m analytics demo --db {path}`",
        "ja": "ターミナルから実行する場合（ダッシュボードは開いたままで構いません。表示中のページの描画が終わるまで待ちます）: `python -m analytics demo --db {path}`",
    },
    "overview.demo_loaded": {
        "en": "Demo data loaded: {leads} leads.",
        "ja": "デモデータを読み込みました: リード {leads} 件。",
    },
    "overview.way_import": {
        "en": "**Import your own data**: upload CSV/TSV/Excel exports from HubSpot, Salesforce, Marketo or any CRM.",
        "ja": "**自社データを取り込む**: HubSpot、Salesforce、Marketo などのCSV/TSV/Excelエクスポートをアップロードします。",
    },
    # --- end section: overview ---
    # --- section: import ---
    "import.title": {"en": "Import data", "ja": "データ取り込み"},
    "import.caption": {
        "en": "Upload CSV, TSV or Excel exports. Encoding (UTF-8, UTF-8 with BOM, Shift_JIS/CP932), delimiter and export format are detected; check the mapping, then import.",
        "ja": "CSV・TSV・Excelのエクスポートをアップロードしてください。文字コード（UTF-8、BOM付きUTF-8、Shift_JIS/CP932）、区切り文字、形式は自動判定されます。列の対応を確認してから取り込みます。",
    },
    "import.kind": {"en": "What the files contain", "ja": "ファイルの内容"},
    "import.files_help": {
        "en": "Up to 200 MB per file here. For larger exports (millions of rows) use the "
        "command line with the dashboard stopped: python -m analytics import KIND FILE",
        "ja": "ここでは 1 ファイル 200 MB まで。それより大きいエクスポート（数百万行）は、"
        "ダッシュボードを止めてコマンドラインで: python -m analytics import KIND FILE",
    },
    "import.preset": {"en": "Export format", "ja": "エクスポート形式"},
    "import.preset_auto": {"en": "Detect automatically", "ja": "自動判定"},
    "import.preset_hubspot": {"en": "HubSpot", "ja": "HubSpot"},
    "import.preset_salesforce": {"en": "Salesforce", "ja": "Salesforce"},
    "import.preset_marketo": {"en": "Marketo", "ja": "Marketo"},
    "import.preset_generic": {"en": "Other (generic)", "ja": "その他（汎用）"},
    "import.files": {
        "en": "Files (CSV, TSV, TXT, XLSX)",
        "ja": "ファイル（CSV・TSV・TXT・XLSX）",
    },
    "import.detected": {
        "en": "Encoding {encoding} · delimiter {delimiter} · format {preset} · {columns} columns",
        "ja": "文字コード {encoding} ・ 区切り文字 {delimiter} ・ 形式 {preset} ・ {columns} 列",
    },
    "import.delimiter_tab": {"en": "tab", "ja": "タブ"},
    "import.preview": {"en": "First rows as read", "ja": "読み込んだ先頭行"},
    "import.mapping": {
        "en": "Column mapping: choose where each column of the file goes",
        "ja": "列の対応: ファイルの各列の取り込み先を選んでください",
    },
    "import.col_source": {"en": "Column in the file", "ja": "ファイルの列"},
    "import.col_target": {"en": "Kakehashi column", "ja": "取り込み先の列"},
    "import.target_custom": {"en": "(custom attribute)", "ja": "（カスタム属性）"},
    "import.target_ignore": {"en": "(ignore)", "ja": "（取り込まない）"},
    "import.missing": {
        "en": "Required columns not found: {columns}. Map a column of the file to each, or the file cannot be imported.",
        "ja": "必須の列が見つかりません: {columns}。ファイルの列を対応させないと取り込めません。",
    },
    "import.all_found": {
        "en": "All required columns found.",
        "ja": "必須の列はすべて見つかりました。",
    },
    "import.id_from_row": {
        "en": "No id column: derive a stable id from each row",
        "ja": "ID 列がない: 各行から安定した ID を作る",
    },
    "import.id_from_row_help": {
        "en": "Each row gets an id from its content and its place among equal rows, so importing "
        "the same file again updates the same leads instead of adding duplicates.",
        "ja": "各行の内容と、同じ内容の行の中での順番から ID を作ります。同じファイルを再度取り込むと、"
        "重複を追加せず同じリードを更新します。",
    },
    "import.dry_run": {
        "en": "Dry run (check the files, write nothing)",
        "ja": "ドライラン（確認のみ、書き込まない）",
    },
    "import.run": {"en": "Import {n} file(s)", "ja": "{n} 件のファイルを取り込む"},
    "import.result": {
        "en": "{file}: {inserted} inserted, {updated} updated, {rejected} rejected ({rows} rows read).",
        "ja": "{file}: 追加 {inserted} 件、更新 {updated} 件、除外 {rejected} 件（読込 {rows} 行）。",
    },
    "import.result_dry": {
        "en": "Dry run, nothing written. {file}: would insert {inserted}, update {updated}, reject {rejected} ({rows} rows read).",
        "ja": "ドライラン（書き込みなし）。{file}: 追加 {inserted} 件、更新 {updated} 件、除外 {rejected} 件の見込み（読込 {rows} 行）。",
    },
    "import.result_meta": {
        "en": "Encoding {encoding} · delimiter {delimiter} · format {preset}",
        "ja": "文字コード {encoding} ・ 区切り文字 {delimiter} ・ 形式 {preset}",
    },
    "import.rejects": {"en": "Rejected rows", "ja": "除外された行"},
    "import.file_error": {"en": "{file}: {message}", "ja": "{file}: {message}"},
    "import.history": {"en": "Import history", "ja": "取り込み履歴"},
    "import.no_history": {"en": "No imports yet.", "ja": "取り込み履歴はまだありません。"},
    "import.rejects_of": {
        "en": "Show the rejected rows of import",
        "ja": "除外された行を表示する取り込み",
    },
    "import.no_rejects": {"en": "No rejected rows.", "ja": "除外された行はありません。"},
    "import.progress": {
        "en": "File {i} of {n}: {stage} · {elapsed} s elapsed{left}",
        "ja": "{n} 件中 {i} 件目: {stage} · 経過 {elapsed} 秒{left}",
    },
    "import.progress_left": {
        "en": ", about {left} s left",
        "ja": "、残り約 {left} 秒",
    },
    "import.stage.read": {"en": "reading the file", "ja": "ファイルを読み込み中"},
    "import.stage.convert": {"en": "checking values", "ja": "値を確認中"},
    "import.stage.write": {"en": "writing to the workspace", "ja": "ワークスペースに書き込み中"},
    "import.stage.done": {"en": "done", "ja": "完了"},
    "import.updating_scores": {
        "en": "Bringing the scores up to date for the new rows…",
        "ja": "新しい行についてスコアを更新しています…",
    },
    "import.waiting": {
        "en": "Choose what the files contain, then drop one or more files above.",
        "ja": "ファイルの内容を選んでから、上にファイルをドロップしてください。",
    },
    # --- end section: import ---
    # --- section: whatif ---
    "whatif.page": {"en": "What-if", "ja": "What-if 分析"},
    "whatif.title": {"en": "What-if: the MQL threshold", "ja": "What-if：MQL しきい値"},
    "whatif.intro": {
        "en": "Move the threshold and see, from the replayed history, what it would have done: MQL volume against sales capacity, conversion with 95% intervals, and the wins it would have missed.",
        "ja": "しきい値を動かすと、過去の再現から結果が分かります：営業キャパシティに対する MQL 件数、95% 区間付きの転換率、取りこぼす受注。",
    },
    "whatif.empty": {
        "en": "No leads yet: import leads (and activities, deals) or load the demo on the Import page to use the what-if.",
        "ja": "リードがまだありません。What-if を使うには、取り込みページでリード（と行動・商談）を取り込むか、デモを読み込んでください。",
    },
    "whatif.threshold": {"en": "MQL threshold", "ja": "MQL しきい値"},
    "whatif.threshold_exact": {"en": "Threshold (exact)", "ja": "しきい値（数値入力）"},
    "whatif.agreed": {"en": "Threshold in use: {value}", "ja": "使用中のしきい値：{value}"},
    "whatif.agreed_label": {"en": "in use", "ja": "使用中"},
    "whatif.effective": {
        "en": "Evaluated at {value} (the next grid value).",
        "ja": "{value} で評価しています（次のグリッド値）。",
    },
    "whatif.assumptions": {"en": "Assumptions", "ja": "前提"},
    "whatif.reps": {"en": "Sales reps", "ja": "営業担当の人数"},
    "whatif.per_rep": {"en": "MQLs a rep can work per month", "ja": "1 人が月に対応できる MQL 数"},
    "whatif.hours_per_mql": {"en": "Follow-up hours per MQL", "ja": "MQL 1 件あたりのフォロー時間"},
    "whatif.hourly_cost": {"en": "Cost per hour (¥)", "ja": "1 時間あたりのコスト（円）"},
    "whatif.value_per_win": {
        "en": "Value of a win, ¥ (0 = average won amount)",
        "ja": "受注 1 件の価値・円（0 = 平均受注額）",
    },
    "whatif.target_recall": {
        "en": "Coverage: share of wins (%)",
        "ja": "カバー率：受注の割合（%）",
    },
    "whatif.max_share": {
        "en": "… from at most this share of leads (%)",
        "ja": "… リードの割合の上限（%）",
    },
    "whatif.kpis": {"en": "At this threshold", "ja": "このしきい値では"},
    "whatif.mql": {"en": "MQLs", "ja": "MQL 数"},
    "whatif.mql_per_month": {"en": "MQLs per month", "ja": "月あたり MQL"},
    "whatif.capacity": {"en": "Sales capacity per month", "ja": "月あたり営業キャパシティ"},
    "whatif.mql_rate": {"en": "Leads that become MQL", "ja": "MQL になるリードの割合"},
    "whatif.sql_rate": {"en": "MQL → SQL", "ja": "MQL → SQL"},
    "whatif.precision": {"en": "MQL → won (precision)", "ja": "MQL → 受注（適合率）"},
    "whatif.recall": {"en": "Wins through MQLs (recall)", "ja": "MQL 経由の受注（再現率）"},
    "whatif.interval": {
        "en": "95% CI {ci} (n={n})",
        "ja": "95% 区間 {ci}（n={n}）",
    },
    "whatif.small_sample": {
        "en": "Fewer than 50 MQLs: read these rates with care.",
        "ja": "MQL が 50 件未満です。率は慎重に読んでください。",
    },
    "whatif.below": {"en": "Wins below the threshold", "ja": "しきい値未満の受注"},
    "whatif.below_revenue": {"en": "Revenue below the threshold", "ja": "しきい値未満の受注額"},
    "whatif.expected_sql": {"en": "Expected SQLs / month", "ja": "月あたり期待 SQL"},
    "whatif.expected_won": {"en": "Expected wins / month", "ja": "月あたり期待受注"},
    "whatif.expected_revenue": {"en": "Expected revenue / month", "ja": "月あたり期待受注額"},
    "whatif.followup": {"en": "Follow-up per month", "ja": "月あたりフォロー工数"},
    "whatif.hours": {"en": "{hours} h", "ja": "{hours} 時間"},
    "whatif.followup_cost": {"en": "Cost: {cost}", "ja": "コスト：{cost}"},
    "whatif.use": {"en": "Use", "ja": "適用"},
    "whatif.suggestion": {
        "en": "**{rule}: {threshold}** — {reason}",
        "ja": "**{rule}：{threshold}** — {reason}",
    },
    "whatif.over_capacity": {
        "en": "{mql} MQLs a month exceed the sales capacity of {capacity}.",
        "ja": "月 {mql} 件の MQL は営業キャパシティ {capacity} を超えています。",
    },
    "whatif.monthly": {
        "en": "MQLs per month and sales capacity",
        "ja": "月別 MQL 数と営業キャパシティ",
    },
    "whatif.curves": {"en": "Across all thresholds", "ja": "すべてのしきい値で"},
    "whatif.curve_pr": {"en": "Precision and recall", "ja": "適合率と再現率"},
    "whatif.curve_gains": {
        "en": "Gains: share of wins vs share of leads",
        "ja": "ゲイン：リードの割合に対する受注の割合",
    },
    "whatif.curve_volume": {"en": "MQLs per month by threshold", "ja": "しきい値別の月あたり MQL"},
    "whatif.share_leads": {"en": "Share of leads (MQL)", "ja": "リードの割合（MQL）"},
    "whatif.share_wins": {"en": "Share of wins", "ja": "受注の割合"},
    "whatif.month": {"en": "Month", "ja": "月"},
    "whatif.rate": {"en": "Rate", "ja": "率"},
    "whatif.random": {"en": "random", "ja": "ランダム"},
    "whatif.suggestions": {"en": "Suggested thresholds", "ja": "しきい値の提案"},
    "whatif.rule.rule_of_thumb": {"en": "Rule of thumb", "ja": "経験則"},
    "whatif.rule.capacity": {"en": "Sales capacity", "ja": "営業キャパシティ"},
    "whatif.rule.expected_value": {"en": "Expected value", "ja": "期待値"},
    "whatif.rule.coverage": {"en": "Coverage target", "ja": "カバー率目標"},
    "whatif.reason.thumb": {
        "en": "Won leads peaked at {mean} points on average (n={n}); the practice sets the threshold a bit below that (10% lower, rounded down to a multiple of 5).",
        "ja": "受注リードのピークスコアの平均は {mean} 点（n={n}）です。実務ではそれより少し低く（10% 下げて 5 の倍数に切り下げ）設定します。",
    },
    "whatif.reason.thumb_none": {
        "en": "No won leads in the period, so there is no average score of won customers to start from.",
        "ja": "期間内に受注リードがないため、受注顧客の平均スコアを出せません。",
    },
    "whatif.reason.capacity": {
        "en": "The lowest threshold whose {mql} MQLs a month fit the sales capacity of {capacity}.",
        "ja": "月 {mql} 件の MQL が営業キャパシティ {capacity} に収まる最も低いしきい値です。",
    },
    "whatif.reason.capacity_unset": {
        "en": "Set the sales capacity (reps × MQLs per rep) to get this suggestion.",
        "ja": "この提案には営業キャパシティ（人数 × 1 人あたり MQL 数）を設定してください。",
    },
    "whatif.reason.value": {
        "en": "Highest expected value, {value} a month: {won} expected wins × {per_win} per win minus {cost} follow-up cost per MQL.",
        "ja": "期待値が最大（月 {value}）：期待受注 {won} 件 × 1 件 {per_win} − MQL 1 件あたりフォローコスト {cost}。",
    },
    "whatif.reason.value_unknown": {
        "en": "No win has an amount (they converted on the lead record, not as won deals), so what a win is worth is unknown: enter the value of a win in the assumptions.",
        "ja": "受注に金額がないため（商談ではなくリード上の成約）、受注 1 件の価値が分かりません。前提で受注 1 件の価値を入力してください。",
    },
    "whatif.reason.value_none": {
        "en": "At a follow-up cost of {cost} per MQL no threshold has a positive expected value.",
        "ja": "MQL 1 件あたりフォローコスト {cost} では、期待値が正になるしきい値はありません。",
    },
    "whatif.reason.coverage": {
        "en": "Captures {recall} of wins from {share} of leads, meeting the target of {target} of wins from at most {max_share} of leads.",
        "ja": "リードの {share} で受注の {recall} を捉え、目標（リードの {max_share} 以内で受注の {target}）を満たします。",
    },
    "whatif.reason.coverage_short": {
        "en": "With at most {max_share} of leads the best is {recall} of wins (from {share} of leads), short of the {target} target: the score does not separate wins well enough.",
        "ja": "リードの {max_share} 以内では受注の {recall} が最大（リードの {share}）で、目標 {target} に届きません。スコアが受注を十分に分けられていません。",
    },
    "whatif.reason.over_capacity": {
        "en": "**Over capacity:** {mql} MQLs a month, above the sales capacity of {capacity}.",
        "ja": "**キャパシティ超過：** 月 {mql} 件の MQL は営業キャパシティ {capacity} を超えます。",
    },
    "whatif.reason.value_capped": {
        "en": "Without the capacity limit it would be {threshold} ({value} a month), but its {mql} MQLs a month exceed the sales capacity of {capacity}.",
        "ja": "キャパシティを無視すると {threshold}（月 {value}）ですが、その月 {mql} 件の MQL は営業キャパシティ {capacity} を超えます。",
    },
    "whatif.compare": {"en": "In use vs proposed", "ja": "使用中の値と提案値の比較"},
    "whatif.proposed": {"en": "Proposed threshold", "ja": "提案しきい値"},
    "whatif.kpi": {"en": "KPI", "ja": "指標"},
    "whatif.agreed_col": {"en": "In use", "ja": "使用中"},
    "whatif.proposed_col": {"en": "Proposed", "ja": "提案"},
    "whatif.difference": {"en": "Difference", "ja": "差"},
    "whatif.significance": {
        "en": "Is the difference in conversion real?",
        "ja": "転換率の差は本物か？",
    },
    "whatif.significance_note": {
        "en": "MQLs at the higher threshold are a subset of those at the lower one, so they are compared with the leads only the lower threshold admits (two-proportion z-test, 95% interval of the difference).",
        "ja": "高いしきい値の MQL は低いしきい値の MQL の一部なので、低いしきい値だけが通すリードと比較します（2 標本比率の z 検定、差の 95% 区間）。",
    },
    "whatif.sig_line": {
        "en": "{outcome}: {rate_high} above {high} vs {rate_low} for leads only {low} admits; difference {diff} (95% CI {ci_low} to {ci_high}), p = {p} — {verdict}.",
        "ja": "{outcome}：{high} 以上 {rate_high}、{low} だけが通すリード {rate_low}。差 {diff}（95% 区間 {ci_low}〜{ci_high}）、p = {p} — {verdict}。",
    },
    "whatif.sig_yes": {"en": "a real difference", "ja": "有意な差です"},
    "whatif.sig_no": {"en": "could be chance", "ja": "偶然の可能性があります"},
    "whatif.sig_na": {
        "en": "Pick two different thresholds with MQLs between them to test the difference.",
        "ja": "差を検定するには、間に MQL がある 2 つの異なるしきい値を選んでください。",
    },
    "whatif.levers": {"en": "Other levers", "ja": "その他のレバー"},
    "whatif.sql_rule": {
        "en": "SQL rule: required BANT items",
        "ja": "SQL ルール：必須の BANT 項目",
    },
    "whatif.sql_rule_note": {
        "en": "SQLs by the BANT rule alone, re-derived from the assessments at/after each MQL moment (threshold in use): the current rule vs the items chosen here. The cards above also count an MQL that reached an opportunity or a win as an SQL, so their MQL → SQL is higher.",
        "ja": "BANT ルールだけで SQL を再判定します（現在のしきい値での各 MQL 時点以降の BANT 評価）。現行ルールとここで選んだ項目を比較します。上のカードは商談化・受注した MQL も SQL に数えるため、MQL → SQL はそれより高くなります。",
    },
    "whatif.sql_items": {"en": "Required items", "ja": "必須項目"},
    "whatif.sql_level": {"en": "Minimum level", "ja": "最低レベル"},
    "whatif.current_rule": {"en": "current", "ja": "現行"},
    "whatif.alt_rule": {"en": "what-if", "ja": "What-if"},
    "whatif.weights": {"en": "Fit vs engagement weights", "ja": "属性と行動の重み"},
    "whatif.weights_note": {
        "en": "Scores as of today re-computed with these weights (the full replay is not redone for a weight change): MQLs among today's scores and their win rate.",
        "ja": "現時点のスコアをこの重みで再計算します（重み変更ではリプレイ全体は再実行しません）：現時点スコアでの MQL 数と受注率。",
    },
    "whatif.fit_weight": {"en": "Fit weight", "ja": "属性の重み"},
    "whatif.engagement_weight": {"en": "Engagement weight", "ja": "行動の重み"},
    "whatif.weights_na": {
        "en": "The fast re-score is not available in this workspace.",
        "ja": "このワークスペースでは高速再スコアリングを利用できません。",
    },
    "whatif.download": {
        "en": "Download the sweep (CSV)",
        "ja": "全しきい値の表をダウンロード（CSV）",
    },
    "whatif.sql_basis_replay": {
        "en": "SQL counts use the replayed SQL moments (no BANT table).",
        "ja": "SQL 数は再現した SQL 時点を使っています（BANT 表なし）。",
    },
    "whatif.kpi.mql": {"en": "MQLs", "ja": "MQL 数"},
    "whatif.kpi.mql_rate": {"en": "Leads that become MQL", "ja": "MQL になるリードの割合"},
    "whatif.kpi.sql": {"en": "SQLs", "ja": "SQL 数"},
    "whatif.kpi.sql_rate": {"en": "MQL → SQL", "ja": "MQL → SQL"},
    "whatif.kpi.won": {"en": "Wins through MQLs", "ja": "MQL 経由の受注"},
    "whatif.kpi.precision": {"en": "MQL → won (precision)", "ja": "MQL → 受注（適合率）"},
    "whatif.kpi.recall": {
        "en": "Share of wins through MQLs (recall)",
        "ja": "MQL 経由の受注の割合（再現率）",
    },
    "whatif.kpi.won_below": {"en": "Wins below the threshold", "ja": "しきい値未満の受注"},
    "whatif.kpi.revenue_below": {"en": "Revenue below the threshold", "ja": "しきい値未満の受注額"},
    "whatif.kpi.mql_per_month": {"en": "MQLs per month", "ja": "月あたり MQL"},
    "whatif.kpi.expected_sql": {"en": "Expected SQLs / month", "ja": "月あたり期待 SQL"},
    "whatif.kpi.expected_won": {"en": "Expected wins / month", "ja": "月あたり期待受注"},
    "whatif.kpi.expected_revenue": {"en": "Expected revenue / month", "ja": "月あたり期待受注額"},
    "whatif.kpi.followup_hours": {"en": "Follow-up hours / month", "ja": "月あたりフォロー時間"},
    "whatif.kpi.followup_cost": {"en": "Follow-up cost / month", "ja": "月あたりフォローコスト"},
    "whatif.kpi.expected_value": {"en": "Expected value / month", "ja": "月あたり期待値"},
    "whatif.col.rule": {"en": "Rule", "ja": "ルール"},
    "whatif.col.required": {"en": "Required", "ja": "必須条件"},
    "whatif.col.mql": {"en": "MQLs", "ja": "MQL 数"},
    "whatif.col.sql": {"en": "SQLs", "ja": "SQL 数"},
    "whatif.col.sql_rate": {"en": "MQL → SQL", "ja": "MQL → SQL"},
    "whatif.col.sql_ci_low": {"en": "95% CI low", "ja": "95% 区間 下限"},
    "whatif.col.sql_ci_high": {"en": "95% CI high", "ja": "95% 区間 上限"},
    "whatif.col.won_sql": {"en": "Won SQLs", "ja": "受注 SQL"},
    "whatif.col.sql_win_rate": {"en": "SQL → won", "ja": "SQL → 受注"},
    "whatif.col.won_mql_not_sql": {"en": "Won, not SQL", "ja": "SQL 外の受注"},
    "whatif.col.fit_weight": {"en": "Fit weight", "ja": "属性の重み"},
    "whatif.col.engagement_weight": {"en": "Engagement weight", "ja": "行動の重み"},
    "whatif.col.leads": {"en": "Leads", "ja": "リード数"},
    "whatif.col.mql_rate": {"en": "MQL share", "ja": "MQL の割合"},
    "whatif.col.won": {"en": "Won MQLs", "ja": "受注 MQL"},
    "whatif.col.precision": {"en": "MQL → won", "ja": "MQL → 受注"},
    "whatif.col.precision_ci_low": {"en": "95% CI low", "ja": "95% 区間 下限"},
    "whatif.col.precision_ci_high": {"en": "95% CI high", "ja": "95% 区間 上限"},
    "whatif.col.recall": {"en": "Recall", "ja": "再現率"},
    "whatif.capacity_observed": {
        "en": "Capacity defaults from the data: {owners} owners active in the period × {per_owner} MQLs an owner handled in their busiest month = {capacity} MQLs a month.",
        "ja": "キャパシティの初期値はデータから：期間内に活動した担当者 {owners} 人 × 1 人が最も多い月に対応した MQL {per_owner} 件 = 月 {capacity} 件。",
    },
    "whatif.capacity_help": {
        "en": "reps × MQLs per rep (Assumptions)",
        "ja": "人数 × 1 人あたり MQL 数（前提）",
    },
    "whatif.below_unworked": {
        "en": "Most of the {leads} leads below the threshold of {threshold} were never worked by sales: only {worked} ({share}) had a sales touch. Their conversion is what happened without follow-up — a lower bound of what follow-up would achieve. Of their {won} wins, {won_worked} came from leads sales worked anyway.",
        "ja": "しきい値 {threshold} 未満のリード {leads} 件の多くは営業が対応していません（対応したのは {worked} 件、{share}）。これらの転換率はフォローなしの結果で、フォローした場合の下限です。その受注 {won} 件のうち {won_worked} 件は、営業が独自に対応したリードです。",
    },
    "whatif.col.sql_rate_ci": {"en": "MQL → SQL (95% CI)", "ja": "MQL → SQL（95%区間）"},
    "whatif.col.precision_ci": {"en": "MQL → won (95% CI)", "ja": "MQL → 受注（95% 区間）"},
    "whatif.period_all": {
        "en": "The chosen period holds no leads: showing all months.",
        "ja": "選択した期間にリードがないため、全期間を表示しています。",
    },
    # --- end section: whatif ---
    # --- section: conversion ---
    "conversion.page_funnel": {"en": "Funnel", "ja": "ファネル"},
    "conversion.page_bands": {"en": "Score bands", "ja": "スコア帯"},
    "conversion.page_profile": {"en": "Won-customer profile", "ja": "受注顧客プロファイル"},
    "conversion.page_stages": {"en": "Buying stages", "ja": "検討段階"},
    "conversion.period_all": {
        "en": "The chosen period holds no leads: showing all months.",
        "ja": "選択した期間にリードがないため、全期間を表示しています。",
    },
    "conversion.mql_source": {"en": "MQL moment", "ja": "MQL時点"},
    "conversion.mql_source_mql_at": {"en": "Replayed (criteria)", "ja": "再計算（基準）"},
    "conversion.mql_source_crm_mql_at": {"en": "From the CRM", "ja": "CRMの記録"},
    "conversion.small_sample_note": {
        "en": "Rows marked small sample rest on fewer than 50 leads: read them with care.",
        "ja": "「少数」の行はリード50件未満です。解釈に注意してください。",
    },
    "conversion.download_csv": {"en": "Download CSV (UTF-8)", "ja": "CSVダウンロード（UTF-8）"},
    "conversion.download_csv_cp932": {
        "en": "Download CSV (Shift_JIS)",
        "ja": "CSVダウンロード（Shift_JIS）",
    },
    "conversion.download_excel": {"en": "Download Excel", "ja": "Excelダウンロード"},
    "conversion.stage_lead": {"en": "Lead", "ja": "リード"},
    "conversion.stage_mql": {"en": "MQL", "ja": "MQL"},
    "conversion.stage_sql": {"en": "SQL", "ja": "SQL"},
    "conversion.stage_opportunity": {"en": "Opportunity", "ja": "商談"},
    "conversion.stage_won": {"en": "Won", "ja": "受注"},
    "conversion.col_band": {"en": "Band", "ja": "スコア帯"},
    "conversion.col_low": {"en": "From", "ja": "下限"},
    "conversion.col_high": {"en": "To (excl.)", "ja": "上限（未満）"},
    "conversion.col_leads": {"en": "Leads", "ja": "リード数"},
    "conversion.col_converted": {"en": "Converted", "ja": "転換数"},
    "conversion.col_rate": {"en": "Rate", "ja": "転換率"},
    "conversion.col_ci": {"en": "95% CI", "ja": "95%区間"},
    "conversion.col_sql_ci": {"en": "SQL 95% CI", "ja": "SQL 95%区間"},
    "conversion.col_won_ci": {"en": "Won 95% CI", "ja": "受注 95%区間"},
    "conversion.col_ci_low": {"en": "95% CI low", "ja": "95%区間 下限"},
    "conversion.col_ci_high": {"en": "95% CI high", "ja": "95%区間 上限"},
    "conversion.col_small_sample": {"en": "Small sample", "ja": "少数"},
    "conversion.col_lift": {"en": "Lift", "ja": "リフト"},
    "conversion.col_share_of_conversions": {"en": "Share of conversions", "ja": "転換の構成比"},
    "conversion.col_order": {"en": "Order check", "ja": "順序チェック"},
    "conversion.col_action": {"en": "Recommended action", "ja": "推奨アクション"},
    "conversion.col_stage": {"en": "Stage", "ja": "段階"},
    "conversion.col_reached": {"en": "Reached", "ja": "到達数"},
    "conversion.col_observed": {"en": "Recorded", "ja": "記録あり"},
    "conversion.col_previous": {"en": "Previous stage", "ja": "前段階"},
    "conversion.col_overall_rate": {"en": "Of all leads", "ja": "全リード比"},
    "conversion.col_cohort": {"en": "MQL month", "ja": "MQL月"},
    "conversion.col_mqls": {"en": "MQLs", "ja": "MQL数"},
    "conversion.col_sqls": {"en": "SQLs", "ja": "SQL数"},
    "conversion.col_opportunities": {"en": "Opportunities", "ja": "商談数"},
    "conversion.col_won": {"en": "Won", "ja": "受注数"},
    "conversion.col_won_revenue": {"en": "Won revenue", "ja": "受注金額"},
    "conversion.col_sql_rate": {"en": "MQL → SQL", "ja": "MQL → SQL"},
    "conversion.col_sql_ci_low": {"en": "SQL CI low", "ja": "SQL 区間下限"},
    "conversion.col_sql_ci_high": {"en": "SQL CI high", "ja": "SQL 区間上限"},
    "conversion.col_won_rate": {"en": "MQL → won", "ja": "MQL → 受注"},
    "conversion.col_won_ci_low": {"en": "Won CI low", "ja": "受注 区間下限"},
    "conversion.col_won_ci_high": {"en": "Won CI high", "ja": "受注 区間上限"},
    "conversion.col_age_days": {"en": "Age (days)", "ja": "経過日数"},
    "conversion.col_immature": {"en": "Immature", "ja": "未成熟"},
    "conversion.col_transition": {"en": "Between", "ja": "区間"},
    "conversion.col_n": {"en": "n", "ja": "件数"},
    "conversion.col_median_days": {"en": "Median days", "ja": "中央値（日）"},
    "conversion.col_p75_days": {"en": "75th percentile days", "ja": "75パーセンタイル（日）"},
    "conversion.col_verdict": {"en": "Verdict", "ja": "判定"},
    "conversion.col_reason": {"en": "Reason", "ja": "理由"},
    "conversion.col_share": {"en": "Share", "ja": "構成比"},
    "conversion.col_value": {"en": "Value", "ja": "値"},
    "conversion.col_share_converted": {"en": "Share among converted", "ja": "転換者での構成比"},
    "conversion.col_share_all": {"en": "Share among all", "ja": "全体での構成比"},
    "conversion.col_enough": {"en": "Enough n", "ja": "件数十分"},
    "conversion.col_behaviour": {"en": "Behaviour", "ja": "行動"},
    "conversion.col_item": {"en": "Attribute or behaviour", "ja": "属性・行動"},
    "conversion.col_points": {"en": "Proposed points", "ja": "提案ポイント"},
    "conversion.col_priority": {"en": "Priority", "ja": "優先度"},
    "conversion.col_rule": {"en": "Rule", "ja": "ルール"},
    "conversion.col_events": {"en": "Events", "ja": "回数"},
    "conversion.col_last_at": {"en": "Last activity", "ja": "最終行動"},
    "conversion.col_lead_id": {"en": "Lead ID", "ja": "リードID"},
    "conversion.col_company": {"en": "Company", "ja": "会社名"},
    "conversion.col_title": {"en": "Title", "ja": "役職"},
    "conversion.col_email": {"en": "Email", "ja": "メール"},
    "conversion.col_owner": {"en": "Owner", "ja": "担当者"},
    "conversion.col_source": {"en": "Source", "ja": "流入元"},
    "conversion.col_total": {"en": "Score", "ja": "スコア"},
    "conversion.col_name": {"en": "Rule", "ja": "ルール"},
    "conversion.col_types": {"en": "Activity types", "ja": "行動の種類"},
    "conversion.col_detail_contains": {"en": "Detail contains", "ja": "詳細に含む語"},
    "conversion.col_min_count": {"en": "At least", "ja": "最低回数"},
    "conversion.col_window_days": {"en": "Window (days)", "ja": "対象期間（日）"},
    "conversion.col_help": {"en": "Why", "ja": "理由"},
    "funnel.title": {"en": "Funnel", "ja": "ファネル"},
    "funnel.intro": {
        "en": "Lead → MQL → SQL → Opportunity → Won for leads created in the period, "
        "with each stage's conversion from the one before (95% Wilson intervals).",
        "ja": "期間内に作成されたリードの リード → MQL → SQL → 商談 → 受注。"
        "各段階の前段階からの転換率（95% Wilson 区間付き）。",
    },
    "funnel.empty": {
        "en": "No leads yet: load the demo or import leads to see the funnel.",
        "ja": "リードがまだありません。デモを読み込むかリードを取り込むとファネルが表示されます。",
    },
    "funnel.split": {"en": "Split by", "ja": "内訳"},
    "funnel.split_none": {"en": "No split", "ja": "内訳なし"},
    "funnel.split_source": {"en": "Source", "ja": "流入元"},
    "funnel.split_campaign": {"en": "Campaign", "ja": "キャンペーン"},
    "funnel.split_industry": {"en": "Industry", "ja": "業種"},
    "funnel.split_region": {"en": "Region", "ja": "地域"},
    "funnel.split_owner": {"en": "Owner", "ja": "担当者"},
    "funnel.stages": {"en": "Stages", "ja": "段階"},
    "funnel.from_previous": {"en": "of the previous stage", "ja": "前段階から"},
    "funnel.reached_note": {
        "en": "Leads created in the period (by lead month). Every stage after MQL counts MQLs "
        "only: an MQL reaches a stage when it has that stage or any later one (a won deal "
        "implies an opportunity); 'Recorded' counts only recorded moments.",
        "ja": "期間内に作成されたリード（リード作成月ベース）。MQL 以降の段階は MQL のみを数え、"
        "その段階以降に進んだ MQL を到達とします（受注は商談を含む）。"
        "「記録あり」は記録された時点のみの件数です。",
    },
    "funnel.sales_sourced": {
        "en": "Besides the funnel: {leads} leads reached SQL or a deal without ever being an "
        "MQL (sales-sourced); {won} of them were won. They are never counted as MQLs.",
        "ja": "ファネル外: MQL にならずに SQL・商談に進んだリード（営業起点）が {leads} 件、"
        "うち受注 {won} 件。これらは MQL には数えません。",
    },
    "funnel.cohort_note": {
        "en": "By MQL month: the same MQL→SQL and MQL→won as the Overview's KPI cards for that "
        "month.",
        "ja": "MQL月ベース: 概要ページの同じ月の MQL→SQL・MQL→受注と同じ値です。",
    },
    "funnel.by_split": {"en": "MQL → won by {split}", "ja": "{split}別 MQL → 受注"},
    "funnel.cohorts": {"en": "By MQL-month cohort", "ja": "MQL月コホート別"},
    "funnel.no_mqls": {"en": "No MQLs yet.", "ja": "MQLはまだありません。"},
    "funnel.immature_note": {
        "en": "Hollow points are immature cohorts: less time has passed since the month ended "
        "than the median MQL → won time, so their wins are still arriving.",
        "ja": "白抜きの点は未成熟なコホートです。月末からの経過日数が MQL → 受注 の中央値に満たないため、"
        "受注がまだ増える見込みです。",
    },
    "funnel.times": {"en": "Time between stages", "ja": "段階間の日数"},
    "funnel.transition_lead_to_mql": {"en": "Lead → MQL", "ja": "リード → MQL"},
    "funnel.transition_mql_to_sql": {"en": "MQL → SQL", "ja": "MQL → SQL"},
    "funnel.transition_sql_to_opportunity": {"en": "SQL → opportunity", "ja": "SQL → 商談"},
    "funnel.transition_opportunity_to_won": {"en": "Opportunity → won", "ja": "商談 → 受注"},
    "funnel.transition_mql_to_won": {"en": "MQL → won", "ja": "MQL → 受注"},
    "funnel.transition_lead_to_won": {"en": "Lead → won", "ja": "リード → 受注"},
    "funnel.dropoff": {"en": "Why leads dropped out", "ja": "離脱の理由"},
    "funnel.no_dropoff": {
        "en": "No sales feedback or lost reasons recorded yet.",
        "ja": "営業フィードバックや失注理由はまだ記録されていません。",
    },
    "bands.title": {"en": "Score bands", "ja": "スコア帯"},
    "bands.intro": {
        "en": "Does a higher score mean a higher conversion rate? Each band's leads, conversions "
        "and rate with a 95% interval, lift over the average, and a recommended action.",
        "ja": "スコアが高いほど転換率は高いか。スコア帯ごとのリード数・転換数・転換率（95%区間）、"
        "平均に対するリフトと推奨アクション。",
    },
    "bands.empty": {
        "en": "No leads yet: load the demo or import leads to see the score bands.",
        "ja": "リードがまだありません。デモを読み込むかリードを取り込むとスコア帯が表示されます。",
    },
    "bands.outcome": {"en": "Outcome", "ja": "成果"},
    "bands.outcome_sql": {"en": "SQL", "ja": "SQL"},
    "bands.outcome_won": {"en": "Won", "ja": "受注"},
    "bands.score": {"en": "Score", "ja": "スコア"},
    "bands.score_peak_total": {"en": "Before the decision", "ja": "判断時点まで"},
    "bands.score_as_of": {"en": "As of a date", "ja": "基準日時点"},
    "bands.score_help_peak_total": {
        "en": "The highest score each lead reached before its first deal was created "
        "(or the data's last day): behaviour after the decision never counts.",
        "ja": "最初の商談作成（なければデータ最終日）までに各リードが達した最高スコア。"
        "判断後の行動は含みません。",
    },
    "bands.score_help_as_of": {
        "en": "Each lead's score on the chosen date, for the leads still open then (not yet SQL "
        "or opportunity), against what happened afterwards.",
        "ja": "基準日時点でまだ SQL・商談になっていないリードについて、その日のスコアと"
        "その後の成果を比べます。",
    },
    "bands.as_of_date": {"en": "Score as of", "ja": "スコアの基準日"},
    "bands.method": {"en": "Bands", "ja": "帯の決め方"},
    "bands.method_custom": {"en": "Custom edges", "ja": "境界を指定"},
    "bands.method_fixed": {"en": "Fixed width", "ja": "等幅"},
    "bands.method_quantile": {"en": "Quantiles", "ja": "分位"},
    "bands.edges": {"en": "Band edges (comma-separated)", "ja": "境界（カンマ区切り）"},
    "bands.width": {"en": "Band width (points)", "ja": "帯の幅（点）"},
    "bands.quantiles": {"en": "Number of bands", "ja": "帯の数"},
    "bands.col_rate_ci": {"en": "Rate (95% CI)", "ja": "転換率（95%区間）"},
    "bands.total_leads": {"en": "Scored leads", "ja": "対象リード"},
    "bands.converted": {"en": "Converted", "ja": "転換数"},
    "bands.overall_rate": {"en": "Overall rate", "ja": "全体の転換率"},
    "bands.trend_z": {"en": "Trend z (Cochran–Armitage)", "ja": "傾向 z（Cochran–Armitage）"},
    "bands.trend_ok": {
        "en": "Conversion rises with the score (trend test, one-sided {p}).",
        "ja": "スコアが高いほど転換率が上がっています（傾向検定、片側 {p}）。",
    },
    "bands.trend_weak": {
        "en": "No reliable rise of conversion with the score (trend test, one-sided {p}): review the criteria.",
        "ja": "スコアと転換率の上昇傾向が確認できません（傾向検定、片側 {p}）。基準を見直してください。",
    },
    "bands.breaks": {
        "en": "These bands convert significantly worse than the band below them: {bands}",
        "ja": "次のスコア帯は一つ下の帯より有意に転換率が低くなっています: {bands}",
    },
    "bands.rules_title": {
        "en": "How flags and actions are decided",
        "ja": "判定とアクションの決め方",
    },
    "bands.rules": {
        "en": "- **Order check**: a band is compared with the band just below it. "
        "*Breaks the order* when its rate is lower and a two-proportion z-test gives p < 0.05; "
        "*lower (within noise)* when lower but not significantly.\n"
        "- **Actions** (first match wins): *review the criteria* when the band breaks the order, "
        "or it is the top band and converts no better than average; *keep and strengthen* when "
        "its whole 95% interval is above the overall rate; *change the approach* when its whole "
        "interval is below the overall rate and the lift is under 0.5; otherwise *nurture*.\n"
        "- **Trend**: Cochran–Armitage test over the bands from low to high.",
        "ja": "- **順序チェック**: 各帯を一つ下の帯と比べます。転換率が低く二標本比率の z 検定で "
        "p < 0.05 なら「順序が逆転」、低いが有意でなければ「低い（誤差の範囲）」。\n"
        "- **アクション**（上から最初に当てはまるもの）: 順序が逆転している、または最上位帯なのに"
        "平均以下 → 基準を見直す。95%区間全体が全体の転換率より上 → 維持・強化。"
        "区間全体が全体の転換率より下でリフト 0.5 未満 → アプローチを変える。それ以外 → ナーチャリング。\n"
        "- **傾向**: 低い帯から高い帯への Cochran–Armitage 検定。",
    },
    "profile.title": {"en": "Won-customer profile", "ja": "受注顧客プロファイル"},
    "profile.intro": {
        "en": "Learn from who bought: for each attribute value and behaviour, its share among "
        "converted vs all leads, conversion with a 95% interval, and lift; then draft rule points.",
        "ja": "受注した顧客から学ぶ: 属性値・行動ごとの、転換者と全体での構成比、転換率（95%区間）、"
        "リフト。そこからルールのポイント案を作ります。",
    },
    "profile.empty": {
        "en": "No leads yet: load the demo or import leads and deals to see who buys.",
        "ja": "リードがまだありません。デモを読み込むかリードと商談を取り込んでください。",
    },
    "profile.outcome": {"en": "Outcome", "ja": "成果"},
    "profile.outcome_won": {"en": "Won", "ja": "受注"},
    "profile.outcome_sql": {"en": "SQL", "ja": "SQL"},
    "profile.outcome_opportunity": {"en": "Opportunity", "ja": "商談"},
    "profile.min_n": {"en": "Minimum leads per value", "ja": "値ごとの最小リード数"},
    "profile.window": {"en": "Behaviour window (days)", "ja": "行動の対象期間（日）"},
    "profile.no_conversions": {
        "en": "No conversions in this period yet: the profile needs converted leads.",
        "ja": "この期間にはまだ転換がありません。",
    },
    "profile.attributes": {"en": "Attributes", "ja": "属性"},
    "profile.attribute": {"en": "Attribute", "ja": "属性"},
    "profile.attr_industry": {"en": "Industry", "ja": "業種"},
    "profile.attr_prefecture": {"en": "Prefecture", "ja": "都道府県"},
    "profile.attr_region": {"en": "Region", "ja": "地域"},
    "profile.attr_title_rank": {"en": "Title rank", "ja": "役職ランク"},
    "profile.attr_employee_band": {"en": "Employees", "ja": "従業員数"},
    "profile.attr_revenue_band": {"en": "Annual revenue (yen)", "ja": "年商（円）"},
    "profile.attr_source": {"en": "Source", "ja": "流入元"},
    "profile.behaviours": {"en": "Behaviours", "ja": "行動"},
    "profile.behaviours_note": {
        "en": "Counted in the {days} days before each lead's decision (its first deal's creation, "
        "or today): never what happened after.",
        "ja": "各リードの判断時点（最初の商談作成、なければ現時点）より前の {days} 日間の行動のみを数えます。",
    },
    "profile.no_behaviours": {"en": "No activities recorded.", "ja": "行動履歴がありません。"},
    "profile.proposal": {"en": "Proposed rule points", "ja": "ルールのポイント案"},
    "profile.proposal_rule": {
        "en": "Only values with at least {n} leads whose 95% interval excludes the overall rate "
        "get points: 10 × log2(lift), the lift shrunk towards 1 for small groups, at most ±30; "
        "outcome columns and flagged columns are never used.",
        "ja": "リードが {n} 件以上で、95%区間が全体の転換率を含まない値のみにポイントを付けます"
        "（10 × log2(リフト)。小さなグループのリフトは 1 に近づけます。最大 ±30）。"
        "成果の列とリークの疑いがある列は使いません。",
    },
    "profile.leaks": {"en": "Leak guard", "ja": "リーク防止"},
    "profile.columns_used": {
        "en": "Columns the proposal learns from",
        "ja": "提案に使う列",
    },
    "profile.holdout": {
        "en": "Holdout check: the points proposed from 70% of the leads rank the other "
        "{leads} leads ({conversions} converted) with AUC {auc}.",
        "ja": "ホールドアウト検証: リードの 70% から提案したポイントで、残り {leads} 件"
        "（成約 {conversions} 件）を順位付けした AUC は {auc} です。",
    },
    "profile.holdout_none": {
        "en": "Holdout check: not possible ({leads} held-out leads, too few conversions or "
        "no proposed points).",
        "ja": "ホールドアウト検証: できません（検証用リード {leads} 件。成約が少ないか、"
        "提案ポイントがありません）。",
    },
    "profile.no_proposal": {
        "en": "No value differs reliably from the average yet.",
        "ja": "平均と確かに異なる値はまだありません。",
    },
    "profile.draft_toml": {"en": "Draft criteria (TOML)", "ja": "基準の下書き（TOML）"},
    "profile.download_toml": {"en": "Download draft criteria", "ja": "基準の下書きをダウンロード"},
    "stages.title": {"en": "Buying stages", "ja": "検討段階"},
    "stages.intro": {
        "en": "Recent behaviour mapped to a buying stage, a priority and a recommended action, "
        "and the list of leads to call now.",
        "ja": "最近の行動から検討段階・優先度・推奨アクションを判定し、今すぐ連絡すべきリードを一覧にします。",
    },
    "stages.empty": {
        "en": "No leads yet: load the demo or import leads and activities.",
        "ja": "リードがまだありません。デモを読み込むかリードと行動履歴を取り込んでください。",
    },
    "stages.rules_custom": {"en": "Custom rules", "ja": "独自ルール"},
    "stages.rules_custom_help": {
        "en": "Paste `[[rule]]` tables in TOML (keys: `name`, `stage`, `priority`, `action`, "
        "`types`, `detail_contains`, `min_count`, `window_days`, `help`) to replace the default "
        "rules.",
        "ja": "TOML の `[[rule]]` テーブル（`name`, `stage`, `priority`, `action`, `types`, "
        "`detail_contains`, `min_count`, `window_days`, `help`）を貼り付けると既定のルールを"
        "置き換えます。",
    },
    "stages.rules_toml": {"en": "Rules (TOML)", "ja": "ルール（TOML）"},
    "stages.as_of": {"en": "As of", "ja": "基準日"},
    "stages.stage_comparison": {"en": "Comparison", "ja": "比較検討"},
    "stages.stage_information_gathering": {"en": "Information gathering", "ja": "情報収集"},
    "stages.stage_awareness": {"en": "Awareness", "ja": "認知"},
    "stages.stage_none": {"en": "No recent signal", "ja": "最近の行動なし"},
    "stages.rules_title": {"en": "Rules (first match wins)", "ja": "ルール（上から順に判定）"},
    "stages.sheet_stages": {"en": "Stages", "ja": "検討段階"},
    "stages.call_now": {"en": "Call now", "ja": "今すぐ連絡"},
    "stages.priorities": {"en": "Priorities", "ja": "優先度"},
    "stages.priority_high": {"en": "High", "ja": "高"},
    "stages.priority_medium": {"en": "Medium", "ja": "中"},
    "stages.priority_low": {"en": "Low", "ja": "低"},
    "stages.call_count": {
        "en": "{n} leads without a deal yet",
        "ja": "商談化していないリード {n} 件",
    },
    "stages.no_calls": {
        "en": "No lead matches these priorities right now.",
        "ja": "現在この優先度に当てはまるリードはありません。",
    },
    "kpis.title": {"en": "KPIs for {month}", "ja": "{month} の KPI"},
    "kpis.name_leads": {"en": "Leads", "ja": "リード数"},
    "kpis.name_mqls": {"en": "MQLs", "ja": "MQL数"},
    "kpis.name_mql_rate": {"en": "MQL rate", "ja": "MQL化率"},
    "kpis.name_mql_to_sql": {"en": "MQL → SQL", "ja": "MQL → SQL"},
    "kpis.name_sql_to_won": {"en": "SQL → won", "ja": "SQL → 受注"},
    "kpis.name_won": {"en": "Won", "ja": "受注数"},
    "kpis.name_won_revenue": {"en": "Won revenue", "ja": "受注金額"},
    "kpis.name_mql_to_won": {"en": "MQL → won", "ja": "MQL → 受注"},
    "kpis.name_lead_to_won_days": {"en": "Days lead → won", "ja": "受注までの日数"},
    "kpis.name_sla_attainment": {"en": "Contacted within SLA", "ja": "SLA内の初回接触"},
    "kpis.name_cost_per_lead": {"en": "Cost per lead", "ja": "リード単価"},
    "kpis.name_cac": {"en": "CAC", "ja": "CAC"},
    "kpis.maturing": {"en": "still maturing", "ja": "集計途中"},
    "kpis.complete_month": {
        "en": "The last complete month is shown: a month counts once the data reaches its last "
        "day.",
        "ja": "データが月末まで揃った最新の月を表示しています。",
    },
    "kpis.detail": {
        "en": "Year ago: {year} · n = {n}{ci}",
        "ja": "前年同月: {year} · n = {n}{ci}",
    },
    "kpis.real_change": {"en": "real change (p < 0.05)", "ja": "有意な変化（p < 0.05）"},
    "kpis.within_noise": {"en": "within noise", "ja": "誤差の範囲"},
    "kpis.year_ago": {"en": "Year ago: {year}", "ja": "前年同月: {year}"},
    "kpis.ci": {"en": " · 95% CI {low}–{high}", "ja": " · 95%区間 {low}–{high}"},
    "kpis.small": {"en": "small sample", "ja": "少数"},
    "kpis.trend": {"en": "12-month trend", "ja": "12か月の推移"},
    "kpis.trend_kpi": {"en": "KPI", "ja": "KPI"},
    "kpis.no_month": {
        "en": "No data to compute KPIs yet.",
        "ja": "KPIを計算するデータがありません。",
    },
    "kpis.note": {
        "en": "Every KPI is defined once (see the README's KPI table) and reads the same on every "
        "page. MQL rate counts the month's new leads; MQL→SQL, SQL→won, MQL→won and the SLA "
        "count the month's MQLs; wins and revenue count deals won in the month. Rates carry 95% "
        "Wilson intervals; a young cohort is marked while its outcomes are still arriving. "
        "Changes compare with the previous month; the year-ago value is below each card.",
        "ja": "KPI はすべて一か所で定義され、どのページでも同じ値です。MQL化率は当月作成のリード、"
        "MQL→SQL・SQL→受注・MQL→受注・SLA は当月の MQL、受注数・受注金額は当月に受注した商談が母数です。"
        "率には 95% Wilson 区間を付け、成果がまだ出揃っていない月は「集計途中」と示します。"
        "増減は前月比、各カードの下に前年同月の値を示します。",
    },
    # --- end section: conversion ---
    # --- section: scoring ---
    "scoring.page": {"en": "Scoring", "ja": "スコアリング"},
    "scoring.title": {"en": "Scoring rules", "ja": "スコアリングルール"},
    "scoring.intro": {
        "en": "Edit the points, weights and threshold, see what they do to every lead, and save a draft for both teams to agree.",
        "ja": "配点・重み・閾値を編集し、全リードへの影響を確認して、両チームで合意するドラフトとして保存します。",
    },
    "scoring.empty": {
        "en": "No leads yet: load the demo or import leads to score them.",
        "ja": "リードがまだありません。デモを読み込むかリードをインポートしてください。",
    },
    "scoring.criteria_source": {
        "en": "Working on {name} v{version} (starting from the criteria in use: {status})",
        "ja": "編集中: {name} v{version}（元にした使用中の基準: {status}）",
    },
    "scoring.criteria_editing_in_use": {
        "en": "Criteria in use on every page: {name} v{version} · {status}. You edit a copy of it "
        "here: changes are a what-if until you save them as a draft, and a draft is not agreed "
        "until both teams sign it.",
        "ja": "全ページで使用中の基準: {name} v{version}・{status}。ここではそのコピーを編集します。"
        "変更は保存するまで試算で、ドラフトとして保存しても両チームが承認するまでは合意済みではありません。",
    },
    "scoring.criteria_editing": {
        "en": "Criteria in use on every page: {name} v{version} · {status}. You edit a copy of "
        "{base_name} v{base_version} · {base_status} here: changes are a what-if until you save "
        "them as a draft, and a draft is not agreed until both teams sign it.",
        "ja": "全ページで使用中の基準: {name} v{version}・{status}。ここでは {base_name} "
        "v{base_version}・{base_status} のコピーを編集します。変更は保存するまで試算で、"
        "ドラフトとして保存しても両チームが承認するまでは合意済みではありません。",
    },
    "scoring.upload": {"en": "Upload criteria (TOML)", "ja": "基準ファイル（TOML）をアップロード"},
    "scoring.upload_ok": {
        "en": "Loaded {name} v{version} from the file.",
        "ja": "ファイルから {name} v{version} を読み込みました。",
    },
    "scoring.download": {
        "en": "Download criteria (TOML)",
        "ja": "基準ファイル（TOML）をダウンロード",
    },
    "scoring.reset": {"en": "Back to the criteria in use", "ja": "使用中の基準に戻す"},
    "scoring.settings": {"en": "Threshold and weights", "ja": "閾値と重み"},
    "scoring.threshold": {"en": "MQL threshold", "ja": "MQL 閾値"},
    "scoring.fit_weight": {"en": "Fit weight", "ja": "属性スコアの重み"},
    "scoring.engagement_weight": {"en": "Engagement weight", "ja": "行動スコアの重み"},
    "scoring.rules_table": {"en": "Rule points", "ja": "ルールの配点"},
    "scoring.rules_help": {
        "en": "Edit points and caps; bands, values and activity filters are edited in the TOML file.",
        "ja": "配点と上限を編集できます。区分・値・行動の条件は TOML ファイルで編集します。",
    },
    "scoring.distribution": {"en": "Score distribution", "ja": "スコア分布"},
    "scoring.scatter": {"en": "Fit vs engagement", "ja": "属性スコアと行動スコア"},
    "scoring.scatter_sampled": {
        "en": "Showing a random {n} of {total} leads.",
        "ja": "{total} 件中 {n} 件を無作為に表示しています。",
    },
    "scoring.changes": {
        "en": "MQL status against the criteria in use",
        "ja": "使用中の基準と比べた MQL 判定の変化",
    },
    "scoring.mql_active": {"en": "MQLs (criteria in use)", "ja": "MQL（使用中の基準）"},
    "scoring.mql_working": {"en": "MQLs (these rules)", "ja": "MQL（編集中のルール）"},
    "scoring.became_mql": {"en": "Would become MQL", "ja": "新たに MQL になる"},
    "scoring.no_longer_mql": {"en": "Would no longer be MQL", "ja": "MQL でなくなる"},
    "scoring.lead_view": {
        "en": "One lead: why this score, at the moment that matters",
        "ja": "リード別: 判定時点のスコアの内訳",
    },
    "scoring.search": {
        "en": "Search by company, person (name or e-mail) or lead id",
        "ja": "会社名・担当者（氏名・メール）・リード ID で検索",
    },
    "scoring.pick_lead": {"en": "Lead", "ja": "リード"},
    "scoring.no_match": {
        "en": "No lead matches “{query}”.",
        "ja": "「{query}」に一致するリードはありません。",
    },
    "scoring.explain": {"en": "Points by rule: {moment}", "ja": "ルール別の点数: {moment}"},
    "scoring.why_rounding": {
        "en": "Points are whole and add up to the score shown: each rule is rounded down and the "
        "largest fractions get one more point (fit rules among themselves, so they read the same "
        "in both columns). Rules that add nothing at either moment are left out.",
        "ja": "点数は整数で、合計スコアと一致します。各ルールを切り捨て、端数の大きいものから1点ずつ"
        "足しています（属性ルールはその中で丸めるため、両方の列で同じ値）。"
        "どちらの時点でも0点のルールは省いています。",
    },
    "scoring.timeline": {
        "en": "Timeline: activities and score path",
        "ja": "タイムライン: 行動とスコア推移",
    },
    "scoring.save": {"en": "Save as a new draft version", "ja": "新しいドラフト版として保存"},
    "scoring.save_by": {"en": "Saved by", "ja": "保存者"},
    "scoring.save_button": {"en": "Save draft", "ja": "ドラフトを保存"},
    "scoring.saved": {
        "en": "Saved as draft {name} v{version}. A draft is not agreed: it becomes the agreed "
        "criteria only when both teams sign it.",
        "ja": "ドラフト {name} v{version} として保存しました。ドラフトは未合意で、"
        "両チームが承認して初めて合意済みの基準になります。",
    },
    "scoring.versions": {"en": "Stored versions", "ja": "保存済みの版"},
    "scoring.reference": {"en": "Criteria file reference", "ja": "基準ファイルの項目一覧"},
    "scoring.reference_note": {
        "en": "The keys of the criteria TOML file, with their type, default and meaning.",
        "ja": "基準 TOML ファイルのキー（項目名）と型・既定値・意味です（説明は英語）。",
    },
    "scoring.col_name": {"en": "Name", "ja": "名前"},
    "scoring.col_version": {"en": "Version", "ja": "版"},
    "scoring.col_saved_at": {"en": "Saved", "ja": "保存日時"},
    "scoring.threshold_line": {"en": "MQL {threshold}", "ja": "MQL {threshold}"},
    "scoring.total": {"en": "Total score", "ja": "合計スコア"},
    "scoring.leads": {"en": "Leads", "ja": "リード数"},
    "scoring.below": {"en": "Below threshold", "ja": "閾値未満"},
    "scoring.at_or_above": {"en": "At or above threshold", "ja": "閾値以上"},
    "scoring.fit": {"en": "Fit score", "ja": "属性スコア"},
    "scoring.engagement": {"en": "Engagement score", "ja": "行動スコア"},
    "scoring.points": {"en": "Points", "ja": "点数"},
    "scoring.path": {"en": "Score (record highs)", "ja": "スコア（最高値の推移）"},
    "scoring.activities": {"en": "Activities", "ja": "行動"},
    "scoring.col_rule": {"en": "Rule", "ja": "ルール"},
    "scoring.col_kind": {"en": "Kind", "ja": "種類"},
    "scoring.col_option": {"en": "Option", "ja": "区分"},
    "scoring.col_points": {"en": "Points", "ja": "点数"},
    "scoring.col_cap": {"en": "Cap", "ja": "上限"},
    "scoring.col_detail": {"en": "Detail", "ja": "詳細"},
    "scoring.crm_compare": {
        "en": "Against the CRM's own MQL dates: {both} in both, {replay_only} only replayed, {crm_only} only in the CRM (median shift {median}).",
        "ja": "CRM の MQL 日付との比較: 両方 {both} 件、再現のみ {replay_only} 件、CRM のみ {crm_only} 件（中央値のずれ {median}）。",
    },
    # "why this score" (analytics.scoring.why): the words of one lead's explanation
    "scoring.option_default": {"en": "Any other value", "ja": "その他の値"},
    "scoring.option_missing": {"en": "Not given", "ja": "未入力"},
    "scoring.option_per_occurrence": {"en": "per activity", "ja": "1回あたり"},
    "scoring.why_other_value": {"en": "{value} (other value)", "ja": "{value}（その他の値）"},
    "scoring.why_band": {"en": "{band} ({value})", "ja": "{band}（{value}）"},
    "scoring.why_fit": {"en": "{option} → {points}", "ja": "{option} → {points}"},
    "scoring.why_fit_weighted": {
        "en": "{option} → {points} × fit weight {weight}",
        "ja": "{option} → {points} × 属性スコアの重み {weight}",
    },
    "scoring.why_same_day": {"en": "once, the same day", "ja": "当日に1回"},
    "scoring.why_day_before": {"en": "once, the day before", "ja": "前日に1回"},
    "scoring.why_once_ago": {"en": "once, {days} days before", "ja": "{days}日前に1回"},
    "scoring.why_day": {"en": "day", "ja": "1日間"},
    "scoring.why_days": {"en": "{n} days", "ja": "{n}日間"},
    "scoring.why_within": {"en": "{n} times in the last {days}", "ja": "直近{days}に{n}回"},
    "scoring.why_decay": {"en": ", −{pct} decay", "ja": "、減衰 −{pct}"},
    "scoring.why_capped": {"en": ", capped at {cap}", "ja": "、上限 {cap} 点で打ち切り"},
    "scoring.why_engagement_weight": {
        "en": ", × engagement weight {weight}",
        "ja": "、× 行動スコアの重み {weight}",
    },
    "scoring.why_no_activity": {"en": "no activity counted", "ja": "該当する行動なし"},
    "scoring.why_aggregate": {
        "en": "{value} in the lead record (no activity rows)",
        "ja": "リード情報の集計値 {value}（行動履歴なし）",
    },
    "scoring.why_aggregate_unused": {
        "en": "not counted: the lead has activity rows",
        "ja": "行動履歴があるため集計値は数えません",
    },
    "scoring.why_floor": {"en": "raised to the floor {floor}", "ja": "下限 {floor} まで引き上げ"},
    "scoring.why_ceiling": {
        "en": "cut to the ceiling {ceiling}",
        "ja": "上限 {ceiling} で打ち切り",
    },
    "scoring.why_total": {"en": "Total", "ja": "合計"},
    "scoring.col_at_mql": {"en": "At the MQL moment", "ja": "MQL 到達時"},
    "scoring.col_at_handoff": {"en": "At the hand-off", "ja": "営業への引き渡し時"},
    "scoring.col_today": {"en": "Today", "ja": "現在"},
    "scoring.mark_mql": {"en": "MQL", "ja": "MQL 到達"},
    "scoring.mark_handoff": {"en": "Hand-off", "ja": "営業へ引き渡し"},
    "scoring.why_mql": {
        "en": "MQL on {at} with a score of {score} (threshold {threshold}). Today ({today}): {now}.",
        "ja": "{at} に MQL 到達（スコア {score}、閾値 {threshold}）。現在（{today}）のスコア: {now}。",
    },
    "scoring.why_handoff": {
        "en": "Not an MQL. At the hand-off to sales on {at} the score was {score} "
        "(threshold {threshold}). Today ({today}): {now}.",
        "ja": "MQL 未到達。{at} の営業への引き渡し時点のスコアは {score}（閾値 {threshold}）。"
        "現在（{today}）のスコア: {now}。",
    },
    "scoring.why_as_of": {
        "en": "Not an MQL and not handed to sales yet. Today ({today}): {now} (threshold {threshold}).",
        "ja": "MQL 未到達で、営業への引き渡しもまだです。現在（{today}）のスコア: {now}（閾値 {threshold}）。",
    },
    "scoring.why_handed": {
        "en": " Handed to sales on {at}.",
        "ja": "営業への引き渡し: {at}。",
    },
    # --- end section: scoring ---
    # --- section: model ---
    "model.page": {"en": "Model lab", "ja": "予測モデル"},
    "model.title": {
        "en": "Model lab: what predicts the outcome",
        "ja": "予測モデル: 成果を予測するもの",
    },
    "model.intro": {
        "en": "A logistic regression and a gradient-boosted challenger learn the outcome from lead "
        "attributes and behaviour before each lead's hand-off to sales, and are judged on leads they "
        "never saw, beside the agreed rules' score. The logistic model becomes a readable scorecard "
        "that can be saved as a draft criteria version.",
        "ja": "ロジスティック回帰と勾配ブースティング（挑戦モデル）が、営業への引き渡し前のリード属性と行動から成果を学習し、"
        "学習に使っていないリードで、合意ルールのスコアと並べて評価します。ロジスティック回帰は読みやすいスコアカードになり、"
        "判定基準の下書きとして保存できます。",
    },
    "model.empty": {
        "en": "No leads yet: load the demo or import leads with outcomes (deals or a converted column).",
        "ja": "リードがまだありません。デモを読み込むか、成果（商談または成約列）付きのリードを取り込んでください。",
    },
    "model.outcome": {"en": "Predict", "ja": "予測対象"},
    "model.outcome_won": {"en": "Won", "ja": "受注"},
    "model.outcome_sql": {"en": "SQL", "ja": "SQL"},
    "model.split": {"en": "Test from", "ja": "テスト期間の開始月"},
    "model.split_auto": {"en": "Automatic (newest ~25%)", "ja": "自動（最新の約25%）"},
    "model.running": {"en": "Fitting the models…", "ja": "モデルを学習しています…"},
    "model.fitting_first": {
        "en": "Fitting the models, the first fit on this data (a few seconds). "
        "The results appear here by themselves when it is done.",
        "ja": "このデータで初めてモデルを学習しています（数秒かかります）。"
        "終わると結果がこのページに自動で表示されます。",
    },
    "model.refitting": {
        "en": "Shown while the models refit: the fit on the data as it was before the latest "
        "import ({before} leads then, {now} now). This page updates by itself when the refit on "
        "the current data is done (seconds to a minute).",
        "ja": "モデルの再学習中は、最新の取り込み前のデータ（当時{before}件、現在{now}件）での学習結果を表示しています。"
        "現在のデータでの再学習が終わると、このページは自動で更新されます（数秒〜1分程度）。",
    },
    "model.refit_wait": {
        "en": "Available when the refit on the current data is done.",
        "ja": "現在のデータでの再学習が終わると使えます。",
    },
    "model.validation_dated": {
        "en": "Out of time: trained on leads created before {month}, tested on the newest {share} of "
        "the leads — how the model would have done going forward.",
        "ja": "時系列検証: {month}より前に作成されたリードで学習し、最新の{share}のリードでテストしています"
        "（この先どれだけ当たったかの検証）。",
    },
    "model.validation_user_split": {
        "en": "Out of time at the month you chose: trained on leads created before {month}, tested on "
        "the {share} created from then on.",
        "ja": "選んだ月での時系列検証: {month}より前に作成されたリードで学習し、それ以降に作成された{share}でテストしています。",
    },
    "model.validation_no_dates": {
        "en": "Stratified 5-fold cross-validation: the leads have no creation dates, so no newer "
        "period can be held out; each lead is predicted by a model that never saw it.",
        "ja": "層化5分割交差検証: リードに作成日がないため新しい期間を取り分けられません。各リードは、そのリードを見ていないモデルで予測しています。",
    },
    "model.validation_one_month": {
        "en": "Stratified 5-fold cross-validation: every lead was created in the same month, so no "
        "newer period can be held out; each lead is predicted by a model that never saw it.",
        "ja": "層化5分割交差検証: すべてのリードが同じ月に作成されているため新しい期間を取り分けられません。"
        "各リードは、そのリードを見ていないモデルで予測しています。",
    },
    "model.immature": {
        "en": "{n} leads younger than {days} are left out: their outcome is not known yet.",
        "ja": "作成から{days}未満の{n}件のリードは、成果がまだ分からないため除いています。",
    },
    "model.counts": {
        "en": "Training: {train_leads} leads, {train_conv} conversions · Holdout: {test_leads} leads, "
        "{test_conv} conversions",
        "ja": "学習: リード {train_leads} 件・成果 {train_conv} 件 · 検証: リード {test_leads} 件・成果 {test_conv} 件",
    },
    "model.floor": {
        "en": "No accuracy claim: the holdout has {conversions} conversions and {others} "
        "non-conversions; at least {floor} of each are needed. Import more history or wait for more "
        "outcomes.",
        "ja": "精度は示せません: 検証データの成果は{conversions}件、非成果は{others}件で、それぞれ{floor}件以上必要です。"
        "履歴を追加で取り込むか、成果が増えるのを待ってください。",
    },
    "model.results": {"en": "On the holdout", "ja": "検証データでの評価"},
    "model.col_score": {"en": "Score", "ja": "スコア"},
    "model.col_auc": {"en": "AUC (95% CI)", "ja": "AUC（95%区間）"},
    "model.col_brier": {"en": "Brier", "ja": "ブライアスコア"},
    "model.col_captured": {"en": "Top 25% captures", "ja": "上位25%の捕捉率"},
    "model.col_ratio": {"en": "Top vs bottom 25%", "ja": "上位25%÷下位25%"},
    "model.col_check": {"en": "Rule of thumb", "ja": "目安"},
    "model.col_vs_rules": {"en": "AUC vs rules", "ja": "ルールとのAUC差"},
    "model.score_logistic_regression": {"en": "Logistic regression", "ja": "ロジスティック回帰"},
    "model.score_gradient_boosting": {"en": "Gradient boosting", "ja": "勾配ブースティング"},
    "model.score_rules": {"en": "Agreed rules' score", "ja": "合意ルールのスコア"},
    "model.check_pass": {"en": "Passes", "ja": "満たす"},
    "model.check_fail": {"en": "Falls short", "ja": "満たさない"},
    "model.check_help": {
        "en": "Rule of thumb (MadKudu): a good score's top quarter of leads captures at least 60% of "
        "the conversions and converts at least 10× its bottom quarter. Brier: lower is better; "
        "always predicting the base rate scores {base}.",
        "ja": "目安（MadKudu）: 良いスコアは上位4分の1のリードで成果の60%以上を捉え、その成約率は下位4分の1の10倍以上です。"
        "ブライアスコアは低いほど良く、常に平均の率を予測すると{base}です。",
    },
    "model.ratio_inf": {"en": "no conversions at the bottom", "ja": "下位に成果なし"},
    "model.gains": {
        "en": "Gains: conversions captured by the top leads",
        "ja": "ゲイン: 上位リードが捉える成果",
    },
    "model.gains_x": {
        "en": "Share of leads, top scores first",
        "ja": "リードの割合（スコア上位から）",
    },
    "model.gains_y": {"en": "Share of conversions captured", "ja": "捉えた成果の割合"},
    "model.random": {"en": "Random", "ja": "ランダム"},
    "model.calibration": {"en": "Calibration: predicted vs observed", "ja": "較正: 予測と実績"},
    "model.calibration_x": {"en": "Predicted probability", "ja": "予測確率"},
    "model.calibration_y": {"en": "Observed rate", "ja": "実際の率"},
    "model.perfect": {"en": "Perfect calibration", "ja": "完全な較正"},
    "model.leaks": {"en": "Leak guard", "ja": "リーク防止"},
    "model.leaks_intro": {
        "en": "Outcome columns are never used. A column is a suspected leak when it alone predicts "
        "the outcome implausibly well (single-column AUC ≥ 0.9, out of fold), is filled mostly for "
        "leads sales already worked, or is named as set by sales or read at the export (quality, "
        "rating, tags, last …); those are left out unless you include them below.",
        "ja": "成果の列は使いません。その列だけで成果を不自然なほど予測できる列（単独AUC 0.9以上、交差検証）、"
        "営業が対応したリードでだけ主に入力されている列、列名から営業の入力や出力時点の値と分かる列（評価・確度・タグ・最終〜など）は"
        "リークの疑いとして除外します。下で明示的に含めることもできます。",
    },
    "model.columns_used": {"en": "Columns the models read", "ja": "モデルが使う列"},
    "model.columns_help": {
        "en": "Flagged columns are left out by default; adding one shows its effect on every figure.",
        "ja": "疑いのある列は既定で除外します。追加すると、すべての数値への影響を確認できます。",
    },
    "model.col_column": {"en": "Column", "ja": "列"},
    "model.col_single_auc": {"en": "AUC alone", "ja": "単独AUC"},
    "model.col_filled_touched": {"en": "Filled (worked by sales)", "ja": "入力率（営業対応済み）"},
    "model.col_filled_untouched": {"en": "Filled (not worked)", "ja": "入力率（未対応）"},
    "model.col_reason": {"en": "Verdict", "ja": "判定"},
    "model.col_used": {"en": "Used", "ja": "使用"},
    "model.reason_outcome_name": {
        "en": "Outcome column (never used)",
        "ja": "成果の列（使用しない）",
    },
    "model.reason_predicts_alone": {"en": "Predicts alone too well", "ja": "単独で予測しすぎ"},
    "model.reason_filled_after_contact": {
        "en": "Filled after sales contact",
        "ja": "営業対応後に入力",
    },
    "model.reason_after_decision_name": {
        "en": "Name says sales set it, or read at export",
        "ja": "列名から営業の入力か出力時点の値と判断",
    },
    "model.reason_ok": {"en": "OK", "ja": "問題なし"},
    "model.yes": {"en": "Yes", "ja": "はい"},
    "model.no": {"en": "No", "ja": "いいえ"},
    "model.coefficients": {
        "en": "Logistic regression: odds ratios",
        "ja": "ロジスティック回帰: オッズ比",
    },
    "model.plain": {
        "en": "Plain maximum-likelihood fit: {events} conversions for {terms} terms.",
        "ja": "通常の最尤推定: 項目{terms}個に対して成果{events}件。",
    },
    "model.regularised_few_events": {
        "en": "L1-regularised fit (strength {alpha}, chosen by cross-validation): fewer than 10 "
        "conversions per term ({events} for {terms}). Terms at 0 were dropped; intervals and p-values "
        "of the kept terms are optimistic.",
        "ja": "L1正則化で推定（強さ{alpha}、交差検証で選択）: 項目あたりの成果が10件未満（項目{terms}個に成果{events}件）のため。"
        "0になった項目は除外され、残った項目の区間とp値は楽観的です。",
    },
    "model.regularised_not_converged": {
        "en": "L1-regularised fit (strength {alpha}, chosen by cross-validation): the plain fit did "
        "not converge ({events} conversions for {terms} terms). Intervals and p-values are optimistic.",
        "ja": "L1正則化で推定（強さ{alpha}、交差検証で選択）: 通常の推定が収束しなかったため（項目{terms}個に成果{events}件）。"
        "区間とp値は楽観的です。",
    },
    "model.regularised_separated": {
        "en": "L1-regularised fit (strength {alpha}, chosen by cross-validation): {term} has {leads} "
        "leads and {conversions} of them converted{more}, so the plain fit has no finite answer "
        "({events} conversions for {terms} terms). Intervals and p-values are optimistic.",
        "ja": "L1正則化で推定（強さ{alpha}、交差検証で選択）: {term}のリード{leads}件のうち成果は{conversions}件で{more}、"
        "通常の推定では係数が定まらないため（項目{terms}個に成果{events}件）。区間とp値は楽観的です。",
    },
    "model.separated_more": {
        "en": " (and {count} more such terms)",
        "ja": "（同様の項目がほかに{count}個）",
    },
    "model.col_term": {"en": "Attribute or behaviour", "ja": "属性・行動"},
    "model.col_odds_ratio": {"en": "Odds ratio", "ja": "オッズ比"},
    "model.col_or_ci": {"en": "95% CI", "ja": "95%区間"},
    "model.col_p": {"en": "p-value", "ja": "p値"},
    "model.scorecard": {
        "en": "Scorecard: the model as points",
        "ja": "スコアカード: モデルを点数に",
    },
    "model.scorecard_intro": {
        "en": "Points per attribute value and per behaviour ({pdo} points double the odds), rounded "
        "to 5; each attribute's lowest value gets 0.",
        "ja": "属性の値・行動ごとの点数（{pdo}点でオッズが2倍）。5点単位に丸め、各属性で最も低い値を0点としています。",
    },
    "model.rounding": {
        "en": "AUC of the rounded scorecard {card} vs the model's {model}: {loss} lost by rounding.",
        "ja": "丸めたスコアカードのAUCは{card}、モデルは{model}: 丸めによる低下は{loss}。",
    },
    "model.threshold": {
        "en": "MQL threshold of the draft: {threshold} (flags the same share of leads as the current "
        "criteria's MQLs).",
        "ja": "下書きのMQLしきい値: {threshold}（現在の基準のMQLと同じ割合のリードが対象になる点数）。",
    },
    "model.col_rule": {"en": "Rule", "ja": "ルール"},
    "model.col_value": {"en": "Value", "ja": "値"},
    "model.col_points": {"en": "Points", "ja": "点数"},
    "model.per_occurrence": {"en": "per occurrence", "ja": "1回あたり"},
    "model.level_none": {"en": "(missing)", "ja": "（未入力）"},
    "model.level_other": {"en": "(other)", "ja": "（その他）"},
    "model.save": {"en": "Save the scorecard as a draft", "ja": "スコアカードを下書きとして保存"},
    "model.saved": {
        "en": "Saved the scorecard as draft criteria {name} v{version} (id {id}); propose it for "
        "agreement when both teams have read it.",
        "ja": "スコアカードを判定基準の下書き {name} 第{version}版（id {id}）として保存しました。両チームが確認したら合意に向けて提案してください。",
    },
    "model.download": {"en": "Download the draft (TOML)", "ja": "下書きをダウンロード（TOML）"},
    "model.attr_industry": {"en": "Industry", "ja": "業種"},
    "model.attr_prefecture": {"en": "Prefecture", "ja": "都道府県"},
    "model.attr_region": {"en": "Region", "ja": "地域"},
    "model.attr_country": {"en": "Country", "ja": "国"},
    "model.attr_title_rank": {"en": "Title rank", "ja": "役職ランク"},
    "model.attr_department": {"en": "Department", "ja": "部署"},
    "model.attr_employees": {"en": "Employees", "ja": "従業員数"},
    "model.attr_annual_revenue": {"en": "Annual revenue (yen)", "ja": "年商（円）"},
    "model.attr_source": {"en": "Source", "ja": "流入元"},
    "model.attr_campaign": {"en": "Campaign", "ja": "キャンペーン"},
    "model.attr_owner": {"en": "Owner", "ja": "担当者"},
    "model.attr_converted": {"en": "Converted (lead)", "ja": "成約（リード）"},
    "model.attr_lifecycle_stage": {"en": "Lifecycle stage", "ja": "ライフサイクルステージ"},
    "model.attr_status": {"en": "Lead status", "ja": "リードステータス"},
    "model.attr_page_views": {"en": "Page views (total)", "ja": "ページビュー数（合計）"},
    "model.attr_time_on_site_s": {"en": "Time on site (s)", "ja": "サイト滞在時間（秒）"},
    # --- end section: model ---
    # --- section: experiments ---
    "experiments.page": {"en": "Experiments", "ja": "実験"},
    "experiments.title": {
        "en": "Experiments: criteria head to head",
        "ja": "実験: 判定基準の比較",
    },
    "experiments.intro": {
        "en": "Back-test two criteria on the same history, or run a live champion/challenger "
        "experiment on new leads with a sample size planned before it starts.",
        "ja": "2つの判定基準を同じ履歴で比較（バックテスト）するか、開始前に必要なサンプル数を決めて新規リードでチャンピオン／チャレンジャー実験を行います。",
    },
    "experiments.empty": {
        "en": "No leads yet: load the demo or import your data first.",
        "ja": "リードがまだありません。先にデモを読み込むか、データを取り込んでください。",
    },
    "experiments.backtest": {
        "en": "Back-test on the same history",
        "ja": "同じ履歴でのバックテスト",
    },
    "experiments.side_a": {"en": "Criteria A", "ja": "判定基準 A"},
    "experiments.side_b": {"en": "Criteria B", "ja": "判定基準 B"},
    "experiments.active": {"en": "Active criteria", "ja": "有効な判定基準"},
    "experiments.version": {
        "en": "{name} v{version} ({status})",
        "ja": "{name} 第{version}版（{status}）",
    },
    "experiments.outcome": {"en": "Outcome", "ja": "成果"},
    "experiments.outcome_won": {"en": "Won", "ja": "受注"},
    "experiments.outcome_sql": {"en": "SQL", "ja": "SQL"},
    "experiments.same": {
        "en": "Choose two different criteria.",
        "ja": "異なる2つの判定基準を選んでください。",
    },
    "experiments.mcnemar": {
        "en": "MQL decisions that differ: {a_only} leads only A makes an MQL, {b_only} only B "
        "(McNemar, {p}).",
        "ja": "MQL判定が異なるリード: Aだけが MQL とするもの {a_only} 件、Bだけが {b_only} 件（McNemar 検定、{p}）。",
    },
    "experiments.col_criteria": {"en": "Criteria", "ja": "判定基準"},
    "experiments.col_threshold": {"en": "Threshold", "ja": "しきい値"},
    "experiments.col_mqls": {"en": "MQLs", "ja": "MQL数"},
    "experiments.col_precision": {"en": "MQL → outcome (95% CI)", "ja": "MQL→成果（95%区間）"},
    "experiments.col_recall": {"en": "Share of conversions via MQL", "ja": "成果のうちMQL経由"},
    "experiments.col_equal_volume": {"en": "At equal volume", "ja": "同じ件数での精度"},
    "experiments.equal_volume": {
        "en": "At equal volume both scores take their top {n} leads (A's MQL count), so a stricter "
        "threshold is not mistaken for a better score.",
        "ja": "同じ件数での精度: どちらのスコアも上位{n}件（AのMQL数）を取るので、しきい値の厳しさと"
        "スコアの良さを取り違えません。",
    },
    "experiments.auc": {
        "en": "AUC A {a} vs B {b}: difference {diff} ({low} to {high}), {p} (paired DeLong test).",
        "ja": "AUC A {a}、B {b}: 差 {diff}（{low}〜{high}）、{p}（対応のある DeLong 検定）。",
    },
    "experiments.live": {
        "en": "Live champion / challenger",
        "ja": "チャンピオン／チャレンジャー実験",
    },
    "experiments.live_intro": {
        "en": "Leads created from the start date on are assigned to an arm by a stable hash of the "
        "experiment's seed and the lead id: reproducible, and never re-assigned.",
        "ja": "開始日以降に作成されたリードは、実験のシードとリードIDの固定ハッシュで振り分けます。再現でき、振り分けが変わることはありません。",
    },
    "experiments.none": {
        "en": "No experiment yet: create one below.",
        "ja": "実験はまだありません。下で作成してください。",
    },
    "experiments.choose": {"en": "Experiment", "ja": "実験"},
    "experiments.version_short": {"en": "{name} v{version}", "ja": "{name} 第{version}版"},
    "experiments.label": {"en": "#{id} {name} (from {start})", "ja": "#{id} {name}（{start}〜）"},
    "experiments.plan": {
        "en": "Plan: champion {base} vs a challenger at {target} or better (significance {alpha}, "
        "power {power}) needs {champion} + {challenger} leads; {share} of new leads go to the "
        "challenger.",
        "ja": "計画: チャンピオン {base} に対し、チャレンジャー {target} 以上の差を検出するには"
        "（有意水準 {alpha}、検出力 {power}）{champion} + {challenger} 件のリードが必要です。新規リードの{share}をチャレンジャーに振り分けます。",
    },
    "experiments.col_arm": {"en": "Arm", "ja": "群"},
    "experiments.col_leads": {"en": "Leads", "ja": "リード数"},
    "experiments.col_conversions": {"en": "Conversions", "ja": "成果数"},
    "experiments.col_rate": {"en": "Rate (95% CI)", "ja": "率（95%区間）"},
    "experiments.col_planned": {"en": "Planned", "ja": "計画数"},
    "experiments.col_needed": {"en": "Still needed", "ja": "あと必要"},
    "experiments.arm_champion": {"en": "Champion", "ja": "チャンピオン"},
    "experiments.arm_challenger": {"en": "Challenger", "ja": "チャレンジャー"},
    "experiments.difference": {
        "en": "Challenger − champion: {diff} ({low} to {high}), {p}.",
        "ja": "チャレンジャー − チャンピオン: {diff}（{low}〜{high}）、{p}。",
    },
    "experiments.verdict_not_yet_decidable": {
        "en": "Not yet decidable: {champion} more leads are needed in the champion arm and "
        "{challenger} in the challenger arm. Do not stop early — a difference seen now may be noise.",
        "ja": "まだ判断できません: チャンピオン群にあと{champion}件、チャレンジャー群にあと{challenger}件のリードが必要です。"
        "途中で打ち切らないでください（今見えている差は偶然かもしれません）。",
    },
    "experiments.verdict_challenger_better": {
        "en": "Decided: the challenger converts better.",
        "ja": "判定: チャレンジャーの方が成果率が高い。",
    },
    "experiments.verdict_champion_better": {
        "en": "Decided: the champion converts better.",
        "ja": "判定: チャンピオンの方が成果率が高い。",
    },
    "experiments.verdict_no_difference": {
        "en": "Decided: no real difference at the planned sample size.",
        "ja": "判定: 計画したサンプル数で意味のある差はありません。",
    },
    "experiments.rate_axis": {"en": "Conversion rate", "ja": "成果率"},
    "experiments.create": {"en": "New experiment", "ja": "新しい実験"},
    "experiments.champion": {"en": "Champion (in force now)", "ja": "チャンピオン（現行）"},
    "experiments.challenger": {"en": "Challenger", "ja": "チャレンジャー"},
    "experiments.share": {
        "en": "Challenger's share of new leads",
        "ja": "チャレンジャーに振り分ける割合",
    },
    "experiments.start": {"en": "Start date", "ja": "開始日"},
    "experiments.lift": {
        "en": "Smallest improvement worth detecting (relative, %)",
        "ja": "検出したい最小の改善幅（相対、%）",
    },
    "experiments.seed": {"en": "Seed", "ja": "シード"},
    "experiments.name": {"en": "Name", "ja": "名前"},
    "experiments.create_button": {"en": "Create the experiment", "ja": "実験を作成"},
    "experiments.created": {"en": "Created experiment #{id}.", "ja": "実験 #{id} を作成しました。"},
    "experiments.preview": {
        "en": "Before it starts: from a champion rate of {base}, detecting {target} needs {champion} "
        "champion and {challenger} challenger leads. At the expected {per_month} new leads a month, "
        "{months} months can detect a challenger rate of {detectable} or more.",
        "ja": "開始前の見積り: チャンピオンの率 {base} から {target} を検出するには、チャンピオン {champion} 件・"
        "チャレンジャー {challenger} 件のリードが必要です。月{per_month}件の新規リードなら、{months}か月で"
        "{detectable}以上のチャレンジャーの率を検出できます。",
    },
    "experiments.preview_none": {
        "en": "There is not enough history before this date to plan from.",
        "ja": "この日付より前に、計画に使える履歴が十分にありません。",
    },
    "experiments.need_two": {
        "en": "Save at least two criteria versions (Scoring page) to run an experiment.",
        "ja": "実験には判定基準の版が2つ以上必要です（スコアリングページで保存してください）。",
    },
    # --- end section: experiments ---
    # --- section: agreement ---
    "agreement.agreed_on": {
        "en": "on {at} ({names})",
        "ja": "{at}（{names}）",
    },
    "diff.line": {"en": "{rule}: {changes}", "ja": "{rule}: {changes}"},
    "diff.separator": {"en": "; ", "ja": "、"},
    "diff.option": {"en": "“{option}” {change}", "ja": "「{option}」 {change}"},
    "diff.section.document": {"en": "criteria", "ja": "判定基準"},
    "diff.section.threshold": {"en": "threshold", "ja": "しきい値"},
    "diff.section.weights": {"en": "weights", "ja": "重み"},
    "diff.section.score_range": {"en": "score range", "ja": "スコア範囲"},
    "diff.section.sql_rule": {"en": "SQL rule", "ja": "SQL条件"},
    "diff.section.sla": {"en": "SLA", "ja": "SLA"},
    "diff.bant_level": {"en": "{item} ≥ {level}", "ja": "{item} ≥ {level}"},
    "diff.bant.budget": {"en": "Budget", "ja": "予算"},
    "diff.bant.authority": {"en": "Authority", "ja": "決裁権"},
    "diff.bant.need": {"en": "Need", "ja": "ニーズ"},
    "diff.bant.timeline": {"en": "Timeline", "ja": "導入時期"},
    "diff.level.0": {"en": "unknown", "ja": "不明"},
    "diff.level.1": {"en": "low", "ja": "低"},
    "diff.level.2": {"en": "medium", "ja": "中"},
    "diff.level.3": {"en": "high/clear", "ja": "高・明確"},
    "diff.rule_added_points": {
        "en": "rule added ({points} points each)",
        "ja": "ルールを追加（1回 {points} 点）",
    },
    "diff.rule_removed_points": {
        "en": "rule removed (was {points} points each)",
        "ja": "ルールを削除（1回 {points} 点だった）",
    },
    "diff.rule_added_column": {
        "en": "rule added (on {column})",
        "ja": "ルールを追加（{column} による）",
    },
    "diff.rule_removed_column": {
        "en": "rule removed (was on {column})",
        "ja": "ルールを削除（{column} によるもの）",
    },
    "diff.sql_changed": {"en": "{a} → {b}", "ja": "{a} → {b}"},
    "diff.sql_added": {"en": "{level} added", "ja": "{level} を追加"},
    "diff.sql_removed": {"en": "{level} removed", "ja": "{level} を削除"},
    "diff.description": {"en": "description changed", "ja": "説明を変更"},
    "diff.points": {"en": "{a} → {b} points", "ja": "{a} → {b} 点"},
    "diff.points_added": {"en": "{points} points added", "ja": "{points} 点を追加"},
    "diff.points_removed": {"en": "{points} points removed", "ja": "{points} 点を削除"},
    "diff.hours": {"en": "first contact {a} h → {b} h", "ja": "初回接触 {a}時間 → {b}時間"},
    "diff.days": {"en": "{a} → {b} days", "ja": "{a} → {b} 日"},
    "diff.field.default": {"en": "other values", "ja": "その他の値"},
    "diff.field.missing": {"en": "missing value", "ja": "値なし"},
    "diff.field.cap": {"en": "cap", "ja": "点数上限"},
    "diff.field.window_days": {"en": "window", "ja": "対象期間"},
    "diff.field.half_life_days": {"en": "half-life", "ja": "半減期"},
    "diff.field.types": {"en": "activity types", "ja": "行動の種類"},
    "diff.field.detail": {"en": "pages", "ja": "ページ"},
    "diff.field.detail_contains": {"en": "pages containing", "ja": "ページ（部分一致）"},
    "diff.field.campaign": {"en": "campaigns", "ja": "キャンペーン"},
    "diff.field.field": {"en": "column", "ja": "列"},
    "diff.field.kind": {"en": "kind", "ja": "種類"},
    "diff.field.label": {"en": "label", "ja": "表示名"},
    "diff.field.bands": {"en": "bands", "ja": "区分"},
    "diff.field.threshold": {"en": "threshold", "ja": "しきい値"},
    "diff.field.fit_weight": {"en": "fit weight", "ja": "属性の重み"},
    "diff.field.engagement_weight": {"en": "engagement weight", "ja": "行動の重み"},
    "diff.field.floor": {"en": "floor", "ja": "スコア下限"},
    "diff.field.ceiling": {"en": "ceiling", "ja": "スコア上限"},
    "diff.field.mql_per_month": {"en": "MQLs per month", "ja": "月間MQL数"},
    "diff.field.min_score": {
        "en": "minimum score of a promised MQL",
        "ja": "約束するMQLの最低スコア",
    },
    "diff.field.name": {"en": "name", "ja": "名前"},
    "agreement.kpi.mql": {"en": "MQLs", "ja": "MQL数"},
    "agreement.kpi.mql_per_month": {"en": "MQLs per month", "ja": "月間MQL数"},
    "agreement.kpi.capacity_per_month": {
        "en": "Sales capacity per month",
        "ja": "営業の対応可能数（月）",
    },
    "agreement.kpi.mql_rate": {"en": "MQL share of leads", "ja": "MQL化率"},
    "agreement.kpi.sql_rate": {"en": "MQL→SQL", "ja": "MQL→SQL"},
    "agreement.kpi.precision": {"en": "MQL→won", "ja": "MQL→受注"},
    "agreement.kpi.recall": {"en": "Share of wins through MQLs", "ja": "MQL経由の受注の割合"},
    "agreement.kpi.expected_sql": {"en": "Expected SQLs per month", "ja": "期待SQL数（月）"},
    "agreement.kpi.expected_won": {"en": "Expected wins per month", "ja": "期待受注数（月）"},
    "agreement.kpi.expected_revenue": {"en": "Expected revenue per month", "ja": "期待売上（月）"},
    "agreement.kpi.won_below": {"en": "Wins below the threshold", "ja": "しきい値未満の受注"},
    "agreement.metric.mql_to_sql": {"en": "MQL→SQL", "ja": "MQL→SQL"},
    "agreement.metric.mql_to_won": {"en": "MQL→won", "ja": "MQL→受注"},
    "agreement.in_use": {"en": "Criteria in use", "ja": "使用中の判定基準"},
    "agreement.tampered_notice": {
        "en": "Criteria #{id} was changed outside Kakehashi: {problems}. See the audit trail on the Agreement page.",
        "ja": "判定基準 #{id} が Kakehashi の外で変更されています: {problems}。合意ページの監査記録を確認してください。",
    },
    "agreement.tampered_fallback": {
        "en": "The agreed criteria #{id} was changed outside Kakehashi ({problems}), so it is not used: the shipped default (not agreed) is used until a new version is agreed. See the Agreement page.",
        "ja": "合意済みの判定基準 #{id} が Kakehashi の外で変更されたため（{problems}）、使用していません。新しい版が合意されるまで初期設定（未合意）を使います。合意ページを確認してください。",
    },
    "agreement.page": {"en": "Agreement", "ja": "合意"},
    "agreement.title": {"en": "Agreement", "ja": "合意"},
    "agreement.intro": {
        "en": "Marketing and sales agree on one version of the criteria: what is on the table, what it changes, what it would have done on our history, and both teams' signatures. Nothing is ever deleted.",
        "ja": "マーケティングと営業で判定基準の版に合意します。提案の内容、変わる点、過去データでの効果を確認し、両チームが署名します。記録は削除されません。",
    },
    "agreement.in_force": {"en": "In force", "ja": "適用中の基準"},
    "agreement.signed_line": {
        "en": "**{team}**: signed by {name} on {at}{note}",
        "ja": "**{team}**: {name} が {at} に署名{note}",
    },
    "agreement.no_agreed": {
        "en": "No version is agreed yet: every page uses the shipped default, which is not agreed. Propose a version and have both teams sign it.",
        "ja": "まだ合意された版はありません。各ページは初期設定（未合意）を使っています。版を提案し、両チームが署名してください。",
    },
    "agreement.on_table": {"en": "On the table", "ja": "検討中の提案"},
    "agreement.no_proposal": {
        "en": 'Nothing is proposed. Send a threshold from What-if or rule edits from Scoring ("Propose for agreement"), or save a draft there and propose it here.',
        "ja": "提案はありません。What-if のしきい値やスコアリングの編集を「合意に向けて提案」で送るか、下書きを保存してここで提案してください。",
    },
    "agreement.pick": {"en": "Proposal or draft", "ja": "提案または下書き"},
    "agreement.baseline": {"en": "Compared with", "ja": "比較対象"},
    "agreement.baseline_in_force": {"en": "In force: {version}", "ja": "適用中: {version}"},
    "agreement.changes": {"en": "What changes (against {a})", "ja": "変わる点（{a} との比較）"},
    "agreement.no_changes": {
        "en": "The two versions have the same rules.",
        "ja": "2つの版のルールは同じです。",
    },
    "agreement.effects": {
        "en": "What it would have done on our history",
        "ja": "過去データでの効果",
    },
    "agreement.empty": {
        "en": "Import leads (or load the demo) to see the effects of the proposal.",
        "ja": "提案の効果を見るにはリードを取り込むか、デモデータを読み込んでください。",
    },
    "agreement.capacity": {
        "en": "Sales capacity (MQLs a month)",
        "ja": "営業の対応可能数（月あたり MQL）",
    },
    "agreement.period_all": {
        "en": "The sidebar period has no data: all data is compared.",
        "ja": "サイドバーの期間にデータがないため、全期間で比較しています。",
    },
    "agreement.period": {
        "en": "Leads created {start} – {end}; each version at its own threshold, same definitions as What-if.",
        "ja": "{start}〜{end} に作成されたリード。各版はそれぞれのしきい値で、What-if と同じ定義で計算しています。",
    },
    "agreement.was": {"en": "now: {value}", "ja": "現在: {value}"},
    "agreement.over_capacity": {
        "en": "The proposal makes {mql} MQLs a month, more than sales can work ({capacity}).",
        "ja": "提案では月 {mql} 件の MQL となり、営業の対応可能数（{capacity}）を超えます。",
    },
    "agreement.col_kpi": {"en": "Measure", "ja": "指標"},
    "agreement.col_a": {"en": "Now", "ja": "現在"},
    "agreement.col_b": {"en": "Proposal", "ja": "提案"},
    "agreement.col_difference": {"en": "Difference", "ja": "差"},
    "agreement.significance": {
        "en": "Is the difference in conversion real?",
        "ja": "転換率の差は本物か？",
    },
    "agreement.sig_line": {
        "en": "{metric}: {a} → {b} ({diff}; 95% interval {low} to {high}; {p}) — {verdict}",
        "ja": "{metric}: {a} → {b}（{diff}、95% 区間 {low} 〜 {high}、{p}）— {verdict}",
    },
    "agreement.sig_yes": {"en": "a real difference", "ja": "本物の差"},
    "agreement.sig_no": {"en": "within noise", "ja": "誤差の範囲"},
    "agreement.sig_none": {
        "en": "cannot be tested (no spread)",
        "ja": "検定できません（ばらつきなし）",
    },
    "agreement.significance_note": {
        "en": "Most MQLs are the same leads under both versions; the test counts each lead once (two-proportion test for overlapping groups).",
        "ja": "多くの MQL は両方の版で同じリードです。検定では各リードを1回だけ数えます（重なりのある2群の比率の検定）。",
    },
    "agreement.becomes": {"en": "Leads that become MQLs", "ja": "新たに MQL になるリード"},
    "agreement.stops": {"en": "Leads that stop being MQLs", "ja": "MQL でなくなるリード"},
    "agreement.change_becomes": {"en": "Becomes MQL", "ja": "MQL になる"},
    "agreement.change_stops": {"en": "Stops being MQL", "ja": "MQL でなくなる"},
    "agreement.col_company": {"en": "Company", "ja": "会社名"},
    "agreement.col_lead": {"en": "Lead", "ja": "リード"},
    "agreement.col_change": {"en": "Change", "ja": "変化"},
    "agreement.col_score_a": {"en": "Score now", "ja": "現在のスコア"},
    "agreement.col_score_b": {"en": "Score (proposal)", "ja": "提案でのスコア"},
    "agreement.col_outcome": {"en": "Outcome", "ja": "結果"},
    "agreement.bands": {
        "en": "Score bands, now and with the proposal (outcome: {outcome})",
        "ja": "スコア帯: 現在と提案（成果: {outcome}）",
    },
    "agreement.col_band": {"en": "Band", "ja": "スコア帯"},
    "agreement.col_leads_a": {"en": "Leads (now)", "ja": "リード数（現在）"},
    "agreement.col_rate_a": {"en": "Rate (now)", "ja": "転換率（現在）"},
    "agreement.col_leads_b": {"en": "Leads (proposal)", "ja": "リード数（提案）"},
    "agreement.col_rate_b": {"en": "Rate (proposal)", "ja": "転換率（提案）"},
    "agreement.decide": {"en": "Decide", "ja": "決定"},
    "agreement.draft_note": {
        "en": "This version is a draft: propose it to put it on the table for both teams to sign.",
        "ja": "この版は下書きです。提案すると両チームが署名できるようになります。",
    },
    "agreement.your_name": {"en": "Your name", "ja": "あなたの名前"},
    "agreement.note": {"en": "Note", "ja": "メモ"},
    "agreement.propose": {"en": "Propose", "ja": "提案する"},
    "agreement.signer": {"en": "Name of the signer", "ja": "署名者の名前"},
    "agreement.sign": {"en": "Sign for {team}", "ja": "{team}として署名"},
    "agreement.reject_title": {
        "en": "Reject: send back to draft",
        "ja": "差し戻す（下書きに戻す）",
    },
    "agreement.reason": {"en": "Reason", "ja": "理由"},
    "agreement.reject": {"en": "Reject", "ja": "差し戻す"},
    "agreement.retire_title": {"en": "Retire a version", "ja": "版を廃止する"},
    "agreement.retire_note_help": {
        "en": "A retired version stays in the history. Retiring the agreed version leaves the shipped default (not agreed) in force.",
        "ja": "廃止した版も履歴に残ります。合意済みの版を廃止すると、初期設定（未合意）が適用されます。",
    },
    "agreement.retire_pick": {"en": "Version", "ja": "版"},
    "agreement.retire": {"en": "Retire", "ja": "廃止する"},
    "agreement.history": {"en": "Audit trail", "ja": "監査記録"},
    "agreement.integrity_line": {
        "en": "Criteria #{id}: {problem} ({detail})",
        "ja": "判定基準 #{id}: {problem}（{detail}）",
    },
    "agreement.no_history": {"en": "No steps recorded yet.", "ja": "まだ記録はありません。"},
    "agreement.col_at": {"en": "When", "ja": "日時"},
    "agreement.col_version": {"en": "Version", "ja": "版"},
    "agreement.col_action": {"en": "Step", "ja": "操作"},
    "agreement.col_who": {"en": "Who", "ja": "実施者"},
    "agreement.col_note": {"en": "Note", "ja": "メモ"},
    "agreement.col_changes": {"en": "Changes proposed", "ja": "提案された変更"},
    "agreement.col_intact": {"en": "Intact", "ja": "改ざんなし"},
    "agreement.done_propose": {
        "en": "{version} is proposed: both teams can sign it now.",
        "ja": "{version} を提案しました。両チームが署名できます。",
    },
    "agreement.done_sign": {
        "en": "Signed {version}; waiting for the other team.",
        "ja": "{version} に署名しました。もう一方のチームの署名を待っています。",
    },
    "agreement.done_agreed": {
        "en": "{version} is agreed by both teams and now in force on every page.",
        "ja": "{version} は両チームの合意により、全ページで適用されました。",
    },
    "agreement.done_reject": {
        "en": "{version} went back to draft.",
        "ja": "{version} を下書きに戻しました。",
    },
    "agreement.done_retire": {"en": "{version} is retired.", "ja": "{version} を廃止しました。"},
    "agreement.send_title": {"en": "Propose for agreement", "ja": "合意に向けて提案"},
    "agreement.send_help": {
        "en": "Saves the criteria in use with this change as a new draft, proposes it, and opens the Agreement page.",
        "ja": "使用中の基準にこの変更を加えて新しい下書きとして保存し、提案して合意ページを開きます。",
    },
    "agreement.send_threshold": {
        "en": "Propose threshold {value}",
        "ja": "しきい値 {value} を提案",
    },
    "agreement.send_scoring": {"en": "Save and propose", "ja": "保存して提案"},
    "agreement.send_note_threshold": {
        "en": "threshold {a} → {b} (from What-if)",
        "ja": "しきい値 {a} → {b}（What-if から）",
    },
    "agreement.send_note_scoring": {"en": "edited on Scoring", "ja": "スコアリングで編集"},
    "agreement.col_status": {"en": "Status", "ja": "状態"},
    "agreement.go": {
        "en": "Propose, sign and see the audit trail on the Agreement page",
        "ja": "提案・署名・監査記録は合意ページへ",
    },
    # --- end section: agreement ---
    # --- section: sla ---
    "sla.page": {"en": "SLA", "ja": "対応SLA"},
    "sla.title": {"en": "Service levels (SLA)", "ja": "対応SLA：両チームの約束"},
    "sla.intro": {
        "en": "Sales promises first contact within {hours} of the MQL moment; marketing promises {promised} MQLs a month at a score of {score} or more.",
        "ja": "営業はMQL化から{hours}以内の初回連絡を、マーケティングは月{promised}件・スコア{score}以上のMQLを約束しています。",
    },
    "sla.empty": {
        "en": "No leads yet: load the demo or import leads, activities and first-contact dates to see the SLA.",
        "ja": "リードがまだありません。デモを読み込むか、リード・行動履歴・初回連絡日を取り込むとSLAが表示されます。",
    },
    "sla.month": {"en": "Month (MQLs by MQL month)", "ja": "対象月（MQL化した月）"},
    "sla.not_complete": {
        "en": "This month is not complete yet: its numbers will still change.",
        "ja": "この月はまだ終わっていないため、数値は今後変わります。",
    },
    "sla.card_within": {"en": "Contacted within {hours}", "ja": "{hours}以内に連絡"},
    "sla.card_within_help": {
        "en": "Of the month's MQLs, the share first contacted within the SLA's hours of the MQL moment (the sla_attainment KPI).",
        "ja": "当月のMQLのうち、MQL化からSLAの時間内に初回連絡した割合（KPI「SLA達成率」と同じ定義）。",
    },
    "sla.card_within_detail": {"en": "95% CI {ci}, n = {n}", "ja": "95%信頼区間 {ci}、n = {n}"},
    "sla.card_p50": {"en": "Median time to first contact", "ja": "初回連絡までの中央値"},
    "sla.card_p90": {"en": "P90: {hours}", "ja": "90パーセンタイル：{hours}"},
    "sla.card_delivered": {"en": "MQLs delivered", "ja": "供給されたMQL"},
    "sla.card_promised": {"en": "promised: {promised} a month", "ja": "約束：月{promised}件"},
    "sla.card_breaches": {"en": "Open SLA breaches", "ja": "未対応のSLA超過"},
    "sla.card_never": {"en": "never contacted: {never}", "ja": "未連絡：{never}件"},
    "sla.small_sample": {
        "en": "Fewer than 50 MQLs this month: read the shares with care (wide intervals).",
        "ja": "今月のMQLは50件未満です。割合は幅を持って読んでください（信頼区間が広い）。",
    },
    "sla.scorecard": {"en": "Both teams' scorecard", "ja": "両チームのスコアカード"},
    "sla.kept": {"en": "Kept", "ja": "達成"},
    "sla.missed": {"en": "Missed", "ja": "未達"},
    "sla.no_promise": {"en": "No promise set", "ja": "約束なし"},
    "sla.col_team": {"en": "Team", "ja": "チーム"},
    "sla.col_item": {"en": "Promise", "ja": "約束"},
    "sla.col_target": {"en": "Target", "ja": "目標"},
    "sla.col_actual": {"en": "Actual", "ja": "実績"},
    "sla.col_gap": {"en": "Gap", "ja": "差"},
    "sla.col_share": {"en": "Of target", "ja": "達成率"},
    "sla.col_kept": {"en": "Kept?", "ja": "判定"},
    "sla.tab_owners": {"en": "By owner", "ja": "担当者別"},
    "sla.tab_speed": {"en": "Speed to lead", "ja": "初動の速さと成果"},
    "sla.tab_breaches": {"en": "Call list (breaches)", "ja": "コールリスト（SLA超過）"},
    "sla.tab_trend": {"en": "12-month trend", "ja": "12か月の推移"},
    "sla.owner_window": {"en": "Owners over", "ja": "集計期間"},
    "sla.owner_window_month": {"en": "this month", "ja": "当月"},
    "sla.owner_window_window": {"en": "the last 12 months", "ja": "直近12か月"},
    "sla.small_n": {"en": "small n", "ja": "少数"},
    "sla.owners_sum": {
        "en": "Every MQL counts for its owner: the owners add up to {mqls} MQLs.",
        "ja": "各MQLは担当者に1件ずつ数えます。担当者の合計は{mqls}件です。",
    },
    "sla.col_owner": {"en": "Owner", "ja": "担当者"},
    "sla.col_mqls": {"en": "MQLs", "ja": "MQL数"},
    "sla.col_contacted": {"en": "Contacted", "ja": "連絡済み"},
    "sla.col_within_sla": {"en": "Within SLA", "ja": "SLA内"},
    "sla.col_within_share": {"en": "Within SLA %", "ja": "SLA内の割合"},
    "sla.col_ci_low": {"en": "95% CI low", "ja": "95%CI下限"},
    "sla.col_ci_high": {"en": "95% CI high", "ja": "95%CI上限"},
    "sla.col_p50": {"en": "P50", "ja": "中央値"},
    "sla.col_p90": {"en": "P90", "ja": "P90"},
    "sla.col_never": {"en": "Never contacted", "ja": "未連絡"},
    "sla.col_note": {"en": "Note", "ja": "注記"},
    "sla.speed_window": {
        "en": "MQLs of {first} – {last} (12 months, so that every bucket has enough leads).",
        "ja": "{first}〜{last}のMQL（各区分に十分な件数があるよう12か月分）。",
    },
    "sla.speed_compare": {
        "en": "Fastest ({fastest}) vs slowest contacted ({slowest}): SQL rate {a} vs {b}, difference {diff} (95% CI {low} to {high}, {p}).",
        "ja": "最速（{fastest}）と最も遅い連絡（{slowest}）の比較：SQL化率 {a} 対 {b}、差 {diff}（95%信頼区間 {low}〜{high}、{p}）。",
    },
    "sla.speed_trend_down": {
        "en": "Conversion to SQL falls as the response slows (Cochran–Armitage z = {z}, {p}).",
        "ja": "連絡が遅いほどSQL化率は下がっています（Cochran–Armitage検定 z = {z}、{p}）。",
    },
    "sla.speed_trend_flat": {
        "en": "No reliable fall of the SQL rate with slower response (Cochran–Armitage z = {z}, {p}).",
        "ja": "連絡の遅さによるSQL化率の低下は確認できません（Cochran–Armitage検定 z = {z}、{p}）。",
    },
    "sla.observational": {
        "en": "Observational: reps who call fast may also pick the more promising leads, so the curve shows association, not the effect of calling faster.",
        "ja": "観察データです。早く連絡する担当者が有望なリードを選んでいる可能性もあるため、この曲線は関連を示すもので、早く連絡した効果そのものではありません。",
    },
    "sla.col_bucket": {"en": "Time to first contact", "ja": "初回連絡まで"},
    "sla.col_sql": {"en": "SQL", "ja": "SQL"},
    "sla.col_sql_rate": {"en": "SQL rate", "ja": "SQL化率"},
    "sla.col_won": {"en": "Won", "ja": "受注"},
    "sla.col_won_rate": {"en": "Won rate", "ja": "受注率"},
    "sla.breach_intro": {
        "en": "{n} MQLs of this month are still uncontacted past the SLA (oldest first): call them now.",
        "ja": "当月のMQLのうち{n}件がSLAを過ぎても未連絡です（古い順）。すぐに連絡してください。",
    },
    "sla.col_lead": {"en": "Lead", "ja": "リード"},
    "sla.col_company": {"en": "Company", "ja": "会社名"},
    "sla.col_source": {"en": "Source", "ja": "流入元"},
    "sla.col_mql_at": {"en": "MQL moment", "ja": "MQL化日時"},
    "sla.col_waiting": {"en": "Waiting", "ja": "経過時間"},
    "sla.col_score": {"en": "Score", "ja": "スコア"},
    "sla.download": {
        "en": "Download the call list (CSV)",
        "ja": "コールリストをダウンロード（CSV）",
    },
    "sla.col_month": {"en": "Month", "ja": "月"},
    "sla.col_promised": {"en": "Promised", "ja": "約束"},
    "sla.col_min_score": {"en": "At promised score", "ja": "品質基準以上"},
    "sla.col_feedback": {"en": "With feedback", "ja": "FB済み"},
    "sla.chart_p50": {"en": "Median (P50)", "ja": "中央値（P50）"},
    "sla.chart_p90": {"en": "P90", "ja": "90パーセンタイル"},
    "sla.chart_sla_line": {"en": "SLA {hours}", "ja": "SLA {hours}"},
    "sla.chart_hours": {
        "en": "Hours to first contact (log scale)",
        "ja": "初回連絡までの時間（対数目盛）",
    },
    "sla.chart_sql_rate": {"en": "SQL rate", "ja": "SQL化率"},
    "sla.chart_won_rate": {"en": "Won rate", "ja": "受注率"},
    "sla.chart_rate": {"en": "Rate (95% CI)", "ja": "率（95%信頼区間）"},
    "sla.chart_bucket": {"en": "Time to first contact", "ja": "初回連絡までの時間"},
    "sla.chart_within_share": {"en": "Contacted within the SLA", "ja": "SLA内の連絡率"},
    "sla.chart_delivered": {"en": "MQLs delivered", "ja": "供給MQL数"},
    "sla.chart_delivered_min_score": {"en": "At the promised score", "ja": "品質基準以上"},
    "sla.chart_promised": {"en": "Promised", "ja": "約束"},
    "sla.chart_mqls": {"en": "MQLs", "ja": "MQL数"},
    "sla.no_rows": {
        "en": "Nothing to show for these months.",
        "ja": "この期間に該当するものはありません。",
    },
    # --- end section: sla ---
    # --- section: feedback ---
    "feedback.page": {"en": "Sales feedback", "ja": "営業フィードバック"},
    "feedback.title": {"en": "Sales feedback on the MQLs", "ja": "MQLへの営業フィードバック"},
    "feedback.intro": {
        "en": "What sales said about each MQL (its first verdict), against the score at the hand-off; MQLs reach the threshold of {threshold}.",
        "ja": "各MQLに対する営業の評価（最初の判定）を、引き渡し時点のスコアと突き合わせます。MQLのしきい値は{threshold}です。",
    },
    "feedback.empty": {
        "en": "No leads yet: load the demo or import leads and feedback to see what sales said.",
        "ja": "リードがまだありません。デモを読み込むか、リードとフィードバックを取り込んでください。",
    },
    "feedback.month": {"en": "Up to month (MQLs by MQL month)", "ja": "対象月まで（MQL化した月）"},
    "feedback.window": {"en": "Months", "ja": "期間"},
    "feedback.window_1": {"en": "1 month", "ja": "1か月"},
    "feedback.window_3": {"en": "3 months", "ja": "3か月"},
    "feedback.window_12": {"en": "12 months", "ja": "12か月"},
    "feedback.scope": {"en": "MQLs of {first} – {last}.", "ja": "{first}〜{last}のMQL。"},
    "feedback.scope_one": {"en": "MQLs of {month}.", "ja": "{month}のMQL。"},
    "feedback.card_mqls": {"en": "MQLs", "ja": "MQL数"},
    "feedback.card_judged": {
        "en": "with feedback: {n} ({share})",
        "ja": "フィードバック済み：{n}件（{share}）",
    },
    "feedback.card_reject": {"en": "Rejected by sales", "ja": "営業の却下率"},
    "feedback.card_reject_detail": {
        "en": "{n} rejected, of those with feedback",
        "ja": "フィードバック済みのうち{n}件を却下",
    },
    "feedback.card_high_rejected": {"en": "High-score MQLs rejected", "ja": "高スコアなのに却下"},
    "feedback.card_won_below": {"en": "Won below the threshold", "ja": "しきい値未満で受注"},
    "feedback.tab_bands": {"en": "By score band", "ja": "スコア帯別"},
    "feedback.tab_dims": {"en": "By rule, source, owner", "ja": "ルール・流入元・担当者別"},
    "feedback.tab_disagree": {"en": "Disagreements", "ja": "スコアと営業の食い違い"},
    "feedback.tab_later": {"en": "Lost and recycled", "ja": "失注とリサイクル"},
    "feedback.tab_entry": {"en": "Enter feedback", "ja": "フィードバック入力"},
    "feedback.rates_note": {
        "en": "Rates are over the MQLs with feedback; intervals are 95% (Wilson). MQLs without feedback are counted apart (sales promised feedback on every MQL).",
        "ja": "率はフィードバック済みMQLに対する割合、区間は95%（Wilson）です。未フィードバックのMQLは別に数えています（営業は全MQLへのフィードバックを約束しています）。",
    },
    "feedback.reasons": {"en": "Reasons by score band", "ja": "スコア帯別の理由"},
    "feedback.no_reasons": {
        "en": "No feedback with a reason in these months.",
        "ja": "この期間に理由付きのフィードバックはありません。",
    },
    "feedback.dimension": {"en": "Rates by", "ja": "集計軸"},
    "feedback.dimension_rule": {"en": "Scoring rule", "ja": "スコアリングルール"},
    "feedback.dimension_source": {"en": "Source", "ja": "流入元"},
    "feedback.dimension_owner": {"en": "Owner", "ja": "担当者"},
    "feedback.rules_note": {
        "en": "An MQL counts for every rule that gave it points; a rule whose MQLs sales rejects more often is a candidate for fewer points.",
        "ja": "MQLは点数を与えた全ルールに数えます。却下の多いルールは配点を下げる候補です。",
    },
    "feedback.owner_outliers": {
        "en": "Owners whose reject rate differs from the rest",
        "ja": "却下率が他の担当者と異なる担当者",
    },
    "feedback.outliers_found": {
        "en": "Beyond noise (two-proportion test against all other owners, Bonferroni-corrected): {owners}.",
        "ja": "偶然では説明できない差があります（他の全担当者との2標本比率検定、Bonferroni補正）：{owners}。",
    },
    "feedback.outliers_none": {
        "en": "No owner's reject rate differs from the rest beyond noise (two-proportion test, Bonferroni-corrected).",
        "ja": "他の担当者と偶然以上に異なる却下率の担当者はいません（2標本比率検定、Bonferroni補正）。",
    },
    "feedback.flag_yes": {"en": "Differs", "ja": "差あり"},
    "feedback.rejected_high": {
        "en": "High-score MQLs that sales rejected",
        "ja": "高スコアなのに営業が却下したMQL",
    },
    "feedback.rejected_high_note": {
        "en": "Score {score} or more at the hand-off, yet rejected: the rules that scored them may give too many points.",
        "ja": "引き渡し時のスコアが{score}以上なのに却下されたMQLです。点数を与えたルールの配点が高すぎる可能性があります。",
    },
    "feedback.won_below": {
        "en": "Won without reaching the threshold",
        "ja": "しきい値に届かずに受注したリード",
    },
    "feedback.won_below_note": {
        "en": "Won in these months with a score below {threshold}: the criteria missed them; their rules may deserve more points.",
        "ja": "この期間に受注したのにスコアが{threshold}未満だったリードです。基準が取りこぼしています。該当ルールの配点を上げる候補です。",
    },
    "feedback.lost": {
        "en": "Lost-deal reasons against the score at hand-off",
        "ja": "失注理由と引き渡し時スコア",
    },
    "feedback.recycled": {
        "en": "What became of the recycled leads",
        "ja": "リサイクルしたリードのその後",
    },
    "feedback.recycled_note": {
        "en": "After their first 'recycled' verdict: the furthest stage reached later.",
        "ja": "最初に「差し戻し」と判定された後に到達した最も先の段階です。",
    },
    "feedback.entry_intro": {
        "en": "Record your verdict on one or many MQLs: it is stored like an imported row (same table, same checks) and shows at once.",
        "ja": "1件または複数のMQLに判定を記録します。取り込んだ行と同じ表・同じ検証で保存され、すぐに反映されます。",
    },
    "feedback.edit_reasons": {"en": "Edit the reason list", "ja": "理由の一覧を編集"},
    "feedback.reasons_text": {"en": "One reason per line", "ja": "1行に1つの理由"},
    "feedback.leads": {
        "en": "MQLs (those without feedback first)",
        "ja": "MQL（未フィードバックを先頭に表示）",
    },
    "feedback.leads_placeholder": {"en": "Choose MQLs", "ja": "MQLを選択"},
    "feedback.no_feedback_yet": {"en": "no feedback yet", "ja": "未フィードバック"},
    "feedback.verdict": {"en": "Verdict", "ja": "判定"},
    "feedback.reason": {"en": "Reason", "ja": "理由"},
    "feedback.name": {"en": "Your name", "ja": "あなたの名前"},
    "feedback.record": {
        "en": "Record feedback on {n} MQL(s)",
        "ja": "{n}件のMQLにフィードバックを記録",
    },
    "feedback.saved": {
        "en": "Recorded '{verdict}' on {n} MQL(s).",
        "ja": "{n}件のMQLに「{verdict}」を記録しました。",
    },
    "feedback.rejected_rows": {
        "en": "{n} row(s) could not be stored: {reason}",
        "ja": "{n}行を保存できませんでした：{reason}",
    },
    "feedback.recent": {
        "en": "Latest feedback on these MQLs",
        "ja": "これらのMQLへの最新のフィードバック",
    },
    "feedback.chart_share": {
        "en": "Share of the MQLs with feedback",
        "ja": "フィードバック済みMQLに占める割合",
    },
    "feedback.chart_band": {"en": "Score band at hand-off", "ja": "引き渡し時のスコア帯"},
    "feedback.col_band": {"en": "Score band", "ja": "スコア帯"},
    "feedback.col_band_count": {"en": "Band", "ja": "スコア帯"},
    "feedback.col_mqls": {"en": "MQLs", "ja": "MQL数"},
    "feedback.col_judged": {"en": "With feedback", "ja": "FB済み"},
    "feedback.col_accepted": {"en": "Accepted", "ja": "受入"},
    "feedback.col_rejected": {"en": "Rejected", "ja": "却下"},
    "feedback.col_recycled": {"en": "Recycled", "ja": "差し戻し"},
    "feedback.col_reject_rate": {"en": "Reject rate", "ja": "却下率"},
    "feedback.col_accept_rate": {"en": "Accept rate", "ja": "受入率"},
    "feedback.col_recycle_rate": {"en": "Recycle rate", "ja": "差し戻し率"},
    "feedback.col_ci_low": {"en": "95% CI low", "ja": "95%CI下限"},
    "feedback.col_ci_high": {"en": "95% CI high", "ja": "95%CI上限"},
    "feedback.col_reason": {"en": "Reason", "ja": "理由"},
    "feedback.col_total": {"en": "Total", "ja": "合計"},
    "feedback.col_median_score": {"en": "Median score", "ja": "スコア中央値"},
    "feedback.col_mean_score": {"en": "Mean score", "ja": "スコア平均"},
    "feedback.col_rule": {"en": "Rule", "ja": "ルール"},
    "feedback.col_layer": {"en": "Layer", "ja": "区分"},
    "feedback.col_median_points": {"en": "Median points", "ja": "点数の中央値"},
    "feedback.col_source": {"en": "Source", "ja": "流入元"},
    "feedback.col_owner": {"en": "Owner", "ja": "担当者"},
    "feedback.col_rest_rate": {"en": "Other owners", "ja": "他の担当者"},
    "feedback.col_difference": {"en": "Difference", "ja": "差"},
    "feedback.col_p_value": {"en": "p-value", "ja": "p値"},
    "feedback.col_flagged": {"en": "Beyond noise?", "ja": "有意差"},
    "feedback.col_lead": {"en": "Lead", "ja": "リード"},
    "feedback.col_company": {"en": "Company", "ja": "会社名"},
    "feedback.col_score": {"en": "Score", "ja": "スコア"},
    "feedback.col_verdict": {"en": "Verdict", "ja": "判定"},
    "feedback.col_rules": {"en": "Rules that scored it", "ja": "点数を与えたルール"},
    "feedback.col_lost_reason": {"en": "Lost reason", "ja": "失注理由"},
    "feedback.col_deals": {"en": "Lost deals", "ja": "失注件数"},
    "feedback.col_high_score": {"en": "High-score MQLs", "ja": "高スコアMQL"},
    "feedback.col_outcome": {"en": "Later outcome", "ja": "その後の結果"},
    "feedback.col_leads": {"en": "Leads", "ja": "リード数"},
    "feedback.col_share": {"en": "Share", "ja": "割合"},
    "feedback.col_median_days": {"en": "Median days", "ja": "日数の中央値"},
    "feedback.col_given_at": {"en": "Given at", "ja": "日時"},
    "feedback.col_given_by": {"en": "By", "ja": "記入者"},
    # --- end section: feedback ---
    # --- section: report ---
    "report.title": {
        "en": "Monthly review {month}",
        "ja": "月次レビュー {month}",
    },
    "report.subtitle": {
        "en": "Audience: {audience} · Criteria: {criteria}",
        "ja": "対象: {audience} · 基準: {criteria}",
    },
    "report.footer": {
        "en": "Kakehashi monthly review · {month}",
        "ja": "架け橋 月次レビュー · {month}",
    },
    "report.summary": {
        "en": "Executive summary",
        "ja": "エグゼクティブサマリー",
    },
    "report.audience_all": {
        "en": "Everyone",
        "ja": "全体",
    },
    "report.audience_exec": {
        "en": "Executives (one page)",
        "ja": "経営層（1ページ）",
    },
    "report.audience_marketing": {
        "en": "Marketing",
        "ja": "マーケティング",
    },
    "report.audience_sales": {
        "en": "Sales",
        "ja": "営業",
    },
    "report.note_maturing": {
        "en": "maturing",
        "ja": "成熟中",
    },
    "report.note_unknown": {
        "en": "unknown: see the note above",
        "ja": "不明（上の注記を参照）",
    },
    "report.note_small": {
        "en": "small n",
        "ja": "少数標本",
    },
    "report.rose": {
        "en": "rose",
        "ja": "上昇し",
    },
    "report.fell": {
        "en": "fell",
        "ja": "低下し",
    },
    "report.volume_leads": {
        "en": "Lead volume",
        "ja": "リード数",
    },
    "report.volume_mqls": {
        "en": "MQL volume",
        "ja": "MQL数",
    },
    "report.volume_won": {
        "en": "Won deals",
        "ja": "受注数",
    },
    "report.finding_count_real": {
        "en": "{kpi} {direction} from {before} to {now}, beyond noise ({p}).",
        "ja": "{kpi}は{before}から{now}へ{direction}ました。偶然の範囲を超える変化です（{p}）。",
    },
    "report.finding_count_noise": {
        "en": "{kpi} changed within noise: {before} → {now} ({p}).",
        "ja": "{kpi}の変化は偶然の範囲内です: {before} → {now}（{p}）。",
    },
    "report.finding_rate_real": {
        "en": "{kpi} {direction} from {before} to {now} (n = {n}, 95% CI {ci}), beyond noise ({p}).",
        "ja": "{kpi}は{before}から{now}へ{direction}ました（n = {n}、95%信頼区間 {ci}）。偶然の範囲を超える変化です（{p}）。",
    },
    "report.finding_rate_noise": {
        "en": "{kpi} changed within noise: {before} → {now} (n = {n}, 95% CI {ci}, {p}).",
        "ja": "{kpi}の変化は偶然の範囲内です: {before} → {now}（n = {n}、95%信頼区間 {ci}、{p}）。",
    },
    "report.finding_maturing": {
        "en": "This cohort is still maturing: the rate can still rise.",
        "ja": "このコホートはまだ成熟中で、率はこれから上がる可能性があります。",
    },
    "report.finding_bands_order": {
        "en": "Higher score bands still convert to SQL more often (trend test {p}, n = {n}): the score orders conversion.",
        "ja": "スコア帯が高いほどSQL化率が高く（傾向検定 {p}、n = {n}）、スコアは引き続き成約の順序を示しています。",
    },
    "report.finding_bands_no": {
        "en": "The score bands do not order SQL conversion beyond noise (trend test {p}, n = {n}): review the criteria.",
        "ja": "スコア帯とSQL化率の順序は偶然の範囲を超えていません（傾向検定 {p}、n = {n}）。基準を見直してください。",
    },
    "report.section_kpis": {
        "en": "KPIs",
        "ja": "KPI",
    },
    "report.section_funnel": {
        "en": "Funnel",
        "ja": "ファネル",
    },
    "report.section_bands": {
        "en": "Score bands",
        "ja": "スコア帯",
    },
    "report.section_sla": {
        "en": "SLA",
        "ja": "対応SLA",
    },
    "report.section_feedback": {
        "en": "Sales feedback",
        "ja": "営業フィードバック",
    },
    "report.section_criteria": {
        "en": "Criteria",
        "ja": "基準",
    },
    "report.section_quality": {
        "en": "Data quality",
        "ja": "データ品質",
    },
    "report.missing_leads": {
        "en": "No leads with a creation date: import leads (python -m analytics import leads FILE or the Import data page).",
        "ja": "作成日のあるリードがありません。リードを取り込んでください（python -m analytics import leads FILE またはデータ取り込みページ）。",
    },
    "report.missing_sla": {
        "en": "No MQLs this month, so no SLA to measure: import leads with first-contact dates, activities and BANT assessments.",
        "ja": "今月のMQLがないためSLAを測れません。初回接触日付きのリード、行動履歴、BANT評価を取り込んでください。",
    },
    "report.missing_feedback": {
        "en": "No sales feedback yet: import feedback (python -m analytics import feedback FILE) or enter it on the Sales feedback page.",
        "ja": "営業フィードバックがまだありません。フィードバックを取り込む（python -m analytics import feedback FILE）か、営業フィードバックページで入力してください。",
    },
    "report.kpi_intro": {
        "en": "Each KPI from the definitions layer with n and its 95% interval; the change against the previous month and the same month a year earlier is tested (rates: two-proportion z-test).",
        "ja": "各KPIは定義レイヤーから算出し、nと95%信頼区間を併記しています。前月・前年同月との差は検定しています（率: 2標本比率のz検定）。",
    },
    "report.table_kpis": {
        "en": "KPIs of {month}",
        "ja": "{month}のKPI",
    },
    "report.table_trend": {
        "en": "12-month trend",
        "ja": "12か月の推移",
    },
    "report.table_waterfall": {
        "en": "Funnel (leads created in the 12 months)",
        "ja": "ファネル（12か月間に作成されたリード）",
    },
    "report.table_cohorts": {
        "en": "MQL-month cohorts",
        "ja": "MQL月別コホート",
    },
    "report.table_bands": {
        "en": "Score bands (SQL conversion)",
        "ja": "スコア帯（SQL化）",
    },
    "report.table_owners": {
        "en": "SLA by owner",
        "ja": "担当者別SLA",
    },
    "report.table_speed": {
        "en": "Speed to lead (12 months)",
        "ja": "初回接触の速さとSQL化（12か月）",
    },
    "report.table_feedback_bands": {
        "en": "Verdicts by score band",
        "ja": "スコア帯別の判定",
    },
    "report.table_reasons": {
        "en": "Top reasons",
        "ja": "主な理由",
    },
    "report.table_events": {
        "en": "Criteria changes and sign-offs this month",
        "ja": "今月の基準の変更と署名",
    },
    "report.table_suggestions": {
        "en": "Suggested thresholds",
        "ja": "推奨しきい値",
    },
    "report.table_imports": {
        "en": "Imports this month",
        "ja": "今月の取り込み",
    },
    "report.chart_volume": {
        "en": "Leads and MQLs per month",
        "ja": "月別のリード数とMQL数",
    },
    "report.chart_rates": {
        "en": "Conversion and SLA rates",
        "ja": "転換率とSLA達成率",
    },
    "report.chart_waterfall": {
        "en": "Lead → MQL → SQL → opportunity → won",
        "ja": "リード → MQL → SQL → 商談 → 受注",
    },
    "report.chart_cohorts": {
        "en": "MQL→SQL and MQL→won by MQL month",
        "ja": "MQL月別のMQL→SQLとMQL→受注",
    },
    "report.chart_bands": {
        "en": "SQL rate by score band",
        "ja": "スコア帯別のSQL化率",
    },
    "report.chart_speed": {
        "en": "SQL rate by response time",
        "ja": "初回接触までの時間別のSQL化率",
    },
    "report.chart_reject": {
        "en": "Reject rate by score band",
        "ja": "スコア帯別の却下率",
    },
    "report.funnel_intro": {
        "en": "Leads created {first} – {last}: {n}.",
        "ja": "{first}〜{last}に作成されたリード: {n}件。",
    },
    "report.funnel_maturing": {
        "en": "{n} recent cohorts are still maturing (marked): their rates will rise.",
        "ja": "直近の{n}コホートはまだ成熟中（印あり）で、率はこれから上がります。",
    },
    "report.bands_order": {
        "en": "The score still orders conversion: higher bands convert more (Cochran–Armitage z = {z}, {p}).",
        "ja": "スコアは引き続き成約の順序を示しています。高い帯ほど転換率が高い（Cochran–Armitage z = {z}、{p}）。",
    },
    "report.bands_no_order": {
        "en": "The score does not order conversion beyond noise (Cochran–Armitage z = {z}, {p}).",
        "ja": "スコアによる転換率の順序は偶然の範囲を超えていません（Cochran–Armitage z = {z}、{p}）。",
    },
    "report.sla_sales": {
        "en": "Sales: {within} of {mqls} MQLs contacted within {hours} = {rate}; median {p50}, P90 {p90}.",
        "ja": "営業: MQL {mqls}件のうち{hours}以内の初回接触は{within}件 = {rate}。中央値 {p50}、P90 {p90}。",
    },
    "report.sla_marketing": {
        "en": "Marketing: {delivered} MQLs delivered against {promised} promised.",
        "ja": "マーケティング: 約束{promised}件に対しMQL {delivered}件を提供。",
    },
    "report.sla_speed": {
        "en": "Faster first contact, higher SQL rate? Trend test z = {z}, {p} (observational).",
        "ja": "初回接触が早いほどSQL化率は高いか: 傾向検定 z = {z}、{p}（観察データ）。",
    },
    "report.feedback_mqls": {
        "en": "MQLs of the month: {n}.",
        "ja": "今月のMQL: {n}件。",
    },
    "report.feedback_disagree": {
        "en": "Disagreements: {rejected} high-score MQLs rejected by sales; {won} leads won below the threshold.",
        "ja": "意見の相違: 高スコアなのに営業が却下したMQL {rejected}件、しきい値未満で受注したリード {won}件。",
    },
    "report.criteria_in_force": {
        "en": "Criteria used: {status}; MQL threshold {threshold}.",
        "ja": "使用した基準: {status}。MQLしきい値 {threshold}。",
    },
    "report.criteria_events": {
        "en": "Changes and sign-offs this month: {n}.",
        "ja": "今月の変更と署名: {n}件。",
    },
    "report.capacity": {
        "en": "Sales capacity the data shows: {owners} owners × {per_owner} MQLs = {capacity} MQLs per month.",
        "ja": "データが示す営業キャパシティ: 担当者{owners}名 × {per_owner}件 = 月{capacity}件のMQL。",
    },
    "report.quality_rows": {
        "en": "Rows: {rows}.",
        "ja": "行数: {rows}。",
    },
    "report.quality_empty": {
        "en": "Nothing imported yet for: {kinds}; import them to complete the report.",
        "ja": "まだ取り込まれていないデータ: {kinds}。取り込むとレポートが完成します。",
    },
    "report.quality_imports": {
        "en": "Imports this month: {n}; rejected rows in all imports: {rejected}.",
        "ja": "今月の取り込み: {n}件。全取り込みの不正行: {rejected}行。",
    },
    "report.quality_small": {
        "en": "Read with care (n < 50): {kpis}.",
        "ja": "少数標本（n < 50）に注意: {kpis}。",
    },
    "report.col_kpi": {
        "en": "KPI",
        "ja": "KPI",
    },
    "report.col_value": {
        "en": "Value",
        "ja": "値",
    },
    "report.col_n": {
        "en": "n",
        "ja": "n",
    },
    "report.col_ci": {
        "en": "95% CI",
        "ja": "95%信頼区間",
    },
    "report.col_previous": {
        "en": "Previous month",
        "ja": "前月",
    },
    "report.col_p_previous": {
        "en": "p (vs previous)",
        "ja": "p（前月比）",
    },
    "report.col_year_ago": {
        "en": "A year earlier",
        "ja": "前年同月",
    },
    "report.col_p_year_ago": {
        "en": "p (vs a year earlier)",
        "ja": "p（前年比）",
    },
    "report.col_note": {
        "en": "Note",
        "ja": "注記",
    },
    "report.col_month": {
        "en": "Month",
        "ja": "月",
    },
    "report.col_stage": {
        "en": "Stage",
        "ja": "段階",
    },
    "report.col_reached": {
        "en": "Reached",
        "ja": "到達数",
    },
    "report.col_rate": {
        "en": "Rate",
        "ja": "率",
    },
    "report.col_ci_low": {
        "en": "CI low",
        "ja": "下限",
    },
    "report.col_ci_high": {
        "en": "CI high",
        "ja": "上限",
    },
    "report.col_overall_rate": {
        "en": "Of leads",
        "ja": "リード比",
    },
    "report.col_cohort": {
        "en": "MQL month",
        "ja": "MQL月",
    },
    "report.col_mqls": {
        "en": "MQLs",
        "ja": "MQL数",
    },
    "report.col_sqls": {
        "en": "SQLs",
        "ja": "SQL数",
    },
    "report.col_won": {
        "en": "Won",
        "ja": "受注数",
    },
    "report.col_sql_rate": {
        "en": "SQL rate",
        "ja": "SQL化率",
    },
    "report.col_won_rate": {
        "en": "Won rate",
        "ja": "受注率",
    },
    "report.col_band": {
        "en": "Band",
        "ja": "スコア帯",
    },
    "report.col_leads": {
        "en": "Leads",
        "ja": "リード数",
    },
    "report.col_converted": {
        "en": "Converted",
        "ja": "転換数",
    },
    "report.col_lift": {
        "en": "Lift",
        "ja": "リフト",
    },
    "report.col_action": {
        "en": "Action",
        "ja": "推奨アクション",
    },
    "report.col_owner": {
        "en": "Owner",
        "ja": "担当者",
    },
    "report.col_contacted": {
        "en": "Contacted",
        "ja": "接触済み",
    },
    "report.col_within_sla": {
        "en": "Within SLA",
        "ja": "SLA内",
    },
    "report.col_within_share": {
        "en": "Within SLA (share)",
        "ja": "SLA内の割合",
    },
    "report.col_p50_hours": {
        "en": "Median time",
        "ja": "中央値",
    },
    "report.col_bucket": {
        "en": "Response time",
        "ja": "初回接触までの時間",
    },
    "report.col_sql": {
        "en": "SQLs",
        "ja": "SQL数",
    },
    "report.col_accepted": {
        "en": "Accepted",
        "ja": "受入",
    },
    "report.col_rejected": {
        "en": "Rejected",
        "ja": "却下",
    },
    "report.col_recycled": {
        "en": "Recycled",
        "ja": "差し戻し",
    },
    "report.col_reject_rate": {
        "en": "Reject rate",
        "ja": "却下率",
    },
    "report.col_reason": {
        "en": "Reason",
        "ja": "理由",
    },
    "report.col_count": {
        "en": "Count",
        "ja": "件数",
    },
    "report.col_median_score": {
        "en": "Median score",
        "ja": "スコア中央値",
    },
    "report.col_acted_at": {
        "en": "When",
        "ja": "日時",
    },
    "report.col_version": {
        "en": "Version",
        "ja": "バージョン",
    },
    "report.col_actor": {
        "en": "Who",
        "ja": "実施者",
    },
    "report.col_team": {
        "en": "Team",
        "ja": "チーム",
    },
    "report.col_threshold": {
        "en": "Threshold",
        "ja": "しきい値",
    },
    "report.col_mql_per_month": {
        "en": "MQLs per month",
        "ja": "月間MQL数",
    },
    "report.col_finished_at": {
        "en": "Finished",
        "ja": "完了日時",
    },
    "report.col_kind": {
        "en": "Kind",
        "ja": "種類",
    },
    "report.col_file_name": {
        "en": "File",
        "ja": "ファイル",
    },
    "report.col_rows_read": {
        "en": "Rows read",
        "ja": "読込行数",
    },
    "report.col_inserted": {
        "en": "Inserted",
        "ja": "追加",
    },
    "report.col_updated": {
        "en": "Updated",
        "ja": "更新",
    },
    "report.page": {
        "en": "Monthly report",
        "ja": "月次レポート",
    },
    "report.page_title": {
        "en": "Monthly report",
        "ja": "月次レポート",
    },
    "report.page_intro": {
        "en": "The monthly review as one document: preview it here, download it as HTML (works offline), Excel (native charts) or PDF (A4). The same report runs by schedule: python -m analytics report.",
        "ja": "月次レビューを1つの文書にまとめます。ここでプレビューし、HTML（オフラインで閲覧可）、Excel（ネイティブグラフ）、PDF（A4）でダウンロードできます。同じレポートは python -m analytics report で定期実行できます。",
    },
    "report.month": {
        "en": "Month",
        "ja": "対象月",
    },
    "report.audience": {
        "en": "Audience",
        "ja": "対象読者",
    },
    "report.language": {
        "en": "Report language",
        "ja": "レポートの言語",
    },
    "report.preview": {
        "en": "Preview",
        "ja": "プレビュー",
    },
    "report.download_html": {
        "en": "Download HTML",
        "ja": "HTMLをダウンロード",
    },
    "report.download_xlsx": {
        "en": "Download Excel",
        "ja": "Excelをダウンロード",
    },
    "report.make_pdf": {
        "en": "Make PDF",
        "ja": "PDFを作成",
    },
    "report.download_pdf": {
        "en": "Download PDF",
        "ja": "PDFをダウンロード",
    },
    "report.not_complete": {
        "en": "This month is not complete yet: its numbers will change.",
        "ja": "この月はまだ完了していないため、数値は変わります。",
    },
    "report.col_rule": {"en": "Rule", "ja": "ルール"},
    # --- end section: report ---
}
