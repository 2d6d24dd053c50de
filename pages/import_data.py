"""Import data: upload exports, check detection and mapping, import, see history and rejects."""

from __future__ import annotations

import contextlib

import polars as pl
import streamlit as st

import ui
from analytics.errors import InputError, KakehashiError
from analytics.metrics.after_import import refresh_after_import
from analytics.store.ingest import (
    KINDS,
    PRESETS,
    ROW_ID_KINDS,
    import_file,
    list_imports,
    list_rejects,
    localize_rejects,
    preview_file,
    rejects_frame,
)
from analytics.store.presets import COLUMNS
from analytics.store.progress import Progress
from analytics.text import format as fmt

ui.require_app()

tr = ui.tr
lang = ui.lang()
RESULTS_KEY = "import.results"

st.title(tr("import.title"))
st.caption(tr("import.caption"))

ws = ui.get_workspace()


def delimiter_label(delimiter: str) -> str:
    """How a detected delimiter is shown (tab spelled out, Excel named)."""
    return {"\t": tr("import.delimiter_tab"), "xlsx": "Excel"}.get(delimiter, f"“{delimiter}”")


def file_error(file_name: str, message: str) -> None:
    """One red line for a file-level problem (the file is named once)."""
    text = (
        ui.md(message)
        if file_name in message
        else tr("import.file_error", file=ui.md(file_name), message=ui.md(message))
    )
    st.error(text, icon=":material/error:")


TARGET_LABELS = {"custom": tr("import.target_custom"), "ignore": tr("import.target_ignore")}


def target_label(target: str, language: str = lang) -> str:
    """Where a file column goes: a canonical column by its name, a custom attribute, ignored."""
    return TARGET_LABELS.get(target) or fmt.label("column", target, language)


kind_col, preset_col = st.columns(2)
kind = ui.choice(
    kind_col.selectbox,
    tr("import.kind"),
    list(KINDS),
    key="import.kind",
    format_func=ui.labeller("common.kind_"),
)
preset = ui.choice(
    preset_col.selectbox,
    tr("import.preset"),
    list(PRESETS),
    key="import.preset",
    format_func=ui.labeller("import.preset_"),
)
files = st.file_uploader(
    tr("import.files"),
    type=["csv", "tsv", "txt", "xlsx"],
    accept_multiple_files=True,
    key="import.files",
    help=tr("import.files_help"),
)

ready: list[tuple[str, bytes, dict[str, str] | None, bool]] = []
for uploaded in files or []:
    data = uploaded.getvalue()
    with st.container(border=True):
        st.markdown(f"**{ui.md(uploaded.name)}**")
        try:
            preview = preview_file(data, file_name=uploaded.name, kind=kind, preset=preset)
        except InputError as exc:
            file_error(uploaded.name, exc.localized(ui.lang()))
            continue
        st.caption(
            tr(
                "import.detected",
                encoding=preview.encoding,
                delimiter=delimiter_label(preview.delimiter),
                preset=fmt.label("preset", preview.preset, lang),
                columns=fmt.count(len(preview.headers)),
            )
        )
        with st.expander(tr("import.preview")):
            st.dataframe(preview.preview, hide_index=True)
        targets = (
            [c.name for c in COLUMNS[kind]] + (["custom"] if kind == "leads" else []) + ["ignore"]
        )
        targets += [t for t in dict.fromkeys(preview.mapping.values()) if t not in targets]
        st.markdown(tr("import.mapping"))
        edited = st.data_editor(
            pl.DataFrame(
                {
                    "source": preview.headers,
                    "target": [preview.mapping.get(h, "ignore") for h in preview.headers],
                },
                schema={"source": pl.String, "target": pl.String},
            ),
            hide_index=True,
            disabled=["source"],
            key=f"import.mapping.{uploaded.file_id}",
            column_config={
                "source": st.column_config.TextColumn(tr("import.col_source")),
                "target": st.column_config.SelectboxColumn(
                    tr("import.col_target"),
                    options=targets,
                    format_func=target_label,
                    required=True,
                ),
            },
        )
        edited = edited if isinstance(edited, pl.DataFrame) else pl.from_pandas(edited)
        mapping = dict(zip(edited["source"].to_list(), edited["target"].to_list(), strict=True))
        if mapping != preview.mapping:
            try:
                preview = preview_file(
                    data, file_name=uploaded.name, kind=kind, preset=preset, mapping=mapping
                )
            except InputError as exc:
                file_error(uploaded.name, exc.localized(ui.lang()))
                continue
        row_ids = False
        if ROW_ID_KINDS.get(kind) in preview.missing_required:
            row_ids = st.checkbox(
                tr("import.id_from_row"),
                key=f"import.id_from_row.{uploaded.file_id}",
                help=tr("import.id_from_row_help"),
            )
            if row_ids:
                preview = preview_file(
                    data, file_name=uploaded.name, kind=kind, preset=preset,
                    mapping=mapping if mapping != preview.mapping else None, id_from_row=True,
                )  # fmt: skip
        if preview.missing_required:
            missing = [fmt.label("column", c, lang) for c in preview.missing_required]
            st.warning(tr("import.missing", columns=", ".join(missing)))
        else:
            st.caption(":material/check: " + tr("import.all_found"))
        ready.append(
            (uploaded.name, data, None if mapping == preview.mapping else mapping, row_ids)
        )

