"""UI locale negotiation."""

from __future__ import annotations

from crosstalk.web.i18n import negotiate, normalize_locale


def test_accept_language_prefers_the_highest_weight() -> None:
    assert negotiate("zh-CN,zh;q=0.9,en;q=0.8") == "zh_Hans"
    assert negotiate("en-US,en;q=0.9,zh;q=0.5") == "en"
    assert negotiate("fr-FR,de;q=0.5") == "en"
    assert negotiate(None) == "en"
    assert negotiate("zh-TW") == "zh_Hans"
    assert negotiate("en;q=abc,zh;q=0.2") == "zh_Hans"


def test_normalize_locale() -> None:
    assert normalize_locale("zh") == "zh_Hans"
    assert normalize_locale("EN_us") == "en"
    assert normalize_locale("ja") is None
