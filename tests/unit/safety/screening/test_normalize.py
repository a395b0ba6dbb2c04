"""Normalization undoes obfuscation and always maps folded characters back to the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosstalk.safety.screening.normalize import normalize


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("f u c k you", "fuck you"),
        ("F.U.C.K off", "fuck off"),
        ("sh1t b1tch @ss $lut", "shit bitch ass slut"),
        ("уоu аrе ѕtuріd", "you are stupid"),  # Cyrillic lookalikes
        ("ｆｕｃｋ", "fuck"),  # full-width
        ("f\u200buck", "fuck"),  # zero-width space
        ("🅵🆄🅲🅺 🇰🇮🇱🇱", "fuck kill"),  # emoji letters
        ("Ⓕⓤⓒⓚ", "fuck"),
        ("f̶u̶c̶k̶", "fuck"),  # strike-through combining marks
        ("傻*逼", "傻逼"),
        ("傻 逼 你", "傻逼你"),
        ("你是個傻逼", "你是个傻逼"),  # Traditional → Simplified
        ("nmsl", "你妈死了"),
        ("你就是sb", "你就是傻逼"),
        ("cnm傻逼", "操你妈傻逼"),
    ],
)
def test_obfuscation_is_folded(raw: str, folded: str) -> None:
    assert normalize(raw).text == folded


def test_lone_surrogates_next_to_chinese_do_not_break_folding() -> None:
    assert normalize("傻\ud800逼").text == "傻逼"


def test_ordinary_numbers_mentions_and_english_sb_are_left_alone() -> None:
    text = "I got 4 cats and 2nd place, covid19 @mleew17 ask sb"
    assert normalize(text).text == text.lower()


def test_chinese_sentence_punctuation_is_not_removed_between_characters() -> None:
    # Removing "，" would join "想" and "死" into a self-harm phrase.
    assert "想死" not in normalize("我想，死了再说也不迟").text


def test_repeated_letters_are_squeezed_in_the_matching_view() -> None:
    nt = normalize("fuuuuck sooo good")
    assert nt.squeezed == "fuck so good"
    assert [nt.text[i] for i in nt.squeezed_offsets] == list(nt.squeezed)


def test_span_maps_evidence_back_to_the_authors_exact_words() -> None:
    nt = normalize("你就是個傻 逼")
    i = nt.text.index("傻逼")
    start, end = nt.span(i, i + 2)
    assert nt.original[start:end] == "傻 逼"


def test_pinyin_is_toneless_and_points_at_han_characters() -> None:
    nt = normalize("草泥马ok")
    assert nt.pinyin.startswith("cao ni ma ")
    assert all(nt.text[j] in "草泥马" for j in nt.pinyin_offsets[:9])


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=60)
    | st.text(st.characters(exclude_categories=()), max_size=30)  # lone surrogates too
    | st.text(st.characters(min_codepoint=0x3400, max_codepoint=0xFFFF), max_size=30)
)
def test_offsets_are_valid_and_monotone_for_any_unicode(text: str) -> None:
    nt = normalize(text)
    assert len(nt.offsets) == len(nt.text) == len(nt.ends)
    for a, b in zip(nt.offsets, nt.offsets[1:], strict=False):
        assert a <= b
    for start, end in zip(nt.offsets, nt.ends, strict=True):
        assert 0 <= start < end <= len(text)
    assert len(nt.pinyin_offsets) == len(nt.pinyin)
    assert all(0 <= j < len(nt.text) for j in nt.pinyin_offsets)


_obfuscated = st.text(
    alphabet=st.sampled_from([*"abcdefghijklmnopqrstuvwxyz 013457@$.*-傻逼你妈個們", "\u200b"]),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_obfuscated)
def test_folding_is_idempotent_on_obfuscation_alphabet(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=60)
    | st.text(st.characters(min_codepoint=0x3400, max_codepoint=0xFFFF), max_size=30)
    | st.text(alphabet=st.sampled_from([*"草泥马你好 ,!a", "𠀀", "\x00"]), max_size=30)
)
def test_fast_pinyin_and_squeezed_views_match_their_per_character_definitions(text: str) -> None:
    """`pinyin` and `squeezed` are built in C for speed; the offsets that evidence uses are
    built per character. Both must describe the same strings."""
    nt = normalize(text)
    assert nt.pinyin == "".join(piece for _, piece in nt._pinyin_pieces)
    assert nt.squeezed == "".join(nt.text[i] for i in nt.squeezed_offsets)
