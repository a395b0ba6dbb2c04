"""The vocabulary of the EU DSA Transparency Database: its statement fields, the values each
enumerated field takes, and how this platform's policy categories map onto its categories and
keywords (one table to update when the Commission revises the taxonomy)."""

from __future__ import annotations

from dataclasses import dataclass

# --- DSA Transparency Database vocabulary --------------------------------------------------
# Column names and enum values as the database's API and daily dumps spell them, so an export
# can be loaded next to any other platform's statements without a translation table.

FIELDS: tuple[str, ...] = (
    "uuid",
    "decision_visibility",
    "decision_visibility_other",
    "end_date_visibility_restriction",
    "decision_monetary",
    "decision_monetary_other",
    "end_date_monetary_restriction",
    "decision_provision",
    "end_date_service_restriction",
    "decision_account",
    "end_date_account_restriction",
    "account_type",
    "decision_ground",
    "decision_ground_reference_url",
    "illegal_content_legal_ground",
    "illegal_content_explanation",
    "incompatible_content_ground",
    "incompatible_content_explanation",
    "incompatible_content_illegal",
    "category",
    "category_addition",
    "category_specification",
    "category_specification_other",
    "content_type",
    "content_type_other",
    "content_language",
    "content_date",
    "territorial_scope",
    "application_date",
    "decision_facts",
    "source_type",
    "source_identity",
    "automated_detection",
    "automated_decision",
    "platform_name",
    "puid",
    "created_at",
)
# Multi-valued fields: JSON arrays in the JSON export, JSON-encoded strings in the CSV (as in
# the database's own CSV dumps).
LIST_FIELDS: frozenset[str] = frozenset(
    {
        "decision_visibility",
        "category_addition",
        "category_specification",
        "content_type",
        "territorial_scope",
    }
)
DECISION_VISIBILITY: tuple[str, ...] = (
    "DECISION_VISIBILITY_CONTENT_REMOVED",
    "DECISION_VISIBILITY_CONTENT_DISABLED",
    "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_LABELLED",
    "DECISION_VISIBILITY_OTHER",
)
DECISION_MONETARY: tuple[str, ...] = (
    "DECISION_MONETARY_SUSPENSION",
    "DECISION_MONETARY_TERMINATION",
    "DECISION_MONETARY_OTHER",
)
DECISION_PROVISION: tuple[str, ...] = (
    "DECISION_PROVISION_PARTIAL_SUSPENSION",
    "DECISION_PROVISION_TOTAL_SUSPENSION",
    "DECISION_PROVISION_PARTIAL_TERMINATION",
    "DECISION_PROVISION_TOTAL_TERMINATION",
)
DECISION_ACCOUNT: tuple[str, ...] = ("DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED")
ACCOUNT_TYPE: tuple[str, ...] = ("ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE")
DECISION_GROUND: tuple[str, ...] = (
    "DECISION_GROUND_ILLEGAL_CONTENT",
    "DECISION_GROUND_INCOMPATIBLE_CONTENT",
)
CONTENT_TYPE: tuple[str, ...] = (
    "CONTENT_TYPE_APP",
    "CONTENT_TYPE_AUDIO",
    "CONTENT_TYPE_IMAGE",
    "CONTENT_TYPE_PRODUCT",
    "CONTENT_TYPE_SYNTHETIC_MEDIA",
    "CONTENT_TYPE_TEXT",
    "CONTENT_TYPE_VIDEO",
    "CONTENT_TYPE_OTHER",
)
STATEMENT_CATEGORIES: tuple[str, ...] = (
    "STATEMENT_CATEGORY_ANIMAL_WELFARE",
    "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
    "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
    "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR",
    "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
    "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
    "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    "STATEMENT_CATEGORY_SELF_HARM",
    "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS",
    "STATEMENT_CATEGORY_VIOLENCE",
)
KEYWORDS: tuple[str, ...] = (
    "KEYWORD_ANIMAL_HARM",
    "KEYWORD_UNLAWFUL_SALE_ANIMALS",
    "KEYWORD_BIOMETRIC_DATA_BREACH",
    "KEYWORD_DATA_FALSIFICATION",
    "KEYWORD_MISSING_PROCESSING_GROUND",
    "KEYWORD_RIGHT_TO_BE_FORGOTTEN",
    "KEYWORD_DEFAMATION",
    "KEYWORD_DISCRIMINATION",
    "KEYWORD_HATE_SPEECH",
    "KEYWORD_COPYRIGHT_INFRINGEMENT",
    "KEYWORD_DESIGN_INFRINGEMENT",
    "KEYWORD_GEOGRAPHIC_INDICATIONS_INFRINGEMENT",
    "KEYWORD_PATENT_INFRINGEMENT",
    "KEYWORD_TRADE_SECRET_INFRINGEMENT",
    "KEYWORD_TRADEMARK_INFRINGEMENT",
    "KEYWORD_DISINFORMATION",
    "KEYWORD_FOREIGN_INFORMATION_MANIPULATION",
    "KEYWORD_MISINFORMATION",
    "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
    "KEYWORD_NON_CONSENSUAL_ITEMS_DEEPFAKE",
    "KEYWORD_ONLINE_BULLYING_INTIMIDATION",
    "KEYWORD_STALKING",
    "KEYWORD_ADULT_SEXUAL_MATERIAL",
    "KEYWORD_IMAGE_BASED_SEXUAL_ABUSE",
    "KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS",
    "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL",
    "KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS",
    "KEYWORD_UNSAFE_CHALLENGES",
    "KEYWORD_ILLEGAL_ORGANIZATIONS",
    "KEYWORD_RISK_ENVIRONMENTAL_DAMAGE",
    "KEYWORD_RISK_PUBLIC_HEALTH",
    "KEYWORD_TERRORIST_CONTENT",
    "KEYWORD_INAUTHENTIC_ACCOUNTS",
    "KEYWORD_INAUTHENTIC_LISTINGS",
    "KEYWORD_INAUTHENTIC_USER_REVIEWS",
    "KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING",
    "KEYWORD_PHISHING",
    "KEYWORD_PYRAMID_SCHEMES",
    "KEYWORD_CONTENT_PROMOTING_EATING_DISORDERS",
    "KEYWORD_SELF_MUTILATION",
    "KEYWORD_SUICIDE",
    "KEYWORD_AGE_SPECIFIC_RESTRICTIONS",
    "KEYWORD_GEOGRAPHICAL_REQUIREMENTS",
    "KEYWORD_GOODS_SERVICES_NOT_PERMITTED",
    "KEYWORD_LANGUAGE_REQUIREMENTS",
    "KEYWORD_NUDITY",
    "KEYWORD_INSUFFICIENT_INFORMATION_TRADERS",
    "KEYWORD_REGULATED_GOODS_SERVICES",
    "KEYWORD_DANGEROUS_TOYS",
    "KEYWORD_COORDINATED_HARM",
    "KEYWORD_GENDER_BASED_VIOLENCE",
    "KEYWORD_HUMAN_EXPLOITATION",
    "KEYWORD_HUMAN_TRAFFICKING",
    "KEYWORD_INCITEMENT_VIOLENCE_HATRED",
    "KEYWORD_OTHER",
)
SOURCE_TYPE: tuple[str, ...] = (
    "SOURCE_ARTICLE_16",
    "SOURCE_TRUSTED_FLAGGER",
    "SOURCE_TYPE_OTHER_NOTIFICATION",
    "SOURCE_VOLUNTARY",
)
AUTOMATED_DECISION: tuple[str, ...] = (
    "AUTOMATED_DECISION_FULLY",
    "AUTOMATED_DECISION_PARTIALLY",
    "AUTOMATED_DECISION_NOT_AUTOMATED",
)
YES_NO: tuple[str, ...] = ("Yes", "No")
# The member states of the European Economic Area: a decision here applies everywhere the
# service is offered, so its territorial scope is the whole EEA.
EEA: tuple[str, ...] = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip
# Which values each enumerated field may hold (list fields: each element).
ENUMS: dict[str, tuple[str, ...]] = {
    "decision_visibility": DECISION_VISIBILITY,
    "decision_monetary": DECISION_MONETARY,
    "decision_provision": DECISION_PROVISION,
    "decision_account": DECISION_ACCOUNT,
    "account_type": ACCOUNT_TYPE,
    "decision_ground": DECISION_GROUND,
    "incompatible_content_illegal": YES_NO,
    "category": STATEMENT_CATEGORIES,
    "category_addition": STATEMENT_CATEGORIES,
    "category_specification": KEYWORDS,
    "content_type": CONTENT_TYPE,
    "territorial_scope": EEA,
    "source_type": SOURCE_TYPE,
    "automated_detection": YES_NO,
    "automated_decision": AUTOMATED_DECISION,
}
# Longest text the database accepts in each free-text field.
MAX_CHARS: dict[str, int] = {
    "decision_visibility_other": 500,
    "incompatible_content_ground": 500,
    "incompatible_content_explanation": 2000,
    "category_specification_other": 500,
    "content_type_other": 500,
    "decision_facts": 5000,
    "puid": 500,
}


