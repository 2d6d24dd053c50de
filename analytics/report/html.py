"""The report as one self-contained HTML file: Plotly's JS embedded once, no network
request, A4 print CSS, every text escaped (:func:`html.escape`).

KPI rows carry ``data-kpi`` and their value cell ``data-value`` (the definitions layer's
raw value), so a script can read the numbers back.

Example:
    >>> from datetime import date
    >>> r = Report(date(2026, 9, 1), "en", "exec", "<b>T</b>", "s", ("f",), ())
    >>> "&lt;b&gt;T&lt;/b&gt;" in render_html(r), "<script src=" in render_html(r)
    (True, False)
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from analytics.charts.theme import apply_theme
from analytics.report.model import Chart, Report, Section, Table, cell_kind, cell_text
from analytics.text import format as fmt
from analytics.text.catalog import t

FONT = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif'
CHART_WIDTH = 700  # px: fits the A4 text width (180 mm at 96 dpi)
CSS = f"""
@page {{ size: A4; margin: 14mm 12mm 16mm 12mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {FONT}; color: #1f2937; font-size: 10pt; margin: 0 auto; max-width: 186mm;
  line-height: 1.45; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
header {{ border-bottom: 3px solid #1e3a5f; margin-bottom: 8px; padding: 8px 0 4px; }}
h1 {{ font-size: 18pt; margin: 0; color: #1e3a5f; }}
.subtitle {{ color: #4b5563; margin: 2px 0 0; }}
h2 {{ font-size: 13pt; color: #1e3a5f; border-left: 5px solid #1e3a5f; padding-left: 6px;
  margin: 16px 0 6px; break-after: avoid; }}
h3 {{ font-size: 10.5pt; margin: 10px 0 4px; break-after: avoid; }}
ul.findings {{ background: #f3f6fa; border: 1px solid #d6dee8; padding: 6px 10px 6px 26px; }}
ul.findings li {{ margin: 3px 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; break-inside: avoid;
  margin-bottom: 6px; }}
th, td {{ border: 1px solid #d1d5db; padding: 2px 5px; vertical-align: top; }}
th {{ background: #e8eef5; text-align: left; }}
td.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
td.short {{ white-space: nowrap; }}
.missing {{ background: #fff7e6; border: 1px solid #f0c36d; padding: 6px 10px; }}
.chart {{ break-inside: avoid; margin: 4px 0 8px; }}
section.next {{ page-break-before: always; break-before: page; }}
footer {{ color: #6b7280; font-size: 8pt; margin-top: 16px; }}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def table_html(table: Table, lang: str) -> str:
    """One table (headers and cells formatted and escaped)."""
    head = "".join(f"<th>{_e(table.headers.get(c, c))}</th>" for c in table.shown)
    rows = []
    keys = table.frame["_key"].to_list() if "_key" in table.frame.columns else None
    for i in range(table.frame.height):
        cells = []
        for c in table.shown:
            numeric = fmt.is_numeric_kind(cell_kind(table, i, c).split(":")[0])
            value = table.frame[c][i]
            data = f' data-value="{_e(value)}"' if keys and c == "value" else ""
            text = cell_text(table, i, c, lang)
            css = ' class="num"' if numeric else (' class="short"' if len(text) <= 14 else "")
            cells.append(f"<td{css}{data}>{_e(text)}</td>")
        key = f' data-kpi="{_e(keys[i])}"' if keys else ""
        rows.append(f"<tr{key}>{''.join(cells)}</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{len(table.shown)}">{_e(fmt.MISSING)}</td></tr>')
    return (
        f'<h3>{_e(table.title)}</h3><table data-table="{_e(table.key)}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def chart_figure(chart: Chart, table: Table, lang: str) -> go.Figure:
    """The Plotly figure of a chart spec (x as the reader reads it, y raw)."""
    x = [cell_text(table, i, chart.x, lang) for i in range(table.frame.height)]
    fig = go.Figure()
    for y in chart.ys:
        name = table.headers.get(y, y)
        values = table.frame[y].to_list()
        trace = go.Bar if chart.kind == "bar" else go.Scatter
        fig.add_trace(trace(x=x, y=values, name=name))
    apply_theme(fig, height=250, title=chart.title)
    fig.update_layout(
        width=CHART_WIDTH, font_family=FONT, xaxis_type="category", title_font_size=14
    )
    if chart.percent:
        fig.update_yaxes(tickformat=".0%")
    return fig


def section_html(section: Section, lang: str, plotly_js: list[bool]) -> str:
    """One section: title, sentences (or what to import), tables and charts."""
    css = ' class="next"' if plotly_js[1] else ""
    plotly_js[1] = True  # every section after the first starts a new page
    parts = [f'<section{css} data-section="{_e(section.key)}"><h2>{_e(section.title)}</h2>']
    if section.missing:
        parts.append(f'<p class="missing">{_e(section.missing)}</p>')
    parts += [f"<p>{_e(line)}</p>" for line in section.lines]
    for table in section.tables:
        parts.append(table_html(table, lang))
        for chart in (c for c in section.charts if c.table == table.key):
            if not table.frame.height:
                continue
            include = not plotly_js[0]
            plotly_js[0] = True
            fig = chart_figure(chart, table, lang)
            div = fig.to_html(
                full_html=False,
                include_plotlyjs=include,  # embedded once: True for the first chart only
                config={"staticPlot": True, "displayModeBar": False},
            )
            parts.append(f'<div class="chart">{div}</div>')
    parts.append("</section>")
    return "".join(parts)


def render_html(report: Report) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    plotly_js = [False, False]  # Plotly's JS written; a section written
    body = "".join(section_html(s, report.lang, plotly_js) for s in report.sections)
    findings = "".join(f"<li>{_e(f)}</li>" for f in report.findings)
    summary = t("report.summary", report.lang)
    return (
        f'<!DOCTYPE html><html lang="{_e(report.lang)}"><head><meta charset="utf-8">'
        f"<title>{_e(report.title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{_e(report.title)}</h1><p class='subtitle'>{_e(report.subtitle)}</p>"
        f"</header><h2>{_e(summary)}</h2><ul class='findings'>{findings}</ul>{body}"
        f"<footer>{_e(report.footer)}</footer></body></html>"
    )
