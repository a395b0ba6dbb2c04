"""Glossary: seeded terms, edits that bump the version, forced wording in translations."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from crosstalk.language import glossary, service
from crosstalk.language.backends.fake import FakeReverseTranslator
from crosstalk.language.errors import InvalidTerm, TermConflict, TermNotFound


def test_a_fresh_database_gets_the_seed_terms(db: Session) -> None:
    terms = glossary.list_terms(db)
    pairs = {(t.source_lang, t.term, t.translation) for t in terms}
    assert ("zh", "小红书", "RedNote") in pairs
    assert ("en", "TikTok refugee", "TikTok难民") in pairs
    assert ("en", "cat tax", "猫税") in pairs
    assert ("zh", "家人们", "fam") in pairs
    assert ("en", "TikTok", None) in pairs  # do-not-translate
    assert len(terms) >= 40
    assert glossary.current_version(db) == 1


def test_every_edit_bumps_the_glossary_version(db: Session) -> None:
    glossary.ensure_seeded(db)
    v0 = glossary.current_version(db)
    entry = glossary.add_term(db, "en", "bestie", "闺蜜", note_en="close friend")
    assert glossary.current_version(db) == v0 + 1
    glossary.update_term(db, entry.id, translation="好朋友")
    assert glossary.current_version(db) == v0 + 2
    glossary.delete_term(db, entry.id)
    assert glossary.current_version(db) == v0 + 3
    assert all(t.term != "bestie" for t in glossary.list_terms(db))


def test_duplicate_unknown_and_empty_terms_are_refused(db: Session) -> None:
    with pytest.raises(TermConflict):
        glossary.add_term(db, "zh", "小红书", "Xiaohongshu")
    with pytest.raises(TermNotFound):
        glossary.delete_term(db, 999_999)
    with pytest.raises(InvalidTerm):
        glossary.add_term(db, "fr", "bonjour", "你好")
    with pytest.raises(InvalidTerm) as exc:
        glossary.add_term(db, "en", "  ", "空")
    assert exc.value.message_zh


def test_import_adds_and_updates_terms_from_yaml(db: Session, tmp_path: Path) -> None:
    glossary.ensure_seeded(db)
    path = tmp_path / "terms.yaml"
    path.write_text(
        "terms:\n  - en: bubble tea\n    zh: 奶茶\n    note_en: drink\n    note_zh: 饮品\n",
        encoding="utf-8",
    )
    before = glossary.current_version(db)
    assert glossary.import_terms(db, path) == 2
    assert glossary.current_version(db) == before + 1
    assert any(t.term == "奶茶" and t.translation == "bubble tea" for t in glossary.list_terms(db))
    assert glossary.import_terms(db, path, replace=True) > 0  # the seed terms go
    assert {t.term for t in glossary.list_terms(db)} == {"bubble tea", "奶茶"}


def test_english_terms_match_whole_words_any_case_and_plurals(db: Session) -> None:
    found = glossary.find_matches(db, "Two TikTok Refugees paid the CAT TAX", "en")
    assert [r for _, _, r in found.forced] == ["TikTok难民", "猫税"]
    assert glossary.find_matches(db, "fame and famous", "en").forced == []


def test_forced_translation_appears_in_the_output(db: Session, fake: FakeReverseTranslator) -> None:
    result = service.translate_text(db, "家人们，我今天在小红书上发了笔记", "en")
    assert "fam" in result.text and "RedNote" in result.text
    # The model never saw the terms: they travelled as placeholders.
    assert "小红书" not in fake.requests[0].text


def test_a_glossary_edit_changes_the_next_translation(
    db: Session, fake: FakeReverseTranslator
) -> None:
    first = service.translate_text(db, "I love bubble tea so much", "zh")
    glossary.add_term(db, "en", "bubble tea", "珍珠奶茶")
    second = service.translate_text(db, "I love bubble tea so much", "zh")
    assert not second.cached
    assert "珍珠奶茶" in second.text and "珍珠奶茶" not in first.text


def test_search_finds_terms_by_wording_translation_or_note_in_any_case(db: Session) -> None:
    glossary.add_term(db, "en", "Boba Run", "奶茶之旅", note_en="A trip out for bubble tea")
    glossary.add_term(db, "zh", "下午茶", "afternoon tea", note_zh="下午的点心时间")
    assert [t.term for t in glossary.search_terms(db, "boba").terms] == ["Boba Run"]
    assert [t.term for t in glossary.search_terms(db, "奶茶之旅").terms] == ["Boba Run"]
    assert [t.term for t in glossary.search_terms(db, "BUBBLE").terms] == ["Boba Run"]
    assert [t.term for t in glossary.search_terms(db, "点心").terms] == ["下午茶"]
    assert glossary.search_terms(db, "tea", source_lang="zh").terms[0].term == "下午茶"


def test_search_filters_kinds_pages_and_treats_wildcards_as_text(db: Session) -> None:
    glossary.add_term(db, "en", "100%_real", "百分百真实")
    everything = glossary.search_terms(db, limit=1000)
    assert everything.total == len(glossary.list_terms(db))
    assert [t.term for t in glossary.search_terms(db, "%_").terms] == ["100%_real"]
    assert glossary.search_terms(db, "%").total == 1  # not "every term"
    keep = glossary.search_terms(db, kind="keep", limit=1000)
    assert keep.total and all(t.keep for t in keep.terms)
    forced = glossary.search_terms(db, kind="forced", limit=1000)
    assert forced.total + keep.total == everything.total
    first, second = (glossary.search_terms(db, limit=5, offset=o).terms for o in (0, 5))
    assert len(first) == 5 and not {t.id for t in first} & {t.id for t in second}


def test_notes_longer_than_the_limit_are_refused(db: Session) -> None:
    with pytest.raises(InvalidTerm):
        glossary.add_term(db, "en", "long note", "长说明", note_en="x" * 501)
    entry = glossary.add_term(db, "en", "short note", "短说明")
    with pytest.raises(InvalidTerm):
        glossary.update_term(db, entry.id, note_zh="字" * 501)
