r"""Every user-facing error message and reject reason, in English and Japanese.

Pure data: :mod:`analytics.text.catalog` joins it with the UI strings
(:mod:`analytics.text.ui_strings`) into one catalog. This table holds the messages
that ``analytics/`` raises (:class:`~analytics.errors.KakehashiError` and its
subclasses) and the reasons it gives for rejected rows, in the same shape:
``MESSAGES[key] = {"en": template, "ja": template}``. Templates use
:meth:`str.format` placeholders (``{file!r}``); the English template formats to
exactly the English text the CLI prints. ``tests/test_messages.py`` checks that
every key has both languages with the same placeholders.

A value may itself be a localisable fragment (:class:`Text`, or an error): it is
rendered in the same language first by :func:`analytics.text.catalog.render`, so a location such as "fit rule 'size'
band #2" is translated as a whole.

Reject reasons (``reject.*``) use plain ``{name}`` placeholders only, so that a
column of stored reasons can be rendered without a per-row Python loop
(:func:`analytics.text.catalog.localize_column`).
"""

from __future__ import annotations

_FILE_HINT_EN = "save it as 'CSV UTF-8' (or CP932 'CSV') and import again"
_FILE_HINT_JA = "「CSV UTF-8」（または CP932 の「CSV」）で保存して、もう一度取り込んでください。"
_BANT_EN = "use 0 (unknown), 1 (low), 2 (medium) or 3 (high/clear), or remove the item"

