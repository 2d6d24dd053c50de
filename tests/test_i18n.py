"""The translation table: complete, consistent, and covering every string the UI shows."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from analytics.text.catalog import LANGUAGES, STRINGS, t

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "analytics" / "text" / "ui_strings.py"
UI_FILES = sorted([ROOT / "app.py", *(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")])

# tr("key") / t("key", …) / ui.tr("key"), and f-string keys whose literal prefix is checked.
LITERAL_KEY = re.compile(r"""\b(?:tr|t)\(\s*(["'])([^"'{}\n]+)\1""")
FSTRING_KEY = re.compile(r"""\b(?:tr|t)\(\s*f(["'])([^"'{\n]*)\{""")
LABELLER_PREFIX = re.compile(r"""\blabeller\(\s*(["'])([^"'\n]+)\1""")
# Streamlit calls whose first argument (or label=) is shown to the user (page_link: label= only).
SHOWN = (
    "title|header|subheader|caption|markdown|text|write|info|warning|error|success|toast|"
    "button|download_button|form_submit_button|link_button|checkbox|toggle|radio|"
    "selectbox|multiselect|select_slider|slider|segmented_control|pills|text_input|text_area|"
    "number_input|date_input|time_input|file_uploader|expander|popover|metric|spinner|tabs"
)
HARD_CODED = re.compile(rf"""\.(?:{SHOWN})\(\s*(?:label\s*=\s*)?f?(["'])((?:(?!\1).)*)\1""")
LABEL_KW = re.compile(r"""\blabel\s*=\s*f?(["'])((?:(?!\1).)*)\1""")
PLACEHOLDER_FREE_TEXT = re.compile(r"\{[^{}]*\}|:material/\w+:")  # and icons
WORDS = re.compile(r"[A-Za-z]{3,}")


def placeholders(text: str) -> set[str]:
    """The ``{names}`` of a format string."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def source_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_key_has_every_language(key: str) -> None:
    assert set(STRINGS[key]) == set(LANGUAGES), key
    for lang in LANGUAGES:
        assert STRINGS[key][lang].strip(), f"{key!r} is empty in {lang!r}"


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_same_placeholders_in_every_language(key: str) -> None:
    found = {lang: placeholders(STRINGS[key][lang]) for lang in LANGUAGES}
    assert found["ja"] == found["en"], f"{key!r}: {found}"
    values = dict.fromkeys(found["en"], "x")
    assert all(t(key, lang, **values) for lang in LANGUAGES)


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_key_style(key: str) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z0-9_.]+", key), f"{key!r} is not 'page.thing' style"


def test_no_duplicate_keys_in_source() -> None:
    """Concurrent edits must not define a key twice (a dict literal silently keeps the last)."""
    tree = ast.parse(source_of(I18N))
    table = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign | ast.Assign)
        and "STRINGS"
        in ast.unparse(node.targets[0] if isinstance(node, ast.Assign) else node.target)
    )
    keys = [k.value for k in table.keys if isinstance(k, ast.Constant)]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"keys defined twice in analytics/text/ui_strings.py: {duplicates}"


def test_sections_are_balanced() -> None:
    text = source_of(I18N)
    opened = re.findall(r"# --- section: ([\w ()-]+?) ---", text)
    closed = re.findall(r"# --- end section: ([\w ()-]+?) ---", text)
    assert opened == closed, f"sections opened {opened} vs closed {closed}"


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_used_key_exists(path: Path) -> None:
    text = source_of(path)
    used = {m.group(2) for m in LITERAL_KEY.finditer(text)}
    missing = sorted(k for k in used if k not in STRINGS)
    assert not missing, (
        f"{path.name} uses keys missing from analytics/text/ui_strings.py: {missing}"
    )
    prefixes = {m.group(2) for m in FSTRING_KEY.finditer(text)}
    prefixes |= {m.group(2) for m in LABELLER_PREFIX.finditer(text)}
    unknown = sorted(p for p in prefixes if not any(k.startswith(p) for k in STRINGS))
    assert not unknown, f"{path.name} builds keys from prefixes with no key: {unknown}"


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_hard_coded_english(path: Path) -> None:
    """Best effort: a literal with English words as a widget label/text is a missing tr()."""
    offenders = []
    for number, line in enumerate(source_of(path).splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for match in [*HARD_CODED.finditer(line), *LABEL_KW.finditer(line)]:
            literal = PLACEHOLDER_FREE_TEXT.sub("", match.group(2))
            if WORDS.search(literal):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, "hard-coded UI text (use tr()):\n" + "\n".join(offenders)


def test_the_checks_catch_what_they_should() -> None:
    """The regexes above find a hard-coded label and a used key (guards the guards)."""
    assert HARD_CODED.search('st.button("Save now", key="x")')
    assert LABEL_KW.search('st.page_link("p.py", label="Go home")')
    assert not WORDS.search(PLACEHOLDER_FREE_TEXT.sub("", "**{tr('a.b')}**"))
    assert not WORDS.search(PLACEHOLDER_FREE_TEXT.sub("", ":material/check: "))
    assert [m.group(2) for m in LITERAL_KEY.finditer('x = tr("a.b", n=1) + t("c.d", lang)')] == [
        "a.b",
        "c.d",
    ]
    assert [m.group(2) for m in FSTRING_KEY.finditer('tr(f"common.kind_{k}")')] == ["common.kind_"]


def test_every_criteria_key_has_a_japanese_reference_line() -> None:
    from analytics.criteria.fields import FIELDS
    from analytics.text.criteria_help import missing_translations, reference_markdown

    assert missing_translations() == []
    ja = reference_markdown("ja").splitlines()
    assert len(ja) == len(FIELDS) + 2
    assert all(f"`{s.path}`" in line for s, line in zip(FIELDS, ja[2:], strict=True))


def test_translated_option_widgets_go_through_ui_choice():
    """A radio/selectbox whose labels come from ``ui.labeller`` has one widget per language.

    The browser marks the chosen option by its label: a widget whose labels change with
    the language under one fixed key shows no choice after a switch (the Funnel page's
    MQL-moment radio did). ``ui.choice`` does it and keeps the choice; a key formatted
    with the language does it too.
    """
    import ast
    from pathlib import Path

    widgets = {"radio", "selectbox", "multiselect", "pills", "segmented_control"}
    offenders = []
    for path in sorted(Path("pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in widgets:
                continue
            for kw in node.keywords:
                value = kw.value
                fixed_key = any(
                    k.arg == "key" and isinstance(k.value, ast.Constant) for k in node.keywords
                )
                if (
                    kw.arg == "format_func"
                    and isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Attribute)
                    and value.func.attr == "labeller"
                    and fixed_key
                ):
                    offenders.append(f"{path}:{node.lineno}")
    assert offenders == []