if not files:
    st.caption(tr("import.waiting"))

dry_run = st.checkbox(tr("import.dry_run"), key="import.dry_run")
if st.button(tr("import.run", n=len(ready)), key="import.run", type="primary", disabled=not ready):
    results = []
    bar = st.progress(0.0)
    for i, (file_name, data, mapping, row_ids) in enumerate(ready, start=1):

        def show(progress: Progress, i: int = i) -> None:
            left = (
                ""
                if progress.remaining_s is None
                else tr("import.progress_left", left=fmt.count(round(progress.remaining_s), lang))
            )
            stage = tr(f"import.stage.{progress.stage}")
            elapsed = fmt.count(round(progress.elapsed_s), lang)
            bar.progress(
                progress.fraction,
                text=tr(
                    "import.progress", i=i, n=len(ready), stage=stage, elapsed=elapsed, left=left
                ),
            )

        try:
            result = import_file(
                ws,
                kind,
                data,
                file_name=file_name,
                preset=preset,
                mapping=mapping,
                dry_run=dry_run,
                id_from_row=row_ids,
                progress=show,
            )
        except KakehashiError as exc:  # a bad file, a full disk, a locked workspace
            results.append({"file_name": file_name, "error": exc})  # shown in the current language
        else:
            results.append(
                {
                    "file_name": file_name,
                    **result.to_dict(),
                    "notes": result.notes,
                    "rejects_frame": rejects_frame(result),
                }
            )
    st.session_state[RESULTS_KEY] = results
    if not dry_run and any(r.get("inserted") or r.get("updated") for r in results):
        # what the pages read, brought up to date now that the user waits anyway
        # (incremental only: analytics.metrics.after_import; unreadable criteria are
        # left, every page says what is wrong with them)
        with st.spinner(tr("import.updating_scores")), contextlib.suppress(KakehashiError):
            refresh_after_import(ws, ui.criteria())
    ui.clear_caches()
    st.rerun()

for number, result in enumerate(st.session_state.get(RESULTS_KEY, [])):
    with st.container(border=True):
        if "error" in result:
            file_error(result["file_name"], result["error"].localized(ui.lang()))
            continue
        values = {
            "file": ui.md(result["file_name"]),
            "inserted": fmt.count(result["inserted"]),
            "updated": fmt.count(result["updated"]),
            "rejected": fmt.count(result["rejected"]),
            "rows": fmt.count(result["rows_read"]),
        }
        if result.get("dry_run"):
            st.info(tr("import.result_dry", **values), icon=":material/fact_check:")
        else:
            st.success(tr("import.result", **values), icon=":material/check_circle:")
        st.caption(
            tr(
                "import.result_meta",
                encoding=result["encoding"],
                delimiter=delimiter_label(result["delimiter"]),
                preset=fmt.label("preset", result["preset"], lang),
            )
        )
        for note in result.get("notes") or []:  # a few sentences, in the reader's language
            text = note.localized(lang) if hasattr(note, "localized") else note
            st.markdown(f"- {ui.md(text)}")  # notes name headers and values: shown literally
        if result["rejects"]:
            st.markdown(f"**{tr('import.rejects')}**")
            rejects = localize_rejects(result["rejects_frame"], lang)
            ui.show_rejects(rejects, key=f"import.rejects_table.{number}")

st.subheader(tr("import.history"))
history = list_imports(ws)
if history.is_empty():
    st.caption(tr("import.no_history"))
else:
    ui.show_imports(history)
    with_rejects = history.filter(pl.col("rejected") > 0)
    if not with_rejects.is_empty():
        names = dict(
            zip(
                with_rejects["import_id"].to_list(),
                with_rejects["file_name"].to_list(),
                strict=True,
            )
        )
        chosen = st.selectbox(
            tr("import.rejects_of"),
            list(names),
            key="import.rejects_of",
            format_func=lambda i: f"#{i} {names[i]}",
        )
        rejects = list_rejects(ws, chosen, lang=ui.lang())
        if rejects.is_empty():
            st.caption(tr("import.no_rejects"))
        else:
            ui.show_rejects(rejects, key="import.history_rejects_table")