@dataclass(frozen=True)
class DsaCategory:
    """Where one of our policy categories sits in the DSA statement taxonomy."""

    category: str
    keywords: tuple[str, ...] = ()
    other: str | None = None  # category_specification_other, required with KEYWORD_OTHER
    additions: tuple[str, ...] = ()  # category_addition: further categories that also apply


CATEGORY_MAP: dict[str, DsaCategory] = {
    "harassment": DsaCategory(
        "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR", ("KEYWORD_ONLINE_BULLYING_INTIMIDATION",)
    ),
    "harassment/threatening": DsaCategory(
        "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR",
        ("KEYWORD_ONLINE_BULLYING_INTIMIDATION",),
        additions=("STATEMENT_CATEGORY_VIOLENCE",),
    ),
    "hate": DsaCategory("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", ("KEYWORD_HATE_SPEECH",)),
    "hate/threatening": DsaCategory(
        "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        ("KEYWORD_HATE_SPEECH", "KEYWORD_INCITEMENT_VIOLENCE_HATRED"),
        additions=("STATEMENT_CATEGORY_VIOLENCE",),
    ),
    "sexual": DsaCategory(
        "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT", ("KEYWORD_ADULT_SEXUAL_MATERIAL",)
    ),
    "sexual/minors": DsaCategory(
        "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", ("KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL",)
    ),
    "violence": DsaCategory("STATEMENT_CATEGORY_VIOLENCE", ("KEYWORD_INCITEMENT_VIOLENCE_HATRED",)),
    "violence/graphic": DsaCategory(
        "STATEMENT_CATEGORY_VIOLENCE", ("KEYWORD_OTHER",), other="Graphic violence or gore"
    ),
    "self-harm": DsaCategory(
        "STATEMENT_CATEGORY_SELF_HARM", ("KEYWORD_SUICIDE", "KEYWORD_SELF_MUTILATION")
    ),
    "self-harm/intent": DsaCategory(
        "STATEMENT_CATEGORY_SELF_HARM", ("KEYWORD_SUICIDE", "KEYWORD_SELF_MUTILATION")
    ),
    "self-harm/instructions": DsaCategory(
        "STATEMENT_CATEGORY_SELF_HARM", ("KEYWORD_SELF_MUTILATION", "KEYWORD_SUICIDE")
    ),
    "illicit": DsaCategory(
        "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS", ("KEYWORD_REGULATED_GOODS_SERVICES",)
    ),
    "illicit/violent": DsaCategory(
        "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
        ("KEYWORD_OTHER",),
        other="Instructions for making weapons or committing violent crimes",
        additions=("STATEMENT_CATEGORY_VIOLENCE",),
    ),
    "spam": DsaCategory(
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        ("KEYWORD_OTHER",),
        other="Spam, scams or coordinated inauthentic posting",
    ),
    # "general" clauses (e.g. many reports) and decisions citing no clause: the platform's rules.
    "general": DsaCategory("STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"),
}
FALLBACK_CATEGORY = DsaCategory("STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE")