MESSAGES: dict[str, dict[str, str]] = {
    # --- locations (fragments used inside other messages) ---
    "ingest.where.mapping_of": {"en": "mapping of {header!r}", "ja": "{header!r} の対応付け"},
    "ingest.where.mapping_text": {"en": "mapping text", "ja": "対応付けのテキスト"},
    "ingest.where.mapping_file": {"en": "mapping file {path!r}", "ja": "対応付けファイル {path!r}"},
    "ingest.where.mapping_columns": {
        "en": "{where} [columns] {header!r}",
        "ja": "{where} の [columns] {header!r}",
    },
    "criteria.where.criteria": {"en": "criteria", "ja": "判定基準"},
    "criteria.where.text": {"en": "criteria text", "ja": "判定基準のテキスト"},
    "criteria.where.file": {"en": "criteria file {path!r}", "ja": "判定基準ファイル {path!r}"},
    "criteria.where.key": {"en": "{key!r}", "ja": "項目 {key!r}"},
    "criteria.where.table": {"en": "criteria table {table!r}", "ja": "判定基準の表 {table!r}"},
    "criteria.where.fit_rule": {"en": "fit rule {name!r}", "ja": "属性ルール {name!r}"},
    "criteria.where.engagement_rule": {
        "en": "engagement rule {name!r}",
        "ja": "行動ルール {name!r}",
    },
    "criteria.where.band": {"en": "{rule} band #{n}", "ja": "{rule} の区分 #{n}"},
    "criteria.where.rule_field": {"en": "{rule} field {field!r}", "ja": "{rule} の項目 {field!r}"},
    "criteria.where.rule_field_entry": {
        "en": "{rule} field {field!r} entry {entry!r}",
        "ja": "{rule} の項目 {field!r} のエントリ {entry!r}",
    },
    # --- ingest: mapping files ---
    "ingest.mapping_target": {
        "en": "{where}: {value!r} is not a column name or list of names; "
        'write e.g. "Lead Number" = "lead_id" or "account" = ["lead_id", "company"]',
        "ja": "{where}: {value!r} は列名でも列名のリストでもありません。"
        '"Lead Number" = "lead_id" や "account" = ["lead_id", "company"] のように書いてください。',
    },
    "ingest.mapping_not_found": {
        "en": "{where} not found; check the --mapping path",
        "ja": "{where} が見つかりません。--mapping のパスを確認してください。",
    },
    "ingest.mapping_bad_toml": {
        "en": "{where} is not valid TOML ({detail}); see the format in `analytics/store/ingest/mapping.py`",
        "ja": "{where} は正しい TOML ではありません（{detail}）。"
        "書式は `analytics/store/ingest/mapping.py` を参照してください。",
    },
    "ingest.mapping_unknown_sections": {
        "en": "{where}: unknown section(s) {sections!r}; "
        "allowed: kind, preset, [columns], [options], [constants], [scale]",
        "ja": "{where}: 不明なセクション {sections!r} があります。"
        "使えるのは kind, preset, [columns], [options], [constants], [scale] です。",
    },
    "ingest.mapping_unknown_options": {
        "en": "{where}: unknown option(s) {options!r}; "
        "allowed: date_order, unmapped, won_stages, lost_stages, sheet",
        "ja": "{where}: 不明なオプション {options!r} があります。"
        "使えるのは date_order, unmapped, won_stages, lost_stages, sheet です。",
    },
    "ingest.mapping_date_order": {
        "en": "{where}: date_order {value!r} must be DMY, MDY or YMD",
        "ja": "{where}: date_order {value!r} は DMY、MDY、YMD のいずれかにしてください。",
    },
    "ingest.mapping_id_option": {
        "en": "{where}: id {value!r} must be 'row' (derive ids from each row) or 'column'",
        "ja": "{where}: id {value!r} は 'row'（各行から ID を作る）か 'column' にしてください。",
    },
    "ingest.mapping_unmapped": {
        "en": "{where}: unmapped {value!r} must be 'custom' or 'ignore'",
        "ja": "{where}: unmapped {value!r} は 'custom' か 'ignore' にしてください。",
    },
    "ingest.mapping_kind": {
        "en": "{where}: kind {value!r} must be one of {options}",
        "ja": "{where}: kind {value!r} は {options} のいずれかにしてください。",
    },
    "ingest.mapping_preset": {
        "en": "{where}: preset {value!r} must be one of {options}",
        "ja": "{where}: preset {value!r} は {options} のいずれかにしてください。",
    },
    "ingest.mapping_scale": {
        "en": '{where}: [scale] values must be numbers, e.g. "revenue" = 1000000',
        "ja": '{where}: [scale] の値は数値にしてください（例: "revenue" = 1000000）。',
    },
    "ingest.mapping_kind_mismatch": {
        "en": "the mapping is for {mapping_kind!r} files, not {kind!r}; "
        "pass KIND {mapping_kind} or another --mapping",
        "ja": "この対応付けは {kind!r} ではなく {mapping_kind!r} のファイル用です。"
        "種類 {mapping_kind} を指定するか、別の --mapping を指定してください。",
    },
    "ingest.mapping_no_such_column": {
        "en": "mapping sends {header!r} to {target!r}, which is no {kind} column; "
        "use one of {options}, 'custom' or 'ignore'",
        "ja": "対応付けで {header!r} を {target!r} に割り当てていますが、{kind} にその列はありません。"
        "{options}、'custom'、'ignore' のいずれかを使ってください。",
    },
    "ingest.mapping_two_columns": {
        "en": "mapping sends two columns to {target!r} (one is {header!r}); keep one",
        "ja": "対応付けで 2 つの列を {target!r} に割り当てています（その一つは {header!r}）。"
        "一つだけにしてください。",
    },
    "ingest.constant_unknown": {
        "en": "mapping [constants] names {target!r}, which is no {kind} column; use one of {options}",
        "ja": "対応付けの [constants] にある {target!r} は {kind} の列ではありません。"
        "{options} のいずれかを使ってください。",
    },
    "ingest.constant_unreadable": {
        "en": "mapping [constants] {target} = {value!r} cannot be read: {reason}",
        "ja": "対応付けの [constants] {target} = {value!r} を読めません: {reason}",
    },
    # --- ingest: kind and preset ---
    "ingest.unknown_kind": {
        "en": "kind {kind!r} is not one of {options}",
        "ja": "種類 {kind!r} は {options} のいずれでもありません。",
    },
    "ingest.unknown_preset": {
        "en": "preset {preset!r} is not one of {options}",
        "ja": "形式 {preset!r} は {options} のいずれでもありません。",
    },
    # --- ingest: the file as a whole ---
    "ingest.folder": {
        "en": "{path!r} is a folder, not a file; pass the exported CSV/XLSX file",
        "ja": "{path!r} はファイルではなくフォルダーです。エクスポートした CSV/XLSX ファイルを指定してください。",
    },
    "ingest.empty_file": {
        "en": "file {file!r} is empty; export the data again (with a header row)",
        "ja": "ファイル {file!r} は空です。見出し行を含めて、もう一度エクスポートしてください。",
    },
    "ingest.damaged_zip": {
        "en": "file {file!r} is a damaged ZIP/XLSX; save it again from Excel",
        "ja": "ファイル {file!r} は壊れた ZIP/XLSX です。Excel で保存し直してください。",
    },
    "ingest.zip_not_workbook": {
        "en": "file {file!r} is a ZIP archive but not an Excel workbook (no xl/workbook.xml); "
        "unzip it and import the CSV or XLSX inside",
        "ja": "ファイル {file!r} は ZIP アーカイブですが Excel ブックではありません"
        "（xl/workbook.xml がありません）。展開して、中の CSV か XLSX を取り込んでください。",
    },
    "ingest.binary_image": {
        "en": "file {file!r} is a {format} image, not a CSV/TSV/XLSX table; "
        "choose the exported data file",
        "ja": "ファイル {file!r} は {format} 画像で、CSV/TSV/XLSX の表ではありません。"
        "エクスポートしたデータファイルを選んでください。",
    },
    "ingest.binary_pdf": {
        "en": "file {file!r} is a PDF document, not a CSV/TSV/XLSX table; "
        "choose the exported data file",
        "ja": "ファイル {file!r} は PDF 文書で、CSV/TSV/XLSX の表ではありません。"
        "エクスポートしたデータファイルを選んでください。",
    },
    "ingest.binary_xls": {
        "en": "file {file!r} is a legacy Excel .xls (or other OLE) file; save it as .xlsx or CSV, "
        "not a CSV/TSV/XLSX table; choose the exported data file",
        "ja": "ファイル {file!r} は旧形式の Excel .xls（または他の OLE）ファイルで、"
        "CSV/TSV/XLSX の表ではありません。.xlsx か CSV で保存し直してください。",
    },
    "ingest.binary_nul": {
        "en": "file {file!r} is a binary file (NUL byte at byte {at}), not a CSV/TSV/XLSX table; "
        "export the data as CSV or XLSX",
        "ja": "ファイル {file!r} はバイナリファイルで（{at} バイト目に NUL バイト）、"
        "CSV/TSV/XLSX の表ではありません。データを CSV か XLSX でエクスポートしてください。",
    },
    "ingest.undecodable": {
        "en": "file {file!r} cannot be decoded as UTF-8 or CP932 (bytes {bytes!r} at byte {offset}, "
        "line {line}); " + _FILE_HINT_EN,
        "ja": "ファイル {file!r} は UTF-8 としても CP932 としても読めません"
        "（{line} 行目、{offset} バイト目のバイト列 {bytes!r}）。" + _FILE_HINT_JA,
    },
    "ingest.undecodable_utf16": {
        "en": "file {file!r} cannot be decoded as UTF-16 (bytes {bytes!r} at byte {offset}, "
        "line {line}); " + _FILE_HINT_EN,
        "ja": "ファイル {file!r} は UTF-16 として読めません"
        "（{line} 行目、{offset} バイト目のバイト列 {bytes!r}）。" + _FILE_HINT_JA,
    },
    "ingest.mojibake": {
        "en": "file {file!r} looks garbled (mojibake such as {sample!r}: UTF-8 text that was "
        "opened as Latin-1 and saved again); export it again from the source system as CSV UTF-8",
        "ja": "ファイル {file!r} は文字化けしているようです（{sample!r} など。UTF-8 のテキストを "
        "Latin-1 として開いて保存し直したもの）。元のシステムから CSV UTF-8 でもう一度エクスポートしてください。",
    },
    # --- limits and hostile files (analytics/store/ingest/limits.py; README, import formats) ---
    "ingest.too_many_columns": {
        "en": "file {file!r} has {n} columns; at most {most} can be imported: remove the columns "
        "you do not need (or split the file) and import again",
        "ja": "ファイル {file!r} の列数は {n} です。取り込めるのは {most} 列までです。"
        "不要な列を削除する（またはファイルを分ける）と、もう一度取り込めます。",
    },
    "ingest.too_many_cells": {
        "en": "file {file!r} has {rows} rows × {columns} columns, more than the {most} cells "
        "one import takes; split it into smaller files (or drop columns) and import each",
        "ja": "ファイル {file!r} は {rows} 行 × {columns} 列で、1回の取り込みの上限 {most} セルを"
        "超えています。小さなファイルに分ける（または列を減らす）と、それぞれ取り込めます。",
    },
    "ingest.xlsx_too_big": {
        "en": "workbook {file!r} would expand to {mb} MB, more than the {most} MB an XLSX import "
        "takes (a damaged or hostile file?); save the sheet as CSV UTF-8 and import that",
        "ja": "ブック {file!r} は展開すると {mb} MB になり、XLSX の上限 {most} MB を超えます"
        "（壊れたファイルか、不正なファイルの可能性があります）。シートを CSV UTF-8 で保存して取り込んでください。",
    },
    "ingest.too_many_custom": {
        "en": "file {file!r} would add {new} custom attributes to the {existing} there are; a "
        "workspace keeps at most {most}: map the columns you need and set the others to "
        '"ignore" (or [options] unmapped = "ignore") in a mapping file',
        "ja": "ファイル {file!r} はカスタム属性を {new} 個追加しようとしています（既存 {existing} 個）。"
        "ワークスペースに持てるのは {most} 個までです。対応付けファイルで必要な列だけを対応付け、"
        'ほかは "ignore"（または [options] unmapped = "ignore"）にしてください。',
    },
    "ingest.header_too_long": {
        "en": "file {file!r}: no line end in the first {most} bytes, so the header line cannot "
        "be read; check that it is a table with one header row",
        "ja": "ファイル {file!r} の先頭 {most} バイトに改行がなく、見出し行を読めません。"
        "見出し行が1行の表か確認してください。",
    },
    "ingest.nul_in_cell": {
        "en": "file {file!r} has a NUL byte on row {row}, column {column!r}: the file is damaged "
        "or binary; export it again as CSV or XLSX",
        "ja": "ファイル {file!r} の {row} 行目、列 {column!r} に NUL バイトがあります。"
        "ファイルが壊れているかバイナリです。CSV か XLSX でもう一度エクスポートしてください。",
    },
    "ingest.temp_full": {
        "en": "no space left on device while writing a temporary copy of {file!r} in {folder!r}; "
        "free space there or set TMPDIR to a folder with room",
        "ja": "{file!r} の一時コピーを {folder!r} に書く途中で空き容量がなくなりました。"
        "空き容量を作るか、TMPDIR を空きのあるフォルダーにしてください。",
    },
    "ingest.disk_full": {
        "en": "no space left on device while writing {file!r} ({detail}); nothing was imported: "
        "free disk space where the workspace is and import again",
        "ja": "{file!r} を書き込む途中でディスクの空き容量がなくなりました（{detail}）。何も取り込んでいません。"
        "ワークスペースのある場所の空き容量を作って、もう一度取り込んでください。",
    },
    "ingest.mapping_date_window": {
        "en": "mapping [options]: min_date {low} is after max_date {high}; swap them",
        "ja": "対応付けの [options]: min_date {low} が max_date {high} より後です。入れ替えてください。",
    },
    "ingest.mapping_date_bound": {
        "en": "mapping [options]: {option} = {value!r} is not a date; write it as YYYY-MM-DD",
        "ja": "対応付けの [options]: {option} = {value!r} は日付ではありません。YYYY-MM-DD で書いてください。",
    },
    "ingest.mapping_scale_range": {
        "en": "{where}: [scale] {header!r} = {value!r} must be a positive number up to {most}, "
        "e.g. 1000000",
        "ja": "{where}: [scale] {header!r} = {value!r} は {most} 以下の正の数にしてください（例: 1000000）。",
    },
    "ingest.mapping_too_deep": {
        "en": "{where} is nested too deeply (more than {most} levels); a mapping needs only "
        "[columns], [options], [constants] and [scale] tables",
        "ja": "{where} の入れ子が深すぎます（{most} 段を超えています）。対応付けに必要なのは "
        "[columns]、[options]、[constants]、[scale] の表だけです。",
    },
    "ingest.note.cr_line_ends": {
        "en": "line ends are CR only (Excel for Mac); read as ordinary lines",
        "ja": "改行が CR のみ（Mac 版 Excel）でした。通常の改行として読みました",
    },
    "ingest.note.rejects_kept": {
        "en": "{n} rows rejected; the first {kept} are kept in import_rejects as a sample",
        "ja": "{n} 行を除外しました。先頭 {kept} 行を見本として取り込み履歴に残しています",
    },
    "reject.date_window": {
        "en": "date '{value}' in column '{column}' is outside {low} … {high}; fix the date (or "
        "set min_date/max_date in a mapping file's [options])",
        "ja": "列 '{column}' の日付 '{value}' が {low} … {high} の範囲外です。日付を直してください"
        "（または対応付けファイルの [options] で min_date/max_date を設定してください）",
    },
    "reject.out_of_range": {
        "en": "'{value}' in column '{column}' is too large (at most {most})",
        "ja": "列 '{column}' の '{value}' は大きすぎます（上限 {most}）",
    },
    # --- the command line's last line of defence (analytics/cli/main.py) ---
    "cli.no_space": {
        "en": "no space left on device ({detail}); free disk space (or set TMPDIR to a folder "
        "with room) and run the command again — nothing was changed",
        "ja": "ディスクの空き容量がありません（{detail}）。空き容量を作る（または TMPDIR を空きのある"
        "フォルダーにする）と、もう一度実行できます。何も変更していません。",
    },
    "cli.out_of_memory": {
        "en": "out of memory ({detail}); close other programs or split the input, and run the "
        "command again",
        "ja": "メモリが足りません（{detail}）。ほかのプログラムを閉じるか入力を分けて、もう一度実行してください。",
    },
    "cli.unexpected": {
        "en": "unexpected {kind}: {detail}; run again with --debug (or KAKEHASHI_DEBUG=1) for "
        "the traceback and report it",
        "ja": "予期しないエラー {kind}: {detail}。--debug（または KAKEHASHI_DEBUG=1）を付けて"
        "もう一度実行するとトレースバックが表示されます。報告してください。",
    },
    "ingest.date_order_chunks": {
        "en": "column {column!r} of {file!r} reads dates as {first} in one part of the file and "
        'as {second} in another; set [options] date_order = "DMY" or "MDY" in a mapping file',
        "ja": "{file!r} の列 {column!r} は、ファイルの一部では日付を {first}、別の部分では {second} と"
        '読めます。マッピングファイルの [options] に date_order = "DMY" または "MDY" を指定してください。',
    },
    "ingest.no_data_rows": {
        "en": "file {file!r} has a header but no data rows; export it again with the data",
        "ja": "ファイル {file!r} には見出し行だけでデータ行がありません。データを含めてもう一度エクスポートしてください。",
    },
    "ingest.sheet_not_found": {
        "en": "sheet {sheet!r} not found in {file!r}; sheets: {sheets!r}",
        "ja": "{file!r} にシート {sheet!r} がありません。シート一覧: {sheets!r}。",
    },
    "ingest.xlsx_empty_first_sheet": {
        "en": "file {file!r} has an empty first sheet; put the table on the first sheet",
        "ja": "ファイル {file!r} の先頭シートが空です。表を先頭シートに置いてください。",
    },
    "ingest.xlsx_unreadable": {
        "en": "file {file!r} cannot be read as an Excel workbook ({detail}); save it again from Excel",
        "ja": "ファイル {file!r} を Excel ブックとして読めません（{detail}）。Excel で保存し直してください。",
    },
    "ingest.xlsx_empty_sheet": {
        "en": "file {file!r} has an empty sheet {sheet!r}; put the table on that sheet",
        "ja": "ファイル {file!r} のシート {sheet!r} が空です。表をそのシートに置いてください。",
    },
    "ingest.ragged_row": {
        "en": "file {file!r}: row {row} has {fields} fields but the header has {width} (ragged rows); "
        "quote values that contain {delimiter!r} or fix the delimiter, then import again",
        "ja": "ファイル {file!r}: {row} 行目の項目数が {fields} で、見出しの {width} より多くなっています"
        "（行ごとの列数が揃っていません）。{delimiter!r} を含む値を引用符で囲むか区切り文字を直して、"
        "もう一度取り込んでください。",
    },
    "ingest.ragged": {
        "en": "file {file!r}: a row has more fields but the header has {width} (ragged rows); "
        "quote values that contain {delimiter!r} or fix the delimiter, then import again",
        "ja": "ファイル {file!r}: 見出しの {width} 列より項目数の多い行があります"
        "（行ごとの列数が揃っていません）。{delimiter!r} を含む値を引用符で囲むか区切り文字を直して、"
        "もう一度取り込んでください。",
    },
    "ingest.unreadable_text": {
        "en": "file {file!r} cannot be read as {encoding} text ({detail})",
        "ja": "ファイル {file!r} を {encoding} のテキストとして読めません（{detail}）。",
    },
    "ingest.loose_quote_large": {
        "en": "file {file!r}: row {row}, column {column!r} has a quote character inside a value that "
        'does not start with one (like 24" monitor); files over {most} with such values cannot be '
        'read: put those values in quotes with the quote doubled ("24"" monitor"), or remove '
        "the quote characters, then import again",
        "ja": "ファイル {file!r}: {row} 行目の列 {column!r} に、引用符で始まらない値の中の引用符"
        '（24" monitor のような）があります。このような値を含む {most} を超えるファイルは読めません。'
        '値全体を引用符で囲み中の引用符を二重にする（"24"" monitor"）か、引用符を取り除いて、'
        "もう一度取り込んでください。",
    },
    # --- ingest: notes of an import summary (analytics.text.catalog.Note) ---
    "ingest.note.loose_quotes": {
        "en": 'quote characters inside values that do not start with one (like 24" monitor) were '
        "read as part of the value",
        "ja": '引用符で始まらない値の中の引用符（24" monitor のような）は値の一部として読みました',
    },
    "ingest.note.mapping_missing_column": {
        "en": "mapping names column {header!r} but the file has none; ignored",
        "ja": "対応付けにある列 {header!r} はファイルにないため無視しました",
    },
    "ingest.note.columns_ignored": {
        "en": "columns ignored (no {kind} column matches): {columns}",
        "ja": "{kind}のどの列にも当てはまらないため無視した列: {columns}",
    },
    "ingest.note.duplicate_header": {
        "en": "header {header!r} appears more than once; the repeat is read as {renamed!r}",
        "ja": "見出し {header!r} が重複しています。2 つ目以降は {renamed!r} として読みました",
    },
    "ingest.note.blank_rows": {
        "en": "{n} blank row(s) skipped",
        "ja": "空行 {n} 行を読み飛ばしました",
    },
    "ingest.note.read_sheet": {"en": "read sheet {sheet!r}", "ja": "シート {sheet!r} を読みました"},
    "ingest.note.read_sheet_of": {
        "en": "read sheet {sheet!r} (of {n}: {sheets!r})",
        "ja": "シート {sheet!r} を読みました（全 {n} シート: {sheets!r}）",
    },
    "ingest.note.empty_custom": {
        "en": "column {header!r} is empty in every row: no attribute added",
        "ja": "列 {header!r} はすべての行で空のため、属性を追加しませんでした",
    },
    "ingest.note.email_domain": {
        "en": "email_domain derived from email",
        "ja": "メールドメインをメールアドレスから導出しました",
    },
    "ingest.note.title_rank": {
        "en": "title_rank derived from title (executive/director/manager/staff)",
        "ja": "役職ランクを役職から導出しました（役員・部長・課長・担当）",
    },
    "ingest.note.is_won": {
        "en": "is_won derived from stage (won: {won}; lost: {lost}; other stages open)",
        "ja": "受注かどうかをステージから導出しました（受注: {won}、失注: {lost}、その他は進行中）",
    },
    "ingest.note.placeholders": {
        "en": "placeholder values treated as missing in column {header!r}: {values}",
        "ja": "列 {header!r} の未入力を表す値を空として扱いました: {values}",
    },
    "ingest.note.converted_from_status": {
        "en": "converted derived from the lead status ({values} mean converted)",
        "ja": "成約かどうかをリード状況から導出しました（{values} を成約とみなします）",
    },
    "ingest.note.unchanged": {
        "en": "{n} row(s) already stored with the same values: left unchanged",
        "ja": "{n} 行は同じ値で登録済みのため、変更しませんでした",
    },
    "ingest.note.rejected": {
        "en": "{n} row(s) rejected; the other {ok} imported",
        "ja": "{n} 行を除外し、残り {ok} 行を取り込みました",
    },
    "ingest.note.rejected_dry": {
        "en": "{n} row(s) rejected; the other {ok} would be imported",
        "ja": "{n} 行を除外します。残り {ok} 行が取り込まれます",
    },
    "ingest.note.custom_added": {
        "en": "custom {kind} attributes added: {columns}",
        "ja": "{kind}のカスタム属性を追加しました: {columns}",
    },
    "ingest.note.custom_to_add": {
        "en": "custom {kind} attributes to add: {columns}",
        "ja": "{kind}のカスタム属性を追加します: {columns}",
    },
    "ingest.note.rejects_listed": {
        "en": "first {shown} of {n} rejects listed; all are in import_rejects",
        "ja": "除外 {n} 件のうち先頭 {shown} 件を表示しています（すべて取り込み履歴にあります）",
    },
    "ingest.note.date_read_as": {
        "en": "column {label!r} read as {shown} ({how})",
        "ja": "列 {label!r} を {shown} として読みました（{how}）",
    },
    "ingest.note.date_first_field": {
        "en": "decided by values with a first field > 12, e.g. {example!r}",
        "ja": "最初の数字が 12 を超える値で判定: 例 {example!r}",
    },
    "ingest.note.date_second_field": {
        "en": "decided by values with a second field > 12, e.g. {example!r}",
        "ja": "2 番目の数字が 12 を超える値で判定: 例 {example!r}",
    },
    "ingest.note.date_from_mapping": {
        "en": "no value decides day/month order; used date_order {order!r} from the mapping",
        "ja": "日と月の順を決める値がないため、対応付けファイルの date_order {order!r} を使いました",
    },
    "ingest.note.date_assumed_month_first": {
        "en": "no value decides day/month order (all fields <= 12); assumed month-first; set "
        "date_order in a mapping file to change",
        "ja": "日と月の順を決める値がありません（すべて 12 以下）。月が先と仮定しました。変えるには対応付けファイルで "
        "date_order を指定してください",
    },
    "ingest.note.date_assumed_day_first": {
        "en": "no value decides day/month order (all fields <= 12); assumed day-first; set "
        "date_order in a mapping file to change",
        "ja": "日と月の順を決める値がありません（すべて 12 以下）。日が先と仮定しました。変えるには対応付けファイルで "
        "date_order を指定してください",
    },
    # --- ingest: columns ---
    "ingest.looks_like_deals": {
        "en": "file {file!r} looks like a deals file (headers such as {headers}), not leads; "
        "import it with KIND deals",
        "ja": "ファイル {file!r} はリードではなく商談（deals）のファイルのようです（見出し: {headers} など）。"
        "種類 deals（商談）として取り込んでください。",
    },
    "ingest.one_column": {
        "en": "file {file!r} has only one column ({header!r}): the delimiter was not recognised; "
        "save it as CSV (comma), TSV (tab) or semicolon-separated and import again",
        "ja": "ファイル {file!r} には列が 1 つしかありません（{header!r}）。区切り文字を認識できませんでした。"
        "CSV（カンマ区切り）、TSV（タブ区切り）またはセミコロン区切りで保存して、もう一度取り込んでください。",
    },
    "ingest.missing_column": {
        "en": "file {file!r} has no column for required {kind} column {column!r}; "
        'pass --mapping with [columns] "<your header>" = "{column}" (headers: {headers})',
        "ja": "ファイル {file!r} に {kind} の必須列 {column!r} に当たる列がありません。"
        '--mapping の [columns] に "<ファイルの見出し>" = "{column}" と指定してください（見出し: {headers}）。',
    },
    "ingest.missing_column_hint": {
        "en": "file {file!r} has no column for required {kind} column {column!r}; "
        "did you mean {suggestion!r}? "
        'pass --mapping with [columns] "<your header>" = "{column}" (headers: {headers})',
        "ja": "ファイル {file!r} に {kind} の必須列 {column!r} に当たる列がありません。"
        "{suggestion!r} のことですか？ "
        '--mapping の [columns] に "<ファイルの見出し>" = "{column}" と指定してください（見出し: {headers}）。',
    },
    "ingest.missing_column_other": {
        "en": "file {file!r} has no column for required {kind} column {column!r} "
        "(it looks like a {other} file: import it with KIND {other}); "
        'pass --mapping with [columns] "<your header>" = "{column}" (headers: {headers})',
        "ja": "ファイル {file!r} に {kind} の必須列 {column!r} に当たる列がありません"
        "（{other} のファイルのようです。種類 {other} として取り込んでください）。"
        '--mapping の [columns] に "<ファイルの見出し>" = "{column}" と指定してください（見出し: {headers}）。',
    },
    "ingest.missing_column_other_hint": {
        "en": "file {file!r} has no column for required {kind} column {column!r} "
        "(it looks like a {other} file: import it with KIND {other}); "
        "did you mean {suggestion!r}? "
        'pass --mapping with [columns] "<your header>" = "{column}" (headers: {headers})',
        "ja": "ファイル {file!r} に {kind} の必須列 {column!r} に当たる列がありません"
        "（{other} のファイルのようです。種類 {other} として取り込んでください）。"
        "{suggestion!r} のことですか？ "
        '--mapping の [columns] に "<ファイルの見出し>" = "{column}" と指定してください（見出し: {headers}）。',
    },
    # --- store: schema, demo, export ---
    "schema.unknown_table": {
        "en": "unknown data table {table!r}; use one of {options}",
        "ja": "データ表 {table!r} はありません。{options} のいずれかを使ってください。",
    },
    "demo.leads": {
        "en": "leads={leads!r} is not a number of leads between 1 and {most}; use e.g. --leads 20000",
        "ja": "leads={leads!r} はリード数として使えません。1 から {most} までの整数にしてください"
        "（例: --leads 20000）。",
    },
    "demo.locale": {
        "en": "locale={locale!r} is not supported; use one of {options}",
        "ja": "locale={locale!r} には対応していません。{options} のいずれかを使ってください。",
    },
    "export.csv_encoding": {
        "en": "CSV encoding {encoding!r} is not one of {options!r}",
        "ja": "CSV の文字コード {encoding!r} は使えません。{options!r} のいずれかにしてください。",
    },
    # --- ingest: reasons for rejected rows (plain placeholders only) ---
    "reject.bad_date": {
        "en": "bad date '{value}' in column '{column}': "
        "expected a date such as 2025-08-05, 2025/8/5 or 2025年8月5日",
        "ja": "列 '{column}' の日付 '{value}' を読めません。"
        "2025-08-05、2025/8/5、2025年8月5日 のような日付にしてください",
    },
    "reject.not_number": {
        "en": "not a number '{value}' in column '{column}': "
        "expected a number such as 1,234, ¥1,200 or 5,000万円",
        "ja": "列 '{column}' の '{value}' は数値ではありません。"
        "1,234、¥1,200、5,000万円 のような数値にしてください",
    },
    "reject.not_bool": {
        "en": "not a yes/no value '{value}' in column '{column}': "
        "expected TRUE/FALSE, 1/0, yes/no, はい/いいえ or won/lost",
        "ja": "列 '{column}' の '{value}' は「はい/いいえ」の値ではありません。"
        "TRUE/FALSE、1/0、yes/no、はい/いいえ、won/lost のいずれかにしてください",
    },
    "reject.bad_level": {
        "en": "bad BANT level '{value}' in column '{column}': "
        "expected 0-3, none/low/medium/high, 不明/低/中/高, no/yes or なし/あり",
        "ja": "列 '{column}' の '{value}' は BANT のレベルとして読めません。"
        "0〜3、none/low/medium/high、不明/低/中/高、no/yes、なし/あり のいずれかにしてください",
    },
    "reject.bad_verdict": {
        "en": "bad verdict '{value}' in column '{column}': "
        "expected accepted, rejected or recycled (受入/却下/差し戻し)",
        "ja": "列 '{column}' の判定 '{value}' を読めません。"
        "accepted、rejected、recycled（受入/却下/差し戻し）のいずれかにしてください",
    },
    "reject.bad_month": {
        "en": "bad month '{value}' in column '{column}': "
        "expected a month such as 2025-04, 2025/4 or 2025年4月",
        "ja": "列 '{column}' の月 '{value}' を読めません。2025-04、2025/4、2025年4月 のような月にしてください",
    },
    "reject.bad_lifecycle": {
        "en": "unknown lifecycle stage '{value}' in column '{column}': "
        "expected lead, MQL, SQL, opportunity or customer (subscriber, 商談, 顧客 …)",
        "ja": "列 '{column}' のライフサイクルステージ '{value}' を読めません。"
        "lead、MQL、SQL、opportunity、customer（subscriber、商談、顧客 など）にしてください",
    },
    "reject.negative": {
        "en": "negative value '{value}' in column '{column}': must be >= 0",
        "ja": "列 '{column}' の値 '{value}' が負の数です。0 以上にしてください",
    },
    "reject.not_whole": {
        "en": "'{value}' in column '{column}' is not a whole number",
        "ja": "列 '{column}' の '{value}' は整数ではありません",
    },
    "reject.empty": {
        "en": "empty {name} in column '{column}'",
        "ja": "列 '{column}' の {name} が空です",
    },
    "reject.duplicate": {
        "en": "duplicate {keys} '{value}' (first on row {first})",
        "ja": "{keys} '{value}' が重複しています（最初は {first} 行目）",
    },
    # --- criteria ---
    "criteria.ceiling_not_above": {
        "en": "criteria field 'ceiling': {ceiling!r} is not above floor {floor!r}; "
        "raise the ceiling or lower the floor",
        "ja": "判定基準の項目 'ceiling': {ceiling!r} が下限 floor {floor!r} を上回っていません。"
        "上限を上げるか下限を下げてください。",
    },
    "criteria.negative_weight": {
        "en": "criteria field {field!r}: {value!r} is negative; use a weight >= 0",
        "ja": "判定基準の項目 {field!r}: {value!r} が負の数です。0 以上の重みにしてください。",
    },
    "criteria.duplicate_rule": {
        "en": "criteria rule name {name!r} is used twice; give every fit and engagement rule "
        "its own name",
        "ja": "判定基準のルール名 {name!r} が 2 回使われています。"
        "属性ルールと行動ルールにはそれぞれ別の名前を付けてください。",
    },
    "criteria.not_a_number": {
        "en": "criteria field {where}: {value!r} is not a number; write a number such as {example}",
        "ja": "判定基準の{where}: {value!r} は数値ではありません。"
        "{example} のように数値を書いてください。",
    },
    "criteria.unknown_key_close": {
        "en": "{where}: unknown key {key!r}; did you mean {close!r}?",
        "ja": "{where}: 不明なキー {key!r} があります。{close!r} のことですか？",
    },
    "criteria.unknown_key": {
        "en": "{where}: unknown key {key!r}; valid keys: {valid}",
        "ja": "{where}: 不明なキー {key!r} があります。使えるキー: {valid}",
    },
    "criteria.not_strings": {
        "en": '{where}: {value!r} is not a string or a list of strings; write e.g. ["pricing"]',
        "ja": '{where}: {value!r} は文字列でも文字列のリストでもありません。["pricing"] のように書いてください。',
    },
    "criteria.not_positive": {
        "en": "{where} field {field!r}: {value!r} must be > 0; remove it for no limit",
        "ja": "{where} の項目 {field!r}: {value!r} は 0 より大きくしてください。制限しない場合は削除してください。",
    },
    "criteria.out_of_range": {
        "en": "{where} field {field!r}: {value!r} is outside {low} … {high}; use a value in "
        "that range",
        "ja": "{where} の項目 {field!r}: {value!r} は {low} … {high} の範囲外です。範囲内の値にしてください。",
    },
    "criteria.too_many": {
        "en": "{where} field {field!r}: {n} entries, at most {most}; keep the ones you need",
        "ja": "{where} の項目 {field!r}: {n} 件あります。上限は {most} 件です。必要なものだけにしてください。",
    },
    "criteria.too_deep": {
        "en": "{where} is nested too deeply; criteria use only [[fit]], [[engagement]], "
        "[sql_rule] and [sla] tables",
        "ja": "{where} の入れ子が深すぎます。判定基準で使うのは [[fit]]、[[engagement]]、"
        "[sql_rule]、[sla] の表だけです。",
    },
    "criteria.fit_not_table": {
        "en": "fit rule #{n}: expected a [[fit]] table, got {value!r}",
        "ja": "属性ルール #{n}: [[fit]] の表が必要ですが、{value!r} でした。",
    },
    "criteria.fit_no_name": {
        "en": "fit rule #{n}: field 'name' is missing; add name = \"employees\"",
        "ja": "属性ルール #{n}: 項目 'name' がありません。name = \"employees\" を追加してください。",
    },
    "criteria.fit_no_field": {
        "en": "{where}: field 'field' is missing; name the lead column, e.g. field = \"employees\"",
        "ja": "{where}: 項目 'field' がありません。"
        'field = "employees" のようにリードの列名を指定してください。',
    },
    "criteria.fit_kinds": {
        "en": "{where}: give exactly one of 'bands', 'values', 'contains' (found {found!r})",
        "ja": "{where}: 'bands'、'values'、'contains' のうちちょうど一つを指定してください"
        "（指定されていたもの: {found!r}）。",
    },
    "criteria.fit_bands_list": {
        "en": "{where} field 'bands': give a list such as [{{min = 500, points = 25}}]",
        "ja": "{where} の項目 'bands': [{{min = 500, points = 25}}] のようなリストを指定してください。",
    },
    "criteria.band_not_table": {
        "en": "{where}: expected {{min = …, max = …, points = …}}, got {value!r}",
        "ja": "{where}: {{min = …, max = …, points = …}} の形が必要ですが、{value!r} でした。",
    },
    "criteria.band_no_points": {
        "en": "{where}: field 'points' is missing; add points = 10",
        "ja": "{where}: 'points' がありません。points = 10 を追加してください。",
    },
    "criteria.band_min_max": {
        "en": "{where}: min {min!r} is not below max {max!r}; swap them",
        "ja": "{where}: min {min!r} が max {max!r} より小さくありません。入れ替えてください。",
    },
    "criteria.label_not_text": {
        "en": "{where} field 'label': {value!r} is not text",
        "ja": "{where} の項目 'label': {value!r} は文字列ではありません。",
    },
    "criteria.fit_values_table": {
        "en": '{where} field {field!r}: give a table of text -> points, e.g. {{ "製造業" = 25 }}',
        "ja": '{where} の項目 {field!r}: {{ "製造業" = 25 }} のように「文字列 -> 点数」の表を指定してください。',
    },
    "criteria.engagement_not_table": {
        "en": "engagement rule #{n}: expected an [[engagement]] table, got {value!r}",
        "ja": "行動ルール #{n}: [[engagement]] の表が必要ですが、{value!r} でした。",
    },
    "criteria.engagement_no_name": {
        "en": "engagement rule #{n}: field 'name' is missing; add name = \"pricing_page\"",
        "ja": "行動ルール #{n}: 項目 'name' がありません。name = \"pricing_page\" を追加してください。",
    },
    "criteria.engagement_type_or_field": {
        "en": "{where}: give exactly one of 'type' (activity type, e.g. type = \"page_view\") or "
        "'field' (aggregate lead column, e.g. field = \"page_views\")",
        "ja": "{where}: 'type'（行動の種類。例: type = \"page_view\"）と "
        "'field'（リードの集計列。例: field = \"page_views\"）のどちらか一方だけを指定してください。",
    },
    "criteria.engagement_no_points": {
        "en": "{where}: field 'points' is missing; add points = 10 (negative to subtract)",
        "ja": "{where}: 項目 'points' がありません。points = 10 を追加してください（減点は負の数）。",
    },
    "criteria.engagement_field_not_column": {
        "en": "{where} field 'field': {value!r} is not a column name",
        "ja": "{where} の項目 'field': {value!r} は列名ではありません。",
    },
    "criteria.engagement_needs_activities": {
        "en": "{where}: {key!r} needs activity rows; remove it or use type = … instead of field",
        "ja": "{where}: {key!r} は行動履歴の行が必要です。削除するか、field の代わりに type = … を使ってください。",
    },
    "criteria.sql_rule_not_table": {
        "en": "criteria field 'sql_rule': expected a table such as need = 3, got {value!r}",
        "ja": "判定基準の項目 'sql_rule': need = 3 のような表が必要ですが、{value!r} でした。",
    },
    "criteria.sql_rule_level": {
        "en": "criteria field 'sql_rule.{key}': {value!r} is not a BANT level; " + _BANT_EN,
        "ja": "判定基準の項目 'sql_rule.{key}': {value!r} は BANT のレベルではありません。"
        "0（不明）、1（低）、2（中）、3（高・明確）のいずれかにするか、この項目を削除してください。",
    },
    "criteria.sla_not_table": {
        "en": "criteria field 'sla': expected a table such as contact_hours = 24, got {value!r}",
        "ja": "判定基準の項目 'sla': contact_hours = 24 のような表が必要ですが、{value!r} でした。",
    },
    "criteria.sla_contact_hours": {
        "en": "criteria field 'sla.contact_hours': {value!r} must be > 0, e.g. 24",
        "ja": "判定基準の項目 'sla.contact_hours': {value!r} は 0 より大きくしてください（例: 24）。",
    },
    "criteria.sla_mql_per_month": {
        "en": "criteria field 'sla.mql_per_month': {value!r} is not a whole number >= 0; e.g. 50",
        "ja": "判定基準の項目 'sla.mql_per_month': {value!r} は 0 以上の整数ではありません（例: 50）。",
    },
    "criteria.name": {
        "en": "criteria field 'name': {value!r} is not a name; write name = \"default\"",
        "ja": "判定基準の項目 'name': {value!r} は名前ではありません。name = \"default\" のように書いてください。",
    },
    "criteria.version": {
        "en": "criteria field 'version': {value!r} is not a whole number >= 1",
        "ja": "判定基準の項目 'version': {value!r} は 1 以上の整数ではありません。",
    },
    "criteria.description": {
        "en": "criteria field 'description': {value!r} is not text",
        "ja": "判定基準の項目 'description': {value!r} は文字列ではありません。",
    },
    "criteria.rules_not_list": {
        "en": "criteria field {key!r}: write the rules as [[{key}]] tables",
        "ja": "判定基準の項目 {key!r}: ルールは [[{key}]] の表として書いてください。",
    },
    "criteria.not_utf8": {
        "en": "criteria file is not UTF-8 text; save it as UTF-8",
        "ja": "判定基準ファイルが UTF-8 のテキストではありません。UTF-8 で保存してください。",
    },
    "criteria.cannot_read": {
        "en": "cannot read {where}: {reason}; check the path",
        "ja": "{where} を読めません（{reason}）。パスを確認してください。",
    },
    "criteria.bad_toml": {
        "en": "{where} is not valid TOML: {detail}; fix the line named",
        "ja": "{where} は正しい TOML ではありません: {detail}。示された行を直してください。",
    },
    "criteria.in_source": {"en": "{where}: {error}", "ja": "{where}: {error}"},
    "criteria.points_row_missing": {
        "en": "points table: row for rule {rule!r} option {option!r} is missing; reload the table",
        "ja": "点数表: ルール {rule!r} の選択肢 {option!r} の行がありません。表を読み込み直してください。",
    },
    "criteria.points_empty": {
        "en": "points table: rule {rule!r} option {option!r} has no points; enter a number",
        "ja": "点数表: ルール {rule!r} の選択肢 {option!r} に点数がありません。数値を入力してください。",
    },
    "criteria.version_not_found": {
        "en": "criteria version {id!r} not found; pick one from the list",
        "ja": "判定基準の版 {id!r} が見つかりません。一覧から選んでください。",
    },
    # --- whatif ---
    "whatif.missing_columns": {
        "en": "{name} frame lacks column(s) {missing!r}; it has {columns!r} "
        "(pass the replay's leads/path frames)",
        "ja": "{name} の表に列 {missing!r} がありません（あるのは {columns!r}）。"
        "リプレイの leads / path の表を渡してください。",
    },
    "whatif.unknown_bant_items": {
        "en": "SQL rule item(s) {items!r} are not BANT items; use {valid!r}",
        "ja": "SQL ルールの項目 {items!r} は BANT の項目ではありません。{valid!r} を使ってください。",
    },
    "whatif.step_not_positive": {
        "en": "threshold step {step!r} must be positive",
        "ja": "閾値の刻み {step!r} は正の数にしてください。",
    },
    "whatif.threshold_not_number": {
        "en": "threshold {threshold!r} is not a number; pass e.g. --threshold 100",
        "ja": "閾値 {threshold!r} は数値ではありません。--threshold 100 のように指定してください。",
    },
    "whatif.period_reversed": {
        "en": "period start {start!r} is after its end {end!r}; swap them",
        "ja": "期間の開始 {start!r} が終了 {end!r} より後です。入れ替えてください。",
    },
    "whatif.no_dated_leads": {
        "en": "there are no leads with a creation date to evaluate; import leads "
        "(python -m analytics import leads FILE) or load the demo",
        "ja": "評価できる作成日付きのリードがありません。リードを取り込む"
        "（python -m analytics import leads FILE）か、デモを読み込んでください。",
    },
    "whatif.period_no_data": {
        "en": "no months of data in the period {period!r}; the data covers {first} to {last}: "
        "choose a period inside it",
        "ja": "期間 {period!r} にデータのある月がありません。データは {first} から {last} までです。"
        "この範囲内の期間を選んでください。",
    },
    "whatif.no_leads": {
        "en": "workspace {path!r} has no leads; import leads first "
        "(python -m analytics import leads FILE) or load the demo",
        "ja": "ワークスペース {path!r} にリードがありません。先にリードを取り込む"
        "（python -m analytics import leads FILE）か、デモを読み込んでください。",
    },
    # --- metrics ---
    # analytics.metrics (bands, buying_stages, funnel, kpis, profile, stats) and the checks of
    # analytics.scoring (features, points). Mostly parameters given on the CLI or in a page.
    "metrics.what.band_method": {"en": "band method", "ja": "帯の決め方"},
    "metrics.what.band_outcome": {"en": "band outcome", "ja": "スコア帯の成果"},
    "metrics.what.score_column": {"en": "score column", "ja": "スコア列"},
    "metrics.what.mql_col": {"en": "mql_col", "ja": "MQL 列 mql_col"},
    "metrics.what.outcome": {"en": "outcome", "ja": "成果"},
    "metrics.what.profile_outcome": {"en": "profile outcome", "ja": "プロフィールの成果"},
    "metrics.not_one_of": {
        "en": "{what} {value!r} is not one of {valid!r}",
        "ja": "{what} {value!r} は {valid!r} のいずれでもありません。",
    },
    "metrics.missing_columns": {
        "en": "{what} needs column(s) {missing!r}; the frame has {columns!r} "
        "(pass the leads of analytics.scoring.replay.replay)",
        "ja": "{what} には列 {missing!r} が必要ですが、表の列は {columns!r} です"
        "（analytics.scoring.replay.replay のリードを渡してください）。",
    },
    "metrics.bands.edge_not_number": {
        "en": "band edge {part!r} (position {position} in {text!r}) is not a number; "
        "give comma-separated scores such as 0,50,70,90",
        "ja": "帯の境界 {part!r}（{text!r} の {position} 番目）は数値ではありません。"
        "0,50,70,90 のようにカンマ区切りでスコアを入力してください。",
    },
    "metrics.bands.edge_not_finite": {
        "en": "band edge {part!r} must be a finite number",
        "ja": "帯の境界 {part!r} は有限の数値にしてください。",
    },
    "metrics.bands.text_too_few_edges": {
        "en": "bands {text!r} need at least 2 different edges, e.g. 0,50,70,90",
        "ja": "帯 {text!r} には異なる境界が 2 つ以上必要です（例: 0,50,70,90）。",
    },
    "metrics.bands.custom_too_few_edges": {
        "en": "custom bands need at least 2 different edges, got {edges!r}",
        "ja": "境界を指定する帯には異なる境界が 2 つ以上必要ですが、{edges!r} でした。",
    },
    "metrics.bands.too_few_edges": {
        "en": "bands need at least 2 different edges, got {edges!r}",
        "ja": "帯には異なる境界が 2 つ以上必要ですが、{edges!r} でした。",
    },
    "metrics.bands.width": {
        "en": "band width {width!r} must be greater than 0, e.g. 10",
        "ja": "帯の幅 {width!r} は 0 より大きくしてください（例: 10）。",
    },
    "metrics.bands.quantiles": {
        "en": "quantile bands need quantiles >= 2, got {quantiles!r}",
        "ja": "分位の帯の数は 2 以上にしてください（{quantiles!r} でした）。",
    },
    "metrics.bands.score_column_missing": {
        "en": "score column {column!r} not in the leads frame ({columns!r})",
        "ja": "スコア列 {column!r} がリードの表にありません（列: {columns!r}）。",
    },
    "metrics.stages.where.rule": {"en": "stage rule {n}", "ja": "検討段階ルール {n}"},
    "metrics.stages.where.rule_named": {
        "en": "stage rule {n} ({name!r})",
        "ja": "検討段階ルール {n}（{name!r}）",
    },
    "metrics.stages.where.field": {"en": "{rule}: {field}", "ja": "{rule} の {field}"},
    "metrics.stages.not_strings": {
        "en": "{where}: {value!r} must be a list of non-empty texts, e.g. ['page_view']",
        "ja": "{where}: {value!r} は空でない文字列のリストにしてください（例: ['page_view']）。",
    },
    "metrics.stages.not_table": {
        "en": "{where}: {value!r} must be a table of {keys!r}",
        "ja": "{where}: {value!r} は {keys!r} をキーとする表にしてください。",
    },
    "metrics.stages.unknown_keys": {
        "en": "{where}: unknown key(s) {unknown!r}; valid keys are {valid!r}",
        "ja": "{where}: 不明なキー {unknown!r} があります。使えるキーは {valid!r} です。",
    },
    "metrics.stages.missing_keys": {
        "en": "{where}: missing key(s) {missing!r}; every rule needs {required!r}",
        "ja": "{where}: キー {missing!r} がありません。どのルールにも {required!r} が必要です。",
    },
    "metrics.stages.bad_name": {
        "en": "{where}: name {value!r} must be letters, digits and underscores",
        "ja": "{where}: name {value!r} は英数字とアンダースコアだけにしてください。",
    },
    "metrics.stages.bad_stage": {
        "en": "{where}: stage {value!r} is not one of {valid!r}",
        "ja": "{where}: stage {value!r} は {valid!r} のいずれでもありません。",
    },
    "metrics.stages.bad_priority": {
        "en": "{where}: priority {value!r} is not one of {valid!r}",
        "ja": "{where}: priority {value!r} は {valid!r} のいずれでもありません。",
    },
    "metrics.stages.bad_action": {
        "en": "{where}: action {value!r} must be a non-empty text",
        "ja": "{where}: action {value!r} は空でない文字列にしてください。",
    },
    "metrics.stages.bad_min_count": {
        "en": "{where}: min_count {value!r} must be a whole number >= 1",
        "ja": "{where}: min_count {value!r} は 1 以上の整数にしてください。",
    },
    "metrics.stages.bad_window_days": {
        "en": "{where}: window_days {value!r} must be a number > 0, e.g. 30",
        "ja": "{where}: window_days {value!r} は 0 より大きい数値にしてください（例: 30）。",
    },
    "metrics.stages.bad_help": {
        "en": "{where}: help {value!r} must be text",
        "ja": "{where}: help {value!r} は文字列にしてください。",
    },
    "metrics.stages.bad_toml": {
        "en": "stage rules are not valid TOML: {detail}; see RULE_FIELDS",
        "ja": "検討段階ルールが正しい TOML ではありません: {detail}。RULE_FIELDS を参照してください。",
    },
    "metrics.stages.no_rules": {
        "en": "no stage rules given; add at least one [[rule]] table",
        "ja": "検討段階ルールがありません。[[rule]] の表を 1 つ以上追加してください。",
    },
    "metrics.stages.duplicate_names": {
        "en": "stage rule names {names!r} are used twice; names must be unique",
        "ja": "検討段階ルールの名前 {names!r} が重複しています。名前は一意にしてください。",
    },
    "metrics.stages.bad_priorities": {
        "en": "priorities {bad!r} are not among {valid!r}",
        "ja": "優先度 {bad!r} は {valid!r} にありません。",
    },
    "metrics.profile.attribute_needs_column": {
        "en": "attribute {name!r} needs column {column!r} in the leads frame",
        "ja": "属性 {name!r} にはリードの表の列 {column!r} が必要です。",
    },
    "metrics.profile.attribute_unknown": {
        "en": "attribute {name!r} is not a column of the leads frame; choose from {columns!r}",
        "ja": "属性 {name!r} はリードの表の列ではありません。{columns!r} から選んでください。",
    },
    "metrics.profile.window_days": {
        "en": "window_days {value!r} must be greater than 0, e.g. 90",
        "ja": "window_days {value!r} は 0 より大きくしてください（例: 90）。",
    },
    "metrics.stats.confidence": {
        "en": "confidence {value!r} must be strictly between 0 and 1, e.g. 0.95",
        "ja": "信頼度 {value!r} は 0 より大きく 1 より小さくしてください（例: 0.95）。",
    },
    "metrics.stats.counts": {
        "en": "counts converted={converted!r}, n={n!r} need 0 <= converted <= n",
        "ja": "件数 converted={converted!r}, n={n!r} は 0 <= converted <= n を満たす必要があります。",
    },
    "metrics.stats.group_counts": {
        "en": "counts converted={converted!r}, n={n!r} need 0 <= converted <= n per group",
        "ja": "件数 converted={converted!r}, n={n!r} は各群で 0 <= converted <= n を満たす必要があります。",
    },
    "metrics.stats.empty_group": {
        "en": "both groups need leads: n_a={n_a!r}, n_b={n_b!r}",
        "ja": "両方の群にリードが必要です: n_a={n_a!r}, n_b={n_b!r}",
    },
    "metrics.stats.lengths": {
        "en": "converted ({converted}), n ({n}) and scores ({scores}) need the same length",
        "ja": "converted（{converted}）、n（{n}）、scores（{scores}）の長さをそろえてください。",
    },
    "metrics.stats.rate_range": {
        "en": "{name}={value!r} must be a rate between 0 and 1 (e.g. 0.12)",
        "ja": "{name}={value!r} は 0 から 1 の率にしてください（例: 0.12）。",
    },
    "metrics.stats.equal_rates": {
        "en": "rates are equal ({rate!r}); give the difference you want to detect",
        "ja": "2 つの率が同じです（{rate!r}）。検出したい差が出るように指定してください。",
    },
    "metrics.stats.power": {
        "en": "alpha={alpha!r} and power={power!r} must be in (0, 1), ratio > 0",
        "ja": "alpha={alpha!r} と power={power!r} は 0 と 1 の間、ratio は 0 より大きくしてください。",
    },
    "features.unknown_column": {
        "en": "{where}: lead column {column!r} does not exist; use one of: {columns}",
        "ja": "{where}: リードの列 {column!r} はありません。次のいずれかを使ってください: {columns}",
    },
    "points.other_rules": {
        "en": "the feature matrix was built for other rules (fields, bands, values or activity "
        "filters changed); rebuild it with build_features(ws, criteria)",
        "ja": "特徴量の表は別のルール用に作られています（項目、区分、値、行動の条件が変わりました）。"
        "build_features(ws, criteria) で作り直してください。",
    },
    "points.lead_not_found": {
        "en": "lead {lead_id!r} not found as of {as_of:%Y-%m-%d %H:%M}; "
        "check the lead id (or the --as-of date)",
        "ja": "{as_of:%Y-%m-%d %H:%M} 時点でリード {lead_id!r} が見つかりません。"
        "リード ID（または --as-of の日付）を確認してください。",
    },
    "points.bad_as_of": {
        "en": "--as-of {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-08-31",
        "ja": "--as-of {value!r} は日付ではありません。2025-08-31 のように YYYY-MM-DD で書いてください。",
    },
    # --- workspace (db) ---
    "db.locked_pid": {
        "en": "workspace {path!r} is in use by process {pid} (an import or another write); "
        "try again when it has finished, or pass --db with another file",
        "ja": "ワークスペース {path!r} はプロセス {pid} が使用中です（取り込みなどの書き込み中）。"
        "終わってからもう一度実行するか、--db で別のファイルを指定してください。",
    },
    "db.locked": {
        "en": "workspace {path!r} is in use by another process (an import or another write); "
        "try again when it has finished, or pass --db with another file",
        "ja": "ワークスペース {path!r} は別のプロセスが使用中です（取り込みなどの書き込み中）。"
        "終わってからもう一度実行するか、--db で別のファイルを指定してください。",
    },
    "db.busy": {
        "en": "workspace {path!r} is busy: other sessions of the dashboard kept reading it "
        "for {seconds} s; try again in a moment",
        "ja": "ワークスペース {path!r} は使用中です。ダッシュボードの他のセッションが {seconds} 秒間"
        "読み込みを続けました。少し待ってからもう一度お試しください。",
    },
    "db.cannot_open": {
        "en": "cannot open workspace {path!r}: {detail}",
        "ja": "ワークスペース {path!r} を開けません: {detail}",
    },
    "db.not_found": {
        "en": "no workspace at {path!r}; check the path, or create one: "
        "python -m analytics demo --db PATH (demo data) or import with --create",
        "ja": "{path!r} にワークスペースがありません。パスを確認するか、新しく作成してください: "
        "python -m analytics demo --db PATH（デモデータ）または --create を付けて取り込み。",
    },
    "db.is_folder": {
        "en": "workspace {path!r} is a folder; pass --db with a file such as data/workspace.duckdb",
        "ja": "ワークスペース {path!r} はフォルダです。--db には data/workspace.duckdb のような"
        "ファイルを指定してください。",
    },
    "db.not_duckdb": {
        "en": "{path!r} is not a Kakehashi workspace ({detail}); Kakehashi leaves it unchanged. "
        "Pass --db with the workspace file (.duckdb)",
        "ja": "{path!r} は Kakehashi のワークスペースではありません（{detail}）。このファイルは変更しません。"
        "--db にはワークスペースのファイル（.duckdb）を指定してください。",
    },
    "db.foreign": {
        "en": "{path!r} is a DuckDB file of another program, not a Kakehashi workspace "
        "(no Kakehashi meta table); Kakehashi does not write to it. Pass --db with the "
        "workspace file, or a new path with --create",
        "ja": "{path!r} は別のプログラムの DuckDB ファイルで、Kakehashi のワークスペースではありません"
        "（Kakehashi の meta テーブルがありません）。このファイルには書き込みません。--db にワークスペースの"
        "ファイルを指定するか、--create を付けて新しいパスを指定してください。",
    },
    "db.damaged": {
        "en": "workspace {path!r} is damaged ({detail}); restore it from a backup or "
        "re-import into a new workspace (--create)",
        "ja": "ワークスペース {path!r} は破損しています（{detail}）。バックアップから戻すか、"
        "新しいワークスペースに取り込み直してください（--create）。",
    },
    "db.bad_meta": {
        "en": "workspace {path!r}: meta value {key!r} = {value!r} is not a whole number; it was "
        "edited outside Kakehashi. Restore it from a backup (or set it back to a number)",
        "ja": "ワークスペース {path!r}: meta の値 {key!r} = {value!r} は整数ではありません。"
        "Kakehashi の外で編集されています。バックアップから戻すか、数値に戻してください。",
    },
    "db.closed": {
        "en": "workspace {path!r} is not open; reload the page or run the command again",
        "ja": "ワークスペース {path!r} は開かれていません。ページを再読み込みするか、"
        "コマンドをもう一度実行してください。",
    },
    "db.newer_schema": {
        "en": "workspace {path!r} has schema version {version}, newer than this "
        "Kakehashi ({current}); upgrade Kakehashi to open it",
        "ja": "ワークスペース {path!r} のスキーマ版 {version} は、この Kakehashi（{current}）より新しいです。"
        "開くには Kakehashi を更新してください。",
    },
    "db.unsupported_type": {
        "en": "unsupported column type {type!r} for {column!r}",
        "ja": "列 {column!r} の型 {type!r} には対応していません。",
    },
    # --- metrics command ---
    "metrics.bad_month": {
        "en": "month {value!r} is not YYYY-MM; write it like 2026-10",
        "ja": "月 {value!r} は YYYY-MM 形式ではありません。2026-10 のように書いてください。",
    },
    "metrics.month_outside": {
        "en": "month {value!r} is outside the dates data can have ({low} … {high}); give a month "
        "the data covers, e.g. the last complete one (leave --month out)",
        "ja": "月 {value!r} はデータの日付の範囲（{low} … {high}）の外です。データのある月を指定してください"
        "（--month を省くと直近の完了月になります）。",
    },
    "metrics.no_data": {
        "en": "the workspace has no leads with a creation date, so there is no month to report; "
        "import leads with a creation date or pass --month",
        "ja": "作成日のあるリードがないため、対象月を決められません。作成日付きのリードを取り込むか --month を指定してください。",
    },
    # --- model lab and experiments (analytics.metrics.model / experiments) ---
    "model.err_outcome": {
        "en": "outcome {value!r} is not one the model can predict; use one of: {valid}",
        "ja": "予測対象 {value!r} には対応していません。次のいずれかを指定してください: {valid}",
    },
    "model.err_split": {
        "en": "split month {value!r} leaves no dated leads on one side (leads were created "
        "{first} to {last}); choose a month in between, e.g. the month that leaves the newest "
        "quarter of the leads for the test",
        "ja": "分割月 {value!r} では、片側に作成日付きのリードが残りません（リードの作成は {first} 〜 {last}）。"
        "その間の月（例: 最新の4分の1ほどのリードがテストに残る月）を指定してください。",
    },
    "model.err_too_few": {
        "en": "too few conversions to learn from: {conversions} {outcome} of {leads} leads; "
        "a model needs at least {needed} conversions and {needed} non-conversions — import more "
        "history (deals or a converted column) or choose another outcome",
        "ja": "学習できるほどの成果がありません: {leads} 件中 {outcome} は {conversions} 件です。"
        "モデルには成果・非成果がそれぞれ {needed} 件以上必要です。履歴（商談や成約列）を追加で取り込むか、"
        "別の予測対象を選んでください。",
    },
    "model.err_no_scorecard": {
        "en": "this model result has no scorecard to save; run the model first",
        "ja": "このモデル結果には保存できるスコアカードがありません。先にモデルを実行してください。",
    },
    "experiment.err_share": {
        "en": "challenger share {value!r} must be between 0 and 1 (exclusive), e.g. 0.2 for 20% of new leads",
        "ja": "チャレンジャーの割合 {value!r} は 0 より大きく 1 未満にしてください（例: 新規リードの20%なら 0.2）。",
    },
    "experiment.err_alpha_power": {
        "en": "significance level {alpha!r} and power {power!r} must be between 0 and 1, e.g. 0.05 and 0.8",
        "ja": "有意水準 {alpha!r} と検出力 {power!r} は 0〜1 の間にしてください（例: 0.05 と 0.8）。",
    },
    "experiment.err_rate": {
        "en": "rate {value!r} must be between 0 and 1 (exclusive), e.g. 0.03 for 3%",
        "ja": "率 {value!r} は 0 より大きく 1 未満にしてください（例: 3%なら 0.03）。",
    },
    "experiment.err_same_rate": {
        "en": "both rates are {value!r}; give the difference worth detecting",
        "ja": "2つの率がどちらも {value!r} です。検出したい差を指定してください。",
    },
    "experiment.err_lift": {
        "en": "lift {value!r} must be above 0, e.g. 0.2 to detect a 20% higher rate",
        "ja": "改善幅 {value!r} は 0 より大きくしてください（例: 20%高い率を検出するなら 0.2）。",
    },
    "experiment.err_outcome": {
        "en": "outcome {value!r} is not one an experiment can measure; use one of: {valid}",
        "ja": "成果 {value!r} は実験で測れません。次のいずれかを指定してください: {valid}",
    },
    "experiment.err_same_criteria": {
        "en": "champion and challenger are both criteria {id}; choose two different versions",
        "ja": "チャンピオンとチャレンジャーがどちらも判定基準 {id} です。異なる版を選んでください。",
    },
    "experiment.err_not_found": {
        "en": "experiment {id} not found; list them with: python -m analytics experiment list",
        "ja": "実験 {id} が見つかりません。一覧は python -m analytics experiment list で確認できます。",
    },
    "experiment.err_no_baseline": {
        "en": "no {outcome} history before {start} to plan the experiment from; choose a later start "
        "or give the expected rate with --baseline",
        "ja": "{start} より前に {outcome} の履歴がないため、実験を計画できません。開始日を後にするか、"
        "--baseline で想定の率を指定してください。",
    },
    "experiment.err_action": {
        "en": "experiment {action!r} needs {what}; e.g. {example}",
        "ja": "experiment {action!r} には {what} が必要です。例: {example}",
    },
    # --- agreement ---
    "agreement.no_name": {
        "en": "a name is needed for {action}: say who does it (--by NAME)",
        "ja": "{action}には名前が必要です。実施する人の名前を入力してください（--by NAME）。",
    },
    "agreement.no_reason": {
        "en": "a rejection needs a reason: say why the proposal goes back to draft (--note TEXT)",
        "ja": "差し戻しには理由が必要です。下書きに戻す理由を入力してください（--note TEXT）。",
    },
    "agreement.bad_team": {
        "en": "team {team!r} is not one of marketing, sales; sign with --team marketing or --team sales",
        "ja": "チーム {team!r} は marketing（マーケティング）、sales（営業）のどちらでもありません。"
        "--team marketing か --team sales で署名してください。",
    },
    "agreement.not_draft": {
        "en": "criteria #{id} is {status}, not a draft; only a draft can be proposed "
        "(to change it, save the text as a new draft)",
        "ja": "判定基準 #{id} は{status}で、下書きではありません。提案できるのは下書きだけです"
        "（変えるには新しい下書きとして保存してください）。",
    },
    "agreement.not_proposed": {
        "en": "criteria #{id} is {status}, not proposed; {action} needs a proposal "
        "(propose it first: criteria propose {id} --by NAME)",
        "ja": "判定基準 #{id} は{status}で、提案中ではありません。{action}できるのは提案中の版だけです"
        "（先に提案してください: criteria propose {id} --by NAME）。",
    },
    "agreement.already_retired": {
        "en": "criteria #{id} is already retired; nothing to do",
        "ja": "判定基準 #{id} はすでに廃止されています。",
    },
    "agreement.already_signed": {
        "en": "{team} already signed criteria #{id} ({name} at {at}); the other team signs next",
        "ja": "{team}は判定基準 #{id} にすでに署名しています（{name}、{at}）。次はもう一方のチームが署名します。",
    },
    "agreement.same_signer": {
        "en": "{name!r} already signed criteria #{id} for {team}; each team signs with its own person",
        "ja": "{name!r} はすでに{team}として判定基準 #{id} に署名しています。各チームはそれぞれの担当者が署名します。",
    },
    "agreement.tampered": {
        "en": "criteria #{id} was changed outside Kakehashi: its stored text has sha256 {found}, "
        "not {expected} as recorded; it cannot be used for {action}. Save the intended text as a "
        "new draft and propose it",
        "ja": "判定基準 #{id} は Kakehashi の外で変更されています。保存されたテキストの sha256 は {found} で、"
        "記録された {expected} と一致しないため、{action}に使えません。"
        "意図した内容を新しい下書きとして保存し、提案し直してください。",
    },
    # used by analytics.metrics.stats.compare_overlapping_proportions (compare A B)
    "metrics.stats.group_lengths": {
        "en": "group arrays differ in length: {lengths!r}; pass one value per lead",
        "ja": "群の配列の長さが違います: {lengths!r}。リードごとに 1 つずつ値を渡してください。",
    },
    "agreement.bad_ref": {
        "en": "{value!r} is neither a stored criteria id nor a TOML file; give an id from "
        "'criteria list' or the path of a .toml file",
        "ja": "{value!r} は保存済みの判定基準 ID でも TOML ファイルでもありません。"
        "'criteria list' の ID か .toml ファイルのパスを指定してください。",
    },
    # --- sla and feedback ---
    "sla.missing_columns": {
        "en": "the lead frame lacks column(s) {columns}; pass the leads of a replay "
        "(analytics.scoring.replay.replay(ws, criteria).leads)",
        "ja": "リードの表に列 {columns} がありません。リプレイのリード"
        "（analytics.scoring.replay.replay(ws, criteria).leads）を渡してください。",
    },
    "sla.bad_contact_hours": {
        "en": "SLA contact hours {value!r} must be a number of hours above 0, e.g. 24; "
        "fix sla.contact_hours in the criteria",
        "ja": "SLAの連絡時間 {value!r} は 0 より大きい時間数（例: 24）にしてください。"
        "基準の sla.contact_hours を直してください。",
    },
    "metrics.bands.too_many": {
        "en": "{n} score bands are more than the {most} a band table takes; use fewer edges "
        "(or a wider band, or fewer quantiles)",
        "ja": "スコア帯 {n} 個は、帯の表の上限 {most} 個を超えています。境界を減らしてください"
        "（または帯の幅を広げるか、分位の数を減らしてください）。",
    },
    "feedback.bad_edges": {
        "en": "score-band edges {edges!r} need at least 2 different numbers, e.g. 100,125,150,175",
        "ja": "スコア帯の境界 {edges!r} には異なる数値が2つ以上必要です（例: 100,125,150,175）。",
    },
    "feedback.no_leads": {
        "en": "choose at least one MQL to give feedback on",
        "ja": "フィードバックするMQLを1件以上選んでください。",
    },
    "feedback.no_name": {
        "en": "say who gives the feedback: fill in your name",
        "ja": "フィードバックする人の名前を入力してください。",
    },
    "feedback.unknown_leads": {
        "en": "lead(s) {leads} are not in the workspace; choose MQLs from the list",
        "ja": "リード {leads} はワークスペースにありません。一覧からMQLを選んでください。",
    },
    "metrics.wins.undated_none": {
        "en": "wins by month: unknown – none of the {wins} wins has a date (converted on the "
        "lead record; map a conversion date column such as Converted Date, or import deals)",
        "ja": "月別の受注: 不明 – 受注 {wins} 件のいずれにも日付がありません（リード上の成約のため。"
        "成約日の列を対応付けるか、商談を取り込んでください）",
    },
    "metrics.wins.undated_some": {
        "en": "wins by month count the dated wins: {n} of the {wins} wins have no date and "
        "are left out",
        "ja": "月別の受注は日付のある受注のみ: 受注 {wins} 件のうち {n} 件は日付がなく含まれていません",
    },
    "metrics.wins.unpriced_none": {
        "en": "revenue: unknown – none of the {wins} wins has an amount (wins on the lead "
        "record carry none, nor do deals imported without an amount column; import deals "
        "with their amounts)",
        "ja": "受注金額: 不明 – 受注 {wins} 件のいずれにも金額がありません（リード上の成約や、金額列のない商談には"
        "金額がないため。金額付きの商談を取り込んでください）",
    },
    "metrics.wins.unpriced_some": {
        "en": "revenue sums the known amounts: {n} of the {wins} wins have no amount",
        "ja": "受注金額は金額の分かる受注の合計: 受注 {wins} 件のうち {n} 件は金額がありません",
    },
    "metrics.outcome.none": {
        "en": "outcome: none — no deals and no Converted or Lifecycle Stage column on the leads",
        "ja": "成果: なし（商談データも、リードの成約・ライフサイクルステージ列もありません）",
    },
    "metrics.outcome.line": {
        "en": "outcome: {source} · {carried} of {leads} leads carry one, {converted} converted",
        "ja": "成果: {source}・{leads} 件中 {carried} 件に成果あり、うち成約 {converted} 件",
    },
    "metrics.outcome.source_deals": {"en": "won deals", "ja": "受注した商談"},
    "metrics.outcome.source_converted": {
        "en": "the leads' Converted column",
        "ja": "リードの成約列",
    },
    "metrics.outcome.source_lifecycle_stage": {
        "en": "the leads' lifecycle stage (customer)",
        "ja": "リードのライフサイクルステージ（顧客）",
    },
    "metrics.outcome.and": {"en": "{a} and {b}", "ja": "{a}と{b}"},
    "metrics.outcome.required": {
        "en": "{what} needs an outcome, and these leads have none: import deals "
        "(python -m analytics import deals FILE) or leads with a Converted (1/0, yes/no) "
        "or Lifecycle Stage column",
        "ja": "{what} には成果（成約）が必要ですが、このリードにはありません。商談を取り込むか"
        "（python -m analytics import deals FILE）、成約（1/0、はい/いいえ）または"
        "ライフサイクルステージの列があるリードを取り込んでください",
    },
    "whatif.snapshot": {
        "en": "note: no lead has a creation date (a snapshot): figures are totals; "
        "per-month figures (MQLs per month, expected wins per month) need a creation date",
        "ja": "注: 作成日のあるリードがありません（スナップショット）。数値は合計です。"
        "月ごとの数値（月あたり MQL、月あたり見込み受注）には作成日が必要です",
    },
    "ingest.no_id_column": {
        "en": "file {file!r} has no id column for {kind}: no column holds a unique value on "
        'every row (headers: {headers}); import with --id-from-row (or [options] id = "row" '
        "in a mapping) to derive a stable id from each row, so that re-importing the same file "
        "updates instead of duplicating, or map your id with --mapping [columns] "
        '"<your header>" = "{column}"',
        "ja": "ファイル {file!r} に {kind} の ID 列がありません。すべての行で値が重複しない列がありません"
        '（見出し: {headers}）。--id-from-row（またはマッピングの [options] id = "row"）で各行から'
        "安定した ID を作ると、同じファイルの再取り込みは重複せず更新になります。ID 列がある場合は "
        '--mapping の [columns] に "<ファイルの見出し>" = "{column}" と指定してください。',
    },
    "ingest.note.id_from_row": {
        "en": "no id column: {column} derived from each row's content and its place among equal "
        "rows (re-importing the same file updates the same leads)",
        "ja": "ID 列がないため、{column} を各行の内容と同じ内容の行の中での順番から作りました"
        "（同じファイルを再度取り込むと同じリードが更新されます）",
    },
    "ingest.all_rejected": {
        "en": "every row of {file!r} was rejected ({n} rows), so nothing was imported; "
        "first: row {row}: {reason}",
        "ja": "{file!r} のすべての行（{n} 行）が除外されたため、何も取り込みませんでした。"
        "最初の理由: {row} 行目: {reason}",
    },
    "ingest.note.type_mismatch": {
        "en": "column {header!r} was not mapped to {column} (its values do not fit that column's "
        "type): kept as a custom attribute",
        "ja": "列 {header!r} は値が {column} の型に合わないため対応付けず、カスタム属性として残しました",
    },
    "features.value_unmatched": {
        "en": "fit rule {rule!r}: no lead has {missing} (values in the data: {present})",
        "ja": "属性ルール {rule!r}: {missing} に当てはまるリードがありません（データにある値: {present}）",
    },
    "features.band_unmatched": {
        "en": "fit rule {rule!r}: no lead falls in {missing} (the data runs {present})",
        "ja": "属性ルール {rule!r}: {missing} に当てはまるリードがありません（データの範囲: {present}）",
    },
    "features.column_empty": {
        "en": "fit rule {rule!r}: its column is empty for every lead, so it scores nobody",
        "ja": "属性ルール {rule!r}: 対象の列がすべてのリードで空のため、誰にも点が付きません",
    },
    "ingest.note.is_won_on_leads": {
        "en": "{header!r} mapped to is_won: on leads the won flag is the converted column",
        "ja": "{header!r} は is_won に対応付けられていますが、リードでは成約列（converted）として取り込みます",
    },
    "report.bad_audience": {
        "en": "audience {value!r} is not known; use one of {options}",
        "ja": "対象読者 {value!r} は不明です。{options} のいずれかを指定してください。",
    },
    "report.bad_lang": {
        "en": "language {value!r} is not known; use one of {options}",
        "ja": "言語 {value!r} は不明です。{options} のいずれかを指定してください。",
    },
    "report.bad_out": {
        "en": "--out {value!r} must end in .html, .xlsx or .pdf",
        "ja": "--out {value!r} の拡張子は .html、.xlsx、.pdf のいずれかにしてください。",
    },
    "report.no_chromium": {
        "en": "PDF needs headless Chromium, which was not found; install it (apt-get install chromium fonts-noto-cjk) or write .html/.xlsx instead",
        "ja": "PDFの作成にはヘッドレスChromiumが必要ですが見つかりません。インストールする（apt-get install chromium fonts-noto-cjk）か、.html/.xlsx で出力してください。",
    },
    "report.pdf_failed": {
        "en": "Chromium could not print the PDF ({detail}); write .html and print it from a browser",
        "ja": "ChromiumでPDFを作成できませんでした（{detail}）。.html で出力してブラウザから印刷してください。",
    },
}
