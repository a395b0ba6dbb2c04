"""UI translations with Babel/gettext: catalogs `en` and `zh_Hans`, chosen per request."""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
LOCALES = ("en", "zh_Hans")
DEFAULT_LOCALE = "en"

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> NullTranslations:
    return Translations.load(str(LOCALE_DIR), [locale], domain="messages")


def gettext(message: str) -> str:
    return translations(current_locale.get()).ugettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale.get()).ungettext(singular, plural, n)


def normalize_locale(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.strip().replace("-", "_").lower()
    if raw.startswith("zh"):
        return "zh_Hans"
    if raw.startswith("en"):
        return "en"
    return None


def negotiate(accept_language: str | None) -> str:
    """Pick the best UI locale from an Accept-Language header."""
    if not accept_language:
        return DEFAULT_LOCALE
    weighted: list[tuple[float, str]] = []
    for part in accept_language.split(","):
        lang, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        found = normalize_locale(lang)
        if found:
            weighted.append((weight, found))
    return max(weighted)[1] if weighted else DEFAULT_LOCALE


def content_lang_for_locale(locale: str) -> str:
    return "zh-Hans" if locale == "zh_Hans" else "en"
