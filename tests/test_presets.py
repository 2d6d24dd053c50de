"""The declarative import tables are valid and documented (DESIGN §6.6)."""

from __future__ import annotations

import re

import pytest

from analytics.store import presets
from analytics.store.db import TABLES, Workspace
from analytics.store.ingest import KINDS, PRESETS, resolve_mapping


def _table_types(kind: str) -> dict[str, str]:
    ws = Workspace.open(":memory:")
    try:
        return ws.columns(kind)
    finally:
        ws.close()


@pytest.mark.parametrize("kind", KINDS)
def test_columns_exist_in_schema_with_matching_type(kind: str) -> None:
    types = _table_types(kind)
    for column in presets.COLUMNS[kind]:
        assert column.name in types, f"{kind}.{column.name} not in db.TABLES"
        assert types[column.name] in presets.SQL_TYPES[column.value], (kind, column.name)
        assert column.help.strip(), f"{kind}.{column.name} has no help text"
    # every schema column but import_id can be filled by an import
    assert set(types) - {c.name for c in presets.COLUMNS[kind]} == {"import_id"}


def test_every_value_type_is_documented() -> None:
    used = {c.value for cols in presets.COLUMNS.values() for c in cols}
    assert used <= set(presets.VALUE_TYPES) == set(presets.SQL_TYPES)
    assert all(text.strip() for text in presets.VALUE_TYPES.values())


@pytest.mark.parametrize("kind", KINDS)
def test_synonyms_name_canonical_columns_and_are_unambiguous(kind: str) -> None:
    canonical = {c.name for c in presets.COLUMNS[kind]}
    assert set(presets.SYNONYMS[kind]) == canonical
    seen: dict[str, str] = {}
    for column, names in presets.SYNONYMS[kind].items():
        assert names and names[0] == column, f"{kind}.{column}: first synonym is the name itself"
        for name in names:
            key = presets.normalize_header(name)
            # the same spelling may not mean two columns of one kind, except a documented fallback
            assert seen.setdefault(key, column) == column or key in {
                "email",
                "担当者",
                "滞在時間",
            }, (kind, name)


@pytest.mark.parametrize("name", list(presets.PRESETS))
def test_presets_map_to_canonical_columns(name: str) -> None:
    preset = presets.PRESETS[name]
    assert preset.help.strip()
    for kind, headers in preset.headers.items():
        assert kind in KINDS
        canonical = {c.name for c in presets.COLUMNS[kind]}
        assert set(headers.values()) <= canonical, (name, kind, set(headers.values()) - canonical)


def test_preset_names_match_the_contract() -> None:
    assert set(PRESETS) == {"auto", "generic", *presets.PRESETS}
    assert set(presets.PRESET_HELP) == set(PRESETS)
    assert all(presets.PRESET_HELP[p].strip() for p in PRESETS)


def test_title_ranks_compile() -> None:
    for rank, pattern in presets.TITLE_RANKS:
        assert rank in {"executive", "director", "manager"}
        re.compile(pattern.replace("(?i)", ""))


def test_named_attributes_do_not_collide_with_lead_columns() -> None:
    lead_columns = {c.name for c in presets.COLUMNS["leads"]}
    assert not set(presets.NAMED_ATTRIBUTES) & lead_columns
    assert "leads" in TABLES


@pytest.mark.parametrize(
    ("headers", "kind", "preset", "expected_preset", "expected"),
    [
        # Salesforce Japanese lead report
        (["リード ID", "会社名", "作成日", "従業員数", "年間売上", "都道府県", "役職", "リードソース"], "leads", "auto",
         "salesforce", {"リード ID": "lead_id", "会社名": "company", "作成日": "created_at", "従業員数": "employees",
                        "年間売上": "annual_revenue", "都道府県": "prefecture", "役職": "title", "リードソース": "source"}),
        # Salesforce Japanese opportunity report without an id column: the name is the id
        (["商談 名", "フェーズ", "金額", "完了予定日", "成立"], "deals", "auto", "salesforce",
         {"商談 名": "deal_id", "フェーズ": "stage", "金額": "amount", "完了予定日": "closed_at", "成立": "is_won"}),
        (["商談 ID", "商談 名", "フェーズ"], "deals", "salesforce", "salesforce",
         {"商談 ID": "deal_id", "商談 名": "ignore", "フェーズ": "stage"}),
        # HubSpot contacts
        (["Record ID", "Create Date", "Company Name", "Original Source", "Lifecycle Stage"], "leads", "auto",
         "hubspot", {"Record ID": "lead_id", "Create Date": "created_at", "Company Name": "company",
                     "Original Source": "source", "Lifecycle Stage": "lifecycle_stage"}),
        # HubSpot deals
        (["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date"], "deals", "auto", "hubspot",
         {"Record ID": "deal_id", "Deal Name": "ignore", "Deal Stage": "stage", "Amount": "amount",
          "Close Date": "closed_at"}),
        # Marketo bulk activity export
        (["marketoGUID", "leadId", "activityDate", "activityTypeId", "primaryAttributeValue"], "activities",
         "auto", "marketo", {"marketoGUID": "ignore", "leadId": "lead_id", "activityDate": "occurred_at",
                             "activityTypeId": "type", "primaryAttributeValue": "detail"}),
        # generic synonyms: Lead Scoring style export, English and Japanese
        (["Prospect ID", "Lead Number", "Lead Source", "Converted", "TotalVisits"], "leads", "auto", "generic",
         {"Prospect ID": "lead_id", "Lead Number": "custom", "Lead Source": "source", "Converted": "converted",
          "TotalVisits": "page_views"}),
        (["リードID", "会社名", "従業員数", "業種区分"], "leads", "generic", "generic",
         {"リードID": "lead_id", "会社名": "company", "従業員数": "employees", "業種区分": "custom"}),
        # Kakehashi's own column names are not a vendor export, even where Salesforce uses them
        (["lead_id", "created_at", "company", "industry", "employees", "email"], "leads", "auto",
         "generic", {"lead_id": "lead_id", "created_at": "created_at", "company": "company",
                     "industry": "industry", "employees": "employees", "email": "email"}),
        # similar spelling
        (["Lead Idd", "Company Nme"], "leads", "generic", "generic", {"Lead Idd": "lead_id", "Company Nme": "company"}),
    ],
)  # fmt: skip
def test_resolve_mapping_presets(
    headers: list[str], kind: str, preset: str, expected_preset: str, expected: dict[str, str]
) -> None:
    used, mapping, _ = resolve_mapping(headers, kind, preset=preset)
    assert used == expected_preset
    assert {h: "+".join(t) for h, t in mapping.items()} == expected