def dsa_category(category: str | None) -> DsaCategory:
    """The DSA category of a policy category; a sub-category falls back to its parent."""
    if not category:
        return FALLBACK_CATEGORY
    found = CATEGORY_MAP.get(category) or CATEGORY_MAP.get(category.split("/")[0])
    return found or FALLBACK_CATEGORY


# --- what a decision restricts, in the database's words ------------------------------------
# The one mapping from this platform's actions to DSA restriction fields, for decisions by the
# engine, by moderators and on accounts alike.
_CONTENT_VISIBILITY: dict[str, str] = {
    "label": "DECISION_VISIBILITY_CONTENT_LABELLED",
    "limit": "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "hold": "DECISION_VISIBILITY_CONTENT_DISABLED",
    "remove": "DECISION_VISIBILITY_CONTENT_REMOVED",
    "suspend": "DECISION_VISIBILITY_CONTENT_REMOVED",
}
# An account limit demotes the account's posts; suspensions and bans act on the account.
_ACCOUNT_VISIBILITY: dict[str, str] = {"limit": "DECISION_VISIBILITY_CONTENT_DEMOTED"}
_ACCOUNT: dict[str, str] = {
    "suspend": "DECISION_ACCOUNT_SUSPENDED",
    "suspension": "DECISION_ACCOUNT_SUSPENDED",
    "ban": "DECISION_ACCOUNT_TERMINATED",
}


@dataclass(frozen=True)
class Restriction:
    """The statement-of-reasons fields that say what a decision restricts."""

    restriction_type: str | None  # decision_visibility | decision_account | None
    visibility: str | None
    account: str | None
    scope: str  # item | account


def restriction(item_type: str, action: str) -> Restriction:
    """What `action` on an item (or, for item_type "account", on an account) restricts."""
    if item_type == "account":
        visibility = _ACCOUNT_VISIBILITY.get(action)
        account = _ACCOUNT.get(action)
        kind = "decision_account" if account else "decision_visibility" if visibility else None
        return Restriction(kind, visibility, account, "account")
    account = _ACCOUNT.get(action)
    if account:
        return Restriction("decision_account", _CONTENT_VISIBILITY.get(action), account, "account")
    kind = "decision_visibility" if action != "allow" else None
    return Restriction(kind, _CONTENT_VISIBILITY.get(action), None, "item")
