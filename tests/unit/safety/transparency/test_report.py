"""The transparency report's building blocks without a database: periods, the mapping of our
policy categories into the DSA taxonomy, and statements of reasons that quote no content."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

from crosstalk.safety.errors import InputRejected
from crosstalk.safety.screening.policy import default_policy
from crosstalk.safety.screening.rules import Facts, evaluate
from crosstalk.safety.screening.scoring import CATEGORIES
from crosstalk.safety.transparency import dsa, report, statements
from crosstalk.safety.transparency.models import Decision
from tests.helpers import automated_decision

PLATFORM = statements.Platform(name="crosstalk", base_url="https://talk.example.org")
SECRET = "meet me behind the station at nine and bring the cash"


def _engine_decision(
    scores: dict[str, float], *, reports: int = 0, decision_id: int = 7, lang: str = "en"
) -> Decision:
    policy = default_policy()
    facts = Facts(
        text=SECRET,
        lang=lang,
        scores=scores,
        evidence=({"text": "behind the station", "category": "spam", "source": "classifier"},),
        reports=reports,
    )
    decision = automated_decision(
        item_type="note",
        item_id=3,
        author_id=5,
        facts=facts,
        outcome=evaluate(policy, facts),
        policy=policy,
        stages=["stage1", "rules"],
        now=datetime(2026, 3, 4, 5, 6, 7),
    )
    decision.id = decision_id
    return decision


def test_a_period_includes_both_of_its_days_and_open_bounds_mean_all_time() -> None:
    since, until = report.parse_period("2026-03-01", "2026-03-31")
    assert since == datetime(2026, 3, 1) and until == datetime(2026, 4, 1)
    assert report.parse_period(None, None) == (None, None)
    assert report.parse_period("", " ") == (None, None)
    assert report.parse_period("2026-03-01", None) == (datetime(2026, 3, 1), None)
    assert report.parse_period("2026-03-05", "2026-03-05")[1] == datetime(2026, 3, 6)


@pytest.mark.parametrize(
    ("start", "end", "english", "chinese"),
    [
        ("01/03/2026", None, "YYYY-MM-DD", "YYYY-MM-DD"),
        ("20260301", None, "YYYY-MM-DD", "YYYY-MM-DD"),
        (None, "2026-02-30", "not a real date", "不是有效的日期"),
        ("2026-03-02", "2026-03-01", "after the end date", "晚于结束日期"),
    ],
)
def test_a_bad_period_says_what_is_wrong_in_english_and_chinese(
    start: str | None, end: str | None, english: str, chinese: str
) -> None:
    with pytest.raises(InputRejected) as caught:
        report.parse_period(start, end)
    assert caught.value.status == 400
    assert english in caught.value.message("en")
    assert chinese in caught.value.message("zh_Hans")


def test_every_policy_category_has_a_dsa_category_and_valid_keywords() -> None:
    categories = set(CATEGORIES) | {c.category for c in default_policy().clauses}
    for category in categories:
        mapped = dsa.dsa_category(category)
        assert mapped.category in dsa.STATEMENT_CATEGORIES, category
        assert set(mapped.additions) <= set(dsa.STATEMENT_CATEGORIES), category
        assert set(mapped.keywords) <= set(dsa.KEYWORDS), category
        if "KEYWORD_OTHER" in mapped.keywords:
            assert mapped.other, f"{category}: KEYWORD_OTHER needs its specification"
    assert dsa.dsa_category("sexual/minors").keywords == ("KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL",)
    assert dsa.dsa_category("hate").keywords == ("KEYWORD_HATE_SPEECH",)


def test_an_unknown_category_falls_back_to_its_parent_or_to_the_platform_rules() -> None:
    assert dsa.dsa_category("hate/new-kind") == dsa.dsa_category("hate")
    fallback = dsa.FALLBACK_CATEGORY.category
    assert dsa.dsa_category(None).category == fallback
    assert dsa.dsa_category("something-else").category == fallback


def test_content_language_is_two_letter_iso_upper_case_or_nothing() -> None:
    assert statements.iso_language("en") == "EN"
    assert statements.iso_language("zh-Hans") == "ZH"
    assert statements.iso_language("zh_Hant") == "ZH"
    assert statements.iso_language("mixed") is None
    assert statements.iso_language("und") is None
    assert statements.iso_language(None) is None
    assert report.language_group("zh-Hant") == "zh"


def test_an_automated_removal_is_a_complete_statement_that_quotes_no_content() -> None:
    decision = _engine_decision({"spam": 0.98})
    assert decision.action == "remove"
    row = statements.statement(
        decision,
        source="own_initiative",
        content=statements.ContentInfo(datetime(2026, 3, 1, 8), has_images=True),
        platform=PLATFORM,
    )
    assert tuple(row) == dsa.FIELDS
    assert row["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert row["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert row["incompatible_content_ground"] == "SP1 Spam and scams"
    assert row["incompatible_content_illegal"] == "No"
    assert row["incompatible_content_explanation"].startswith("Unsolicited advertising")
    assert row["category"] == "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"
    assert row["category_specification"] == ["KEYWORD_OTHER"]
    assert row["category_specification_other"]
    assert row["content_type"] == ["CONTENT_TYPE_TEXT", "CONTENT_TYPE_IMAGE"]
    assert (row["content_date"], row["application_date"]) == ("2026-03-01", "2026-03-04")
    assert row["created_at"] == "2026-03-04 05:06:07"
    assert row["content_language"] == "EN"
    assert row["source_type"] == "SOURCE_VOLUNTARY" and row["source_identity"] is None
    assert (row["automated_detection"], row["automated_decision"]) == (
        "Yes",
        "AUTOMATED_DECISION_FULLY",
    )
    assert row["puid"] == "crosstalk-decision-7"
    assert row["decision_ground_reference_url"] == "https://talk.example.org/policy#clause-SP1"
    assert row["territorial_scope"] == list(dsa.EEA)
    # The stored circumstances quote the matched passage; the public record must not.
    assert "behind the station" in decision.circumstances_en
    assert "station" not in json.dumps(row)
    assert "rule spam-remove" in row["decision_facts"] and "SP1" in row["decision_facts"]


def test_a_statement_has_a_stable_id_per_server_and_decision() -> None:
    decision = _engine_decision({"spam": 0.98})
    first = statements.statement(decision, source="notice", platform=PLATFORM)
    again = statements.statement(decision, source="notice", platform=PLATFORM)
    elsewhere = statements.statement(
        decision,
        source="notice",
        platform=statements.Platform(name="crosstalk", base_url="https://other.example"),
    )
    assert first["uuid"] == again["uuid"] != elsewhere["uuid"]
    assert first["source_type"] == "SOURCE_ARTICLE_16"


def test_without_a_content_date_the_decision_date_stands_in() -> None:
    row = statements.statement(_engine_decision({"spam": 0.98}), source="x", platform=PLATFORM)
    assert row["content_date"] == row["application_date"] == "2026-03-04"
    assert row["content_type"] == ["CONTENT_TYPE_TEXT"]


def test_an_automated_decision_after_reports_says_so_in_its_facts() -> None:
    decision = _engine_decision({"harassment/threatening": 0.6}, reports=2)
    assert decision.action == "hold"
    facts = statements.decision_facts(decision, trigger=None, reports=2)
    assert facts.startswith("After 2 user reports, automated screening hid the note")


def test_an_account_ban_is_an_account_termination_of_other_content() -> None:
    decision = Decision(
        id=11,
        item_type="account",
        item_id=5,
        action="ban",
        lang="zh-Hans",
        clause_id="SP1",
        policy_version="p1",
        stages=["human"],
        restriction_type="decision_account",
        account_restriction="DECISION_ACCOUNT_TERMINATED",
        automated_detection=False,
        automated_decision="AUTOMATED_DECISION_NOT_AUTOMATED",
        ground={"clause_id": "SP1", "category": "spam", "title": {"en": "Spam and scams"}},
        explanation_en="No spam.",
        created_at=datetime(2026, 1, 2),
    )
    row = statements.statement(decision, source="own_initiative", platform=PLATFORM)
    assert row["decision_visibility"] == [] and row["decision_account"] == (
        "DECISION_ACCOUNT_TERMINATED"
    )
    assert row["end_date_account_restriction"] is None
    assert (row["content_type"], row["content_type_other"]) == (["CONTENT_TYPE_OTHER"], "account")
    assert row["content_language"] == "ZH"
    facts = statements.decision_facts(decision, trigger="shadow", reports=0)
    assert facts.startswith("On the moderators' own initiative, a moderator terminated")


def test_csv_cells_carry_lists_as_json_and_missing_values_as_empty() -> None:
    row = statements.statement(_engine_decision({"spam": 0.98}), source="x", platform=PLATFORM)
    cells = statements.csv_row(row)
    assert json.loads(cells["decision_visibility"]) == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert json.loads(cells["category_addition"]) == []
    assert cells["decision_account"] == "" and cells["source_identity"] == ""
    text = "".join(statements.csv_lines([row, row]))
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert len(parsed) == 2 and tuple(parsed[0]) == dsa.FIELDS
    header_only = "".join(statements.csv_lines([]))
    assert header_only.strip() == ",".join(dsa.FIELDS)
