"""The public transparency report over real services and both databases: what it counts (every
action type, automated and human, notices and own initiative, appeals, time to action), the
public page in both languages, and the DSA statement-of-reasons export, CSV and JSON, checked
against the Transparency Database's field list for every action type."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.models import Note, Role, User
from crosstalk.community.notes import ImageUpload, NoteInput, create_note
from crosstalk.community.reports import file_report
from crosstalk.db.base import utcnow
from crosstalk.safety.moderation import account_actions, appeals, decide, reports
from crosstalk.safety.moderation.models import Appeal, ReviewItem
from crosstalk.safety.screening.policy import default_policy
from crosstalk.safety.screening.rules import Facts, evaluate
from crosstalk.safety.transparency import report, statements
from crosstalk.safety.transparency.models import Decision
from tests.helpers import automated_decision, image_bytes
from tests.integration.safety.review_support import THREAT_EN, held_note, hold_threats, make_user

__all__ = ["hold_threats"]
pytestmark = pytest.mark.usefixtures("hold_threats")

BENIGN = "Weekend hike along the river, lovely views and a picnic."

# --- the DSA Transparency Database's statement format, written down independently of the code
# under test (API documentation and daily-dump columns), so a slip in either shows up here.

DSA_FIELDS = (
    "uuid", "decision_visibility", "decision_visibility_other",
    "end_date_visibility_restriction", "decision_monetary", "decision_monetary_other",
    "end_date_monetary_restriction", "decision_provision", "end_date_service_restriction",
    "decision_account", "end_date_account_restriction", "account_type", "decision_ground",
    "decision_ground_reference_url", "illegal_content_legal_ground",
    "illegal_content_explanation", "incompatible_content_ground",
    "incompatible_content_explanation", "incompatible_content_illegal", "category",
    "category_addition", "category_specification", "category_specification_other",
    "content_type", "content_type_other", "content_language", "content_date",
    "territorial_scope", "application_date", "decision_facts", "source_type",
    "source_identity", "automated_detection", "automated_decision", "platform_name", "puid",
    "created_at",
)  # fmt: skip
DSA_LISTS = {
    "decision_visibility",
    "category_addition",
    "category_specification",
    "content_type",
    "territorial_scope",
}
_CATEGORIES = {
    f"STATEMENT_CATEGORY_{c}"
    for c in [
        "ANIMAL_WELFARE",
        "DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
        "ILLEGAL_OR_HARMFUL_SPEECH",
        "INTELLECTUAL_PROPERTY_INFRINGEMENTS",
        "NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
        "NON_CONSENSUAL_BEHAVIOUR",
        "PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
        "PROTECTION_OF_MINORS",
        "RISK_FOR_PUBLIC_SECURITY",
        "SCAMS_AND_FRAUD",
        "SELF_HARM",
        "SCOPE_OF_PLATFORM_SERVICE",
        "UNSAFE_AND_ILLEGAL_PRODUCTS",
        "VIOLENCE",
    ]
}
DSA_ENUMS: dict[str, set[str]] = {
    "decision_visibility": {
        f"DECISION_VISIBILITY_{v}"
        for v in [
            "CONTENT_REMOVED",
            "CONTENT_DISABLED",
            "CONTENT_DEMOTED",
            "CONTENT_AGE_RESTRICTED",
            "CONTENT_INTERACTION_RESTRICTED",
            "CONTENT_LABELLED",
            "OTHER",
        ]
    },
    "decision_monetary": {
        "DECISION_MONETARY_SUSPENSION",
        "DECISION_MONETARY_TERMINATION",
        "DECISION_MONETARY_OTHER",
    },
    "decision_provision": {
        "DECISION_PROVISION_PARTIAL_SUSPENSION",
        "DECISION_PROVISION_TOTAL_SUSPENSION",
        "DECISION_PROVISION_PARTIAL_TERMINATION",
        "DECISION_PROVISION_TOTAL_TERMINATION",
    },
    "decision_account": {"DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"},
    "account_type": {"ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"},
    "decision_ground": {"DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"},
    "incompatible_content_illegal": {"Yes", "No"},
    "category": _CATEGORIES,
    "category_addition": _CATEGORIES,
    "category_specification": {
        f"KEYWORD_{k}"
        for k in [
            "ANIMAL_HARM",
            "UNLAWFUL_SALE_ANIMALS",
            "BIOMETRIC_DATA_BREACH",
            "DATA_FALSIFICATION",
            "MISSING_PROCESSING_GROUND",
            "RIGHT_TO_BE_FORGOTTEN",
            "DEFAMATION",
            "DISCRIMINATION",
            "HATE_SPEECH",
            "COPYRIGHT_INFRINGEMENT",
            "DESIGN_INFRINGEMENT",
            "GEOGRAPHIC_INDICATIONS_INFRINGEMENT",
            "PATENT_INFRINGEMENT",
            "TRADE_SECRET_INFRINGEMENT",
            "TRADEMARK_INFRINGEMENT",
            "DISINFORMATION",
            "FOREIGN_INFORMATION_MANIPULATION",
            "MISINFORMATION",
            "NON_CONSENSUAL_IMAGE_SHARING",
            "NON_CONSENSUAL_ITEMS_DEEPFAKE",
            "ONLINE_BULLYING_INTIMIDATION",
            "STALKING",
            "ADULT_SEXUAL_MATERIAL",
            "IMAGE_BASED_SEXUAL_ABUSE",
            "AGE_SPECIFIC_RESTRICTIONS_MINORS",
            "CHILD_SEXUAL_ABUSE_MATERIAL",
            "GROOMING_SEXUAL_ENTICEMENT_MINORS",
            "UNSAFE_CHALLENGES",
            "ILLEGAL_ORGANIZATIONS",
            "RISK_ENVIRONMENTAL_DAMAGE",
            "RISK_PUBLIC_HEALTH",
            "TERRORIST_CONTENT",
            "INAUTHENTIC_ACCOUNTS",
            "INAUTHENTIC_LISTINGS",
            "INAUTHENTIC_USER_REVIEWS",
            "IMPERSONATION_ACCOUNT_HIJACKING",
            "PHISHING",
            "PYRAMID_SCHEMES",
            "CONTENT_PROMOTING_EATING_DISORDERS",
            "SELF_MUTILATION",
            "SUICIDE",
            "AGE_SPECIFIC_RESTRICTIONS",
            "GEOGRAPHICAL_REQUIREMENTS",
            "GOODS_SERVICES_NOT_PERMITTED",
            "LANGUAGE_REQUIREMENTS",
            "NUDITY",
            "INSUFFICIENT_INFORMATION_TRADERS",
            "REGULATED_GOODS_SERVICES",
            "DANGEROUS_TOYS",
            "COORDINATED_HARM",
            "GENDER_BASED_VIOLENCE",
            "HUMAN_EXPLOITATION",
            "HUMAN_TRAFFICKING",
            "INCITEMENT_VIOLENCE_HATRED",
            "OTHER",
        ]
    },
    "content_type": {
        f"CONTENT_TYPE_{t}"
        for t in ["APP", "AUDIO", "IMAGE", "PRODUCT", "SYNTHETIC_MEDIA", "TEXT", "VIDEO", "OTHER"]
    },
    "territorial_scope": set(
        [
            "AT",
            "BE",
            "BG",
            "CY",
            "CZ",
            "DE",
            "DK",
            "EE",
            "ES",
            "FI",
            "FR",
            "GR",
            "HR",
            "HU",
            "IE",
            "IS",
            "IT",
            "LI",
            "LT",
            "LU",
            "LV",
            "MT",
            "NL",
            "NO",
            "PL",
            "PT",
            "RO",
            "SE",
            "SI",
            "SK",
        ]
    ),
    "source_type": {
        "SOURCE_ARTICLE_16",
        "SOURCE_TRUSTED_FLAGGER",
        "SOURCE_TYPE_OTHER_NOTIFICATION",
        "SOURCE_VOLUNTARY",
    },
    "automated_detection": {"Yes", "No"},
    "automated_decision": {
        "AUTOMATED_DECISION_FULLY",
        "AUTOMATED_DECISION_PARTIALLY",
        "AUTOMATED_DECISION_NOT_AUTOMATED",
    },
}
DSA_REQUIRED = (
    "decision_ground",
    "category",
    "content_type",
    "content_date",
    "application_date",
    "decision_facts",
    "source_type",
    "automated_detection",
    "automated_decision",
    "platform_name",
    "puid",
    "created_at",
)
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(row: dict[str, Any], name: str) -> date | None:
    value = row[name]
    if value is None:
        return None
    assert isinstance(value, str) and DAY.match(value), (name, value)
    return date.fromisoformat(value)


def validate_statement(row: dict[str, Any]) -> None:
    """One statement as the Transparency Database would check it on submission."""
    assert tuple(row) == DSA_FIELDS, "exactly the database's fields, in its order"
    for name in DSA_REQUIRED:
        assert row[name] not in (None, "", []), f"{name} is required"
    for name in DSA_LISTS:
        assert isinstance(row[name], list), name
    for name, allowed in DSA_ENUMS.items():
        values = row[name] if name in DSA_LISTS else [row[name]]
        for value in values:
            assert value is None or value in allowed, (name, value)
    assert (
        row["decision_visibility"]
        or row["decision_monetary"]
        or row["decision_provision"]
        or row["decision_account"]
    ), "a statement restricts something"
    if "DECISION_VISIBILITY_OTHER" in row["decision_visibility"]:
        assert row["decision_visibility_other"] and len(row["decision_visibility_other"]) <= 500
    if row["decision_monetary"] == "DECISION_MONETARY_OTHER":
        assert row["decision_monetary_other"]
    if row["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT":
        assert row["illegal_content_legal_ground"] and row["illegal_content_explanation"]
    else:
        assert row["incompatible_content_ground"] and row["incompatible_content_explanation"]
        assert len(row["incompatible_content_ground"]) <= 500
        assert len(row["incompatible_content_explanation"]) <= 2000
    if "KEYWORD_OTHER" in row["category_specification"]:
        assert row["category_specification_other"]
    if "CONTENT_TYPE_OTHER" in row["content_type"]:
        assert row["content_type_other"]
    assert row["content_language"] is None or re.fullmatch(r"[A-Z]{2}", row["content_language"])
    applied = _day(row, "application_date")
    content = _day(row, "content_date")
    assert applied is not None and applied >= date(2020, 1, 1)
    assert content is not None and date(2000, 1, 1) <= content <= applied
    for name in (
        "end_date_visibility_restriction",
        "end_date_monetary_restriction",
        "end_date_service_restriction",
        "end_date_account_restriction",
    ):
        end = _day(row, name)
        assert end is None or end >= applied, name
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", row["created_at"])
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,500}", row["puid"])
    uuid.UUID(row["uuid"])
    assert len(row["decision_facts"]) <= 5000
    assert row["source_identity"] in (None, ""), "a reporter is never named"
    if row["decision_ground_reference_url"] is not None:
        assert row["decision_ground_reference_url"].startswith(("http://", "https://"))


def parse_csv(text: str) -> list[dict[str, Any]]:
    """CSV cells back to statement values: list fields are JSON arrays, empty cells missing."""
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == DSA_FIELDS
    rows = []
    for cells in reader:
        row: dict[str, Any] = {}
        for name in DSA_FIELDS:
            value = cells[name]
            if name in DSA_LISTS:
                assert value.startswith("["), (name, value)
                row[name] = json.loads(value)
            else:
                row[name] = value if value != "" else None
        rows.append(row)
    return rows


# --- builders with the real services -------------------------------------------------------


def _note(db: Session, author: User, title: str = "Weekend hike", images: bool = False) -> Note:
    uploads = [ImageUpload(image_bytes())] if images else []
    note = create_note(db, author, NoteInput(title=title, body=BENIGN, images=uploads))
    db.flush()
    assert note.state == "visible", note.state
    return note


def _automated(
    db: Session,
    note: Note,
    expected: str,
    scores: dict[str, float],
    now: datetime | None = None,
    reports: int = 0,
) -> Decision:
    """An engine decision from the shipped policy's own rules for the given stage-1 scores."""
    policy = default_policy()
    facts = Facts(text=note.title, lang="en", scores=scores, reports=reports)
    outcome = evaluate(policy, facts)
    assert outcome.action == expected, outcome
    decision = automated_decision(
        item_type="note",
        item_id=note.id,
        author_id=note.author_id,
        facts=facts,
        outcome=outcome,
        policy=policy,
        stages=["stage1", "rules"],
        now=now,
    )
    db.add(decision)
    db.flush()
    return decision


