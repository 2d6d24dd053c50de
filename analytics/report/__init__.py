"""The monthly review report (DESIGN §4, issue 12): one content model, three renderers.

:mod:`analytics.report.build` assembles a :class:`~analytics.report.model.Report` for a
month from the definitions layer and the existing metric functions (KPIs, funnel, score
bands, SLA, feedback, criteria history, what-if, imports); :mod:`~analytics.report.html`,
:mod:`~analytics.report.xlsx` and :mod:`~analytics.report.pdf` render it. The package sits
after ``charts`` in the flow; the CLI (``python -m analytics report``) and the Report page
call it.
"""