def _reported(db: Session, note: Note, reporter: User, reason: str = "harassment") -> ReviewItem:
    filed = file_report(db, reporter, "note", note.id, reason)
    return reports.enqueue_report(db, filed)


def _item(db: Session, decision_id: int) -> ReviewItem:
    item = db.scalar(select(ReviewItem).where(ReviewItem.decision_id == decision_id))
    assert item is not None
    return item


def _by_puid(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["puid"]: r for r in rows}


# --- what the export contains ----------------------------------------------------------------


def test_every_restricting_action_exports_a_valid_dsa_statement_and_warnings_and_restores_none(
    db: Session,
) -> None:
    author = make_user(db, "sor_author")
    reporter = make_user(db, "sor_reporter")
    mod = make_user(db, "sor_mod", Role.MODERATOR)
    senior = make_user(db, "sor_senior", Role.SENIOR_MODERATOR)
    pictured = _note(db, author, "River photos", images=True)
    auto = {
        "label": _automated(db, pictured, "label", {"violence/graphic": 0.6}),
        "limit": _automated(db, pictured, "limit", {"sexual": 0.85}),
        "hold": _automated(db, pictured, "hold", {"harassment/threatening": 0.6}),
        "remove": _automated(db, pictured, "remove", {"spam": 0.98}),
        "suspend": _automated(db, pictured, "suspend", {"sexual/minors": 0.9}),
    }
    human = {}
    for action, clause in (("label", "V2"), ("limit", "SX1"), ("remove", "H1")):
        note = _note(db, author, f"Note to {action}")
        item = _reported(db, note, reporter)
        human[action] = decide.decide(db, item.id, mod, action=action, clause_id=clause)
    account = {}
    for kind, days in (("warning", None), ("limit", 7), ("suspension", 3), ("ban", None)):
        target = make_user(db, f"sor_account_{kind}")
        entry = account_actions.apply_account_action(
            db,
            user_id=target.id,
            action=kind,
            reason_clause="SP1",
            moderator_id=mod.id,
            duration_days=days,
        )
        account[kind] = db.get(Decision, entry.account_decision_id)
    # A held threat removed by a person, appealed and reversed: the reversal restricts nothing.
    threat = held_note(db, author)
    removal = decide.decide(
        db, _item(db, threat.decision_id or 0).id, mod, action="remove", clause_id="H2"
    )
    appeal = appeals.file_appeal(db, author, removal.id, "I was quoting a film.")
    appeals.decide_appeal(db, appeal.id, senior, outcome="reverse")
    restore = db.get(Decision, appeal.outcome_decision_id)
    assert restore is not None and restore.action == "allow"
    db.flush()

    rows = list(statements.statements(db))
    for row in rows:
        validate_statement(row)
    by_puid = _by_puid(rows)
    assert len(by_puid) == len(rows), "one statement per decision"

    def sor(decision: Decision) -> dict[str, Any]:
        return by_puid[statements.puid(decision.id)]

    for action, decision in auto.items():
        row = sor(decision)
        assert row["source_type"] == "SOURCE_VOLUNTARY", action
        assert row["automated_detection"] == "Yes", action
        assert "CONTENT_TYPE_IMAGE" in row["content_type"], "the note has a photo"
    assert sor(auto["label"])["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_LABELLED"]
    assert sor(auto["limit"])["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_DEMOTED"]
    held = sor(auto["hold"])
    assert held["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_DISABLED"]
    assert held["automated_decision"] == "AUTOMATED_DECISION_PARTIALLY"
    assert sor(auto["remove"])["automated_decision"] == "AUTOMATED_DECISION_FULLY"
    suspended = sor(auto["suspend"])
    assert suspended["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"
    assert suspended["category"] == "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"
    assert suspended["category_specification"] == ["KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"]
    for action, decision in human.items():
        row = sor(decision)
        assert row["source_type"] == "SOURCE_ARTICLE_16", "a user report is an Art. 16 notice"
        assert row["automated_detection"] == "No"
        assert row["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
        assert row["content_type"] == ["CONTENT_TYPE_TEXT"], action
    assert sor(human["remove"])["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert sor(human["remove"])["category"] == "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR"
    assert sor(human["remove"])["incompatible_content_ground"] == "H1 Harassment and bullying"
    limited = sor(account["limit"])
    assert limited["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_DEMOTED"]
    assert (limited["content_type"], limited["content_type_other"]) == (
        ["CONTENT_TYPE_OTHER"],
        "account",
    )
    assert limited["end_date_visibility_restriction"] is not None
    suspension = sor(account["suspension"])
    assert suspension["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"
    assert suspension["end_date_account_restriction"] == (
        (utcnow() + timedelta(days=3)).date().isoformat()
    )
    ban = sor(account["ban"])
    assert ban["decision_account"] == "DECISION_ACCOUNT_TERMINATED"
    assert ban["end_date_account_restriction"] is None
    assert sor(removal)["source_type"] == "SOURCE_VOLUNTARY", "held by screening, not reported"
    # Warnings and restorations restrict nothing: counted on the page, no statement of reasons.
    for decision in (account["warning"], restore):
        assert statements.puid(decision.id) not in by_puid
    # The engine's five, the people's three, three account restrictions, the threat's hold
    # and its removal.
    assert len(rows) == len(auto) + len(human) + 3 + 2
    # Nothing identifies a reporter, and no content is quoted.
    dumped = json.dumps(rows, ensure_ascii=False)
    for secret in (BENIGN, THREAT_EN, "River photos", "sor_reporter", "I was quoting a film."):
        assert secret not in dumped


def test_csv_and_json_downloads_hold_the_same_valid_statements_page_by_page(
    client: TestClient, db: Session
) -> None:
    author = make_user(db, "dl_author")
    note = _note(db, author)
    made = [
        _automated(db, note, "label", {"violence/graphic": 0.6}),
        _automated(db, note, "limit", {"sexual": 0.85}),
        _automated(db, note, "hold", {"harassment/threatening": 0.6}),
    ]
    db.commit()

    r = client.get("/transparency/statements.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    from_csv = parse_csv(r.text)
    r = client.get("/transparency/statements.json")
    assert r.status_code == 200
    body = r.json()
    assert tuple(body["fields"]) == DSA_FIELDS and body["total"] == 3 and body["next"] is None
    for row in from_csv + body["statements"]:
        validate_statement(row)
    assert from_csv == body["statements"], "the two formats carry the same statements"
    assert [row["puid"] for row in from_csv] == [statements.puid(d.id) for d in made]

    # Pages of two: the cursor walks every statement exactly once.
    seen: list[str] = []
    url: str | None = "/transparency/statements.json?limit=2"
    while url:
        page = client.get(url).json()
        seen += [row["puid"] for row in page["statements"]]
        url = page["next"]
    assert seen == [statements.puid(d.id) for d in made]
    first = client.get("/transparency/statements.csv?limit=2")
    assert len(parse_csv(first.text)) == 2
    link = re.match(r'<([^>]+)>; rel="next"', first.headers["link"])
    assert link is not None
    rest = parse_csv(client.get(link.group(1)).text)
    assert [row["puid"] for row in rest] == [statements.puid(made[2].id)]
    assert "link" not in client.get(link.group(1)).headers

    # A period with nothing in it is a header and no rows, not an error.
    empty = client.get("/transparency/statements.csv?from=2020-01-01&to=2020-01-31")
    assert empty.status_code == 200 and parse_csv(empty.text) == []


# --- what the report counts -------------------------------------------------------------------


def test_report_counts_actions_by_type_source_category_and_automation(db: Session) -> None:
    author = make_user(db, "count_author")
    reporter = make_user(db, "count_reporter")
    mod = make_user(db, "count_mod", Role.MODERATOR)
    before = report.report(db)
    assert before.total_actions == 0 and before.median_time_to_action_s is None

    reported = _note(db, author, "Reported note")
    item = _reported(db, reported, reporter)
    decide.decide(db, item.id, mod, action="remove", clause_id="H1", account_action="warning")
    threat = held_note(db, author)
    decide.decide(db, _item(db, threat.decision_id or 0).id, mod, action="remove", clause_id="H2")
    plain = _note(db, author, "Plain note")
    _automated(db, plain, "label", {"violence/graphic": 0.6})
    _automated(db, plain, "limit", {"sexual": 0.85})
    other = make_user(db, "count_other")
    account_actions.apply_account_action(
        db, user_id=other.id, action="limit", reason_clause="H1", moderator_id=mod.id
    )
    db.flush()

    data = report.report(db)
    # Automated: the hold, the label, the limit. People: two removals, the warning that came
    # with the first, the account limit. Ordinary posts that passed screening count nowhere.
    assert data.automated_vs_human == {"automated": 3, "human": 4}
    assert data.total_actions == 7
    assert data.by_action == {
        "label": 1,
        "limit": 1,
        "hold": 1,
        "remove": 2,
        "account_warning": 1,
        "account_limit": 1,
    }
    # The warning followed the decision on a reported note, so it is a notice too.
    assert data.by_source == {"notice": 2, "own_initiative": 5}
    assert data.by_category == {
        "harassment": 3,
        "harassment/threatening": 2,
        "sexual": 1,
        "violence/graphic": 1,
    }
    assert data.account_actions == {"warning": 1, "limit": 1, "suspension": 0, "ban": 0}
    assert data.by_automation["AUTOMATED_DECISION_PARTIALLY"] == 1  # the hold
    assert data.by_automation["AUTOMATED_DECISION_NOT_AUTOMATED"] == 4
    assert sum(data.by_language.values()) == 7 and data.by_language.get("en", 0) >= 5
    assert data.notices_received == 1
    assert data.statements_of_reasons == 6, "every action but the warning"
    assert data.statements_of_reasons == len(list(statements.statements(db)))


def test_a_reversed_appeal_counts_as_a_human_decision_and_a_reversal(db: Session) -> None:
    mod = make_user(db, "appeal_mod", Role.MODERATOR)
    senior = make_user(db, "appeal_senior", Role.SENIOR_MODERATOR)
    outcomes = {}
    for name, outcome in (("reversed", "reverse"), ("upheld", "uphold"), ("open", None)):
        author = make_user(db, f"appeal_{name}")
        note = held_note(db, author)
        removal = decide.decide(
            db, _item(db, note.decision_id or 0).id, mod, action="remove", clause_id="H2"
        )
        appeal = appeals.file_appeal(db, author, removal.id, "Please look again.")
        if outcome:
            appeals.decide_appeal(db, appeal.id, senior, outcome=outcome)
        outcomes[name] = appeal
    db.flush()

    data = report.report(db)
    assert data.appeals == {"received": 3, "upheld": 1, "reversed": 1, "open": 1}
    assert data.appeal_reversal_rate == 0.5
    assert data.appeal_median_time_s is not None and data.appeal_median_time_s < 60
    # Three automated holds; three removals and the reversal by people.
    assert data.automated_vs_human == {"automated": 3, "human": 4}
    assert data.by_action == {"hold": 3, "remove": 3, "restore": 1}
    # The reversal takes the category and the source of the removal it undid.
    assert data.by_category == {"harassment/threatening": 7}
    assert data.by_source == {"notice": 0, "own_initiative": 7}
    # Only the reversal is left out of the statements: it restricts nothing.
    assert data.statements_of_reasons == 6

    # An appeal counts in the period it was filed.
    filed = outcomes["reversed"]
    day = filed.created_at.date().isoformat()
    since, until = report.parse_period(day, day)
    assert report.report(db, since=since, until=until).appeals["received"] == 3
    since, until = report.parse_period("2021-01-01", "2021-12-31")
    assert report.report(db, since=since, until=until).appeals["received"] == 0
    assert db.scalar(select(Appeal).where(Appeal.status == "open")) is not None


def test_median_time_to_action_runs_from_the_first_report_or_the_queue(db: Session) -> None:
    author = make_user(db, "time_author")
    reporter = make_user(db, "time_reporter")
    mod = make_user(db, "time_mod", Role.MODERATOR)
    # A user notice that waited two hours in the queue.
    note = _note(db, author)
    item = _reported(db, note, reporter)
    item.created_at = item.created_at - timedelta(hours=2)
    db.flush()
    decide.decide(db, item.id, mod, action="remove", clause_id="H1")
    # A held threat that waited half an hour; its automated hold itself took no time.
    threat = held_note(db, author)
    held = _item(db, threat.decision_id or 0)
    held.created_at = held.created_at - timedelta(minutes=30)
    db.flush()
    decide.decide(db, held.id, mod, action="remove", clause_id="H2")
    db.flush()

    data = report.report(db)
    notice = data.median_time_by_source["notice"]
    own = data.median_time_by_source["own_initiative"]
    overall = data.median_time_to_action_s
    assert notice is not None and abs(notice - 7200) < 30
    assert own is not None and abs(own - 900) < 30  # median of about 0 s and 30 min
    assert overall is not None and abs(overall - 1800) < 30


def test_an_automated_rescreen_after_a_report_is_a_notice_timed_from_the_first_report(
    db: Session,
) -> None:
    author = make_user(db, "rescreen_author")
    note = _note(db, author)
    for i, minutes in enumerate((10, 4)):
        filed = file_report(db, make_user(db, f"rescreen_reporter{i}"), "note", note.id, "spam")
        filed.created_at = utcnow() - timedelta(minutes=minutes)
    db.flush()
    decision = _automated(db, note, "hold", {"harassment/threatening": 0.6}, reports=2)

    data = report.report(db)
    assert data.by_source == {"notice": 1, "own_initiative": 0}
    assert data.notices_received == 2
    notice = data.median_time_by_source["notice"]
    assert notice is not None and abs(notice - 600) < 30, "from the first of the two reports"
    (row,) = statements.statements(db)
    assert row["puid"] == statements.puid(decision.id)
    assert row["source_type"] == "SOURCE_ARTICLE_16"
    assert row["decision_facts"].startswith("After 2 user reports, automated screening")


def test_a_period_includes_both_of_its_days_and_nothing_else(db: Session) -> None:
    author = make_user(db, "period_author")
    note = _note(db, author)
    note.created_at = datetime(2025, 2, 1)
    for at in (
        datetime(2025, 2, 28, 23, 59, 59),
        datetime(2025, 3, 1, 0, 0),
        datetime(2025, 3, 31, 23, 59, 59),
        datetime(2025, 4, 1, 0, 0),
    ):
        _automated(db, note, "label", {"violence/graphic": 0.6}, now=at)
    db.flush()
    since, until = report.parse_period("2025-03-01", "2025-03-31")
    march = report.report(db, since=since, until=until)
    assert march.total_actions == 2
    assert march.to_json()["period"] == {"from": "2025-03-01", "to": "2025-03-31"}
    assert len(list(statements.statements(db, since=since, until=until))) == 2
    since, _ = report.parse_period("2025-03-01", None)
    assert report.report(db, since=since).total_actions == 3
    assert report.report(db).total_actions == 4


# --- the public page and the API --------------------------------------------------------------


def _some_actions(db: Session) -> None:
    author = make_user(db, "page_author")
    reporter = make_user(db, "page_reporter")
    mod = make_user(db, "page_mod", Role.MODERATOR)
    note = _note(db, author)
    decide.decide(db, _reported(db, note, reporter).id, mod, action="remove", clause_id="H1")
    _automated(db, _note(db, author, "Another"), "limit", {"sexual": 0.85})
    db.commit()


def test_the_public_page_shows_the_numbers_with_accessible_charts_in_both_languages(
    client: TestClient, db: Session
) -> None:
    _some_actions(db)
    data = report.report(db)
    r = client.get("/transparency")
    assert r.status_code == 200, "public: no login needed"
    html = r.text
    assert "style-src 'self'" in r.headers["content-security-policy"]
    assert re.search(r"\sstyle=", html) is None, "no inline styles (the CSP would block them)"
    assert "<script>" not in html.split("</head>", 1)[1], "no inline script"
    assert f'data-testid="total-actions">{data.total_actions}<' in html
    assert 'data-testid="human">1<' in html and 'data-testid="automated">1<' in html
    for chart in ("category", "action", "language", "automation", "source"):
        svg = re.search(rf'<svg class="chart"[^>]*data-testid="chart-{chart}"[^>]*>', html)
        assert svg is not None, chart
        assert 'role="img"' in svg.group(0)
        assert f'aria-labelledby="chart-{chart}-title chart-{chart}-desc"' in svg.group(0)
        assert f'<title id="chart-{chart}-title">' in html
    assert html.count('<table class="numbers">') >= 5, "each chart has its table"
    assert "Harassment and bullying" in html and "Removed" in html
    assert 'href="/transparency/statements.csv"' in html
    assert 'href="/transparency/statements.json"' in html
    assert 'href="/policy"' in html and "version hold-threats-1" in html, "the enforced policy"
    assert 'data-testid="appeals-received">0<' in html

    zh = client.get("/transparency", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
    assert "透明度报告" in zh and "骚扰与欺凌" in zh and "已删除" in zh
    assert "Harassment and bullying" not in zh

    # The period goes into the download links; an empty period shows dashes, not errors.
    quiet = client.get("/transparency?from=2021-01-01&to=2021-01-31").text
    assert 'href="/transparency/statements.csv?from=2021-01-01&amp;to=2021-01-31"' in quiet
    assert 'data-testid="total-actions">0<' in quiet and 'data-testid="median">—<' in quiet


def test_the_page_escapes_every_label_it_draws(client: TestClient, db: Session) -> None:
    author = make_user(db, "xss_author")
    note = _note(db, author)
    policy = default_policy()
    facts = Facts(text=note.title, lang="<svg onload=1>", scores={"violence/graphic": 0.6})
    decision = automated_decision(
        item_type="note",
        item_id=note.id,
        author_id=author.id,
        facts=facts,
        outcome=evaluate(policy, facts),
        policy=policy,
        stages=["stage1", "rules"],
    )
    # A hostile stored value, as if a policy had let markup into a category name.
    decision.category = "<script>alert(1)</script>"
    db.add(decision)
    db.commit()
    html = client.get("/transparency").text
    assert "<script>alert(1)" not in html and "<svg onload" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_bad_period_is_refused_with_a_clear_message_in_the_readers_language(
    client: TestClient,
) -> None:
    r = client.get("/transparency?from=yesterday")
    assert r.status_code == 400 and "YYYY-MM-DD" in r.text
    r = client.get("/transparency?from=2025-02-30")
    assert r.status_code == 400 and "not a real date" in r.text
    r = client.get("/transparency?from=2025-03-02&to=2025-03-01")
    assert r.status_code == 400 and "after the end date" in r.text
    zh = client.get(
        "/transparency?from=2025-03-02&to=2025-03-01", headers={"Accept-Language": "zh"}
    )
    assert zh.status_code == 400 and "开始日期" in zh.text
    api = client.get("/api/v1/transparency?to=31/01/2025")
    assert api.status_code == 400
    assert api.json()["code"] == "invalid_input" and "YYYY-MM-DD" in api.json()["detail"]
    for path in ("/transparency/statements.csv", "/transparency/statements.json"):
        assert client.get(f"{path}?from=2025-1-1").status_code == 400
        assert client.get(f"{path}?limit=0").status_code == 422
        assert client.get(f"{path}?after=-1").status_code == 422
    assert client.get("/transparency/statements.json?limit=1001").status_code == 422


def test_the_api_gives_the_same_numbers_as_the_page(client: TestClient, db: Session) -> None:
    _some_actions(db)
    r = client.get("/api/v1/transparency")
    assert r.status_code == 200
    body = r.json()
    expected = report.report(db).to_json()
    body.pop("generated_at")
    expected.pop("generated_at")
    assert body == expected
    assert body["automated_vs_human"] == {"automated": 1, "human": 1}
    assert body["by_source"] == {"notice": 1, "own_initiative": 1}
    assert set(body["appeals"]) == {"received", "upheld", "reversed", "open"}
    schema = client.get("/openapi.json").json()
    assert "/api/v1/transparency" in schema["paths"]
    assert "/transparency" not in schema["paths"], "the page and downloads are not API routes"
