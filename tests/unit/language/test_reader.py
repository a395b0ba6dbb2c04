"""What a reader sees: which texts they are offered a translation of, who gets pinyin reading
aids, and the reader view of a note and its comments (with a model-free backend)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from crosstalk.community.models import Comment, Note, User
from crosstalk.language import service
from crosstalk.language.backends.fake import FakeReverseTranslator, ScriptedTranslator
from crosstalk.language.errors import LanguageError
from crosstalk.language.reader import (
    Reader,
    comment_translations,
    feed_titles,
    needs_translation,
    translations_for,
    wants_reading_aids,
)
from crosstalk.language.translator import TranslationResult


@pytest.mark.parametrize(
    ("reader", "lang", "offered"),
    [
        (["en"], "zh-Hans", True),
        (["en"], "zh-Hant", True),
        (["zh-Hans"], "zh-Hant", False),  # one Chinese script reads the other (OpenCC)
        (["zh-Hant"], "en", True),
        (["en"], "en", False),
        (["en"], "und", False),  # emoji only: nothing to translate
        (["en"], "", False),
        (["en"], "fr", True),
        (["en"], "mixed", True),  # "今天好累 so tired": half of it is Chinese
        (["zh-Hans"], "mixed", True),  # and half of it is English
        (["en", "zh-Hans"], "mixed", False),  # entirely in the reader's languages
        (["zh-Hant", "en"], "mixed", False),
    ],
)
def test_translate_is_offered_when_the_text_is_not_entirely_in_the_readers_languages(
    reader: list[str], lang: str, offered: bool
) -> None:
    assert needs_translation(reader, lang) is offered


@pytest.mark.parametrize(
    ("reader", "lang", "aids"),
    [
        (["en"], "zh-Hans", True),
        (["en", "zh-Hans"], "zh-Hans", True),  # a learner who reads both
        (["en"], "mixed", True),
        (["zh-Hans"], "zh-Hans", False),  # a Chinese-only reader does not need pinyin
        (["zh-Hans", "zh-Hant"], "zh-Hant", False),
        (["en"], "en", False),
    ],
)
def test_pinyin_reading_aids_go_to_readers_who_read_more_than_chinese(
    reader: list[str], lang: str, aids: bool
) -> None:
    assert wants_reading_aids(reader, lang) is aids


# --- the reader view: what one reader sees of a note and its comments -------------------------


def _note_with_comments(db: Session) -> tuple[Note, list[Comment]]:
    author = User(username="xiaolu", password_hash="x", langs_read=["zh-Hans"])
    note = Note(author=author, title="今天去吃火锅", body="成都的火锅真的太好吃了", lang="zh-Hans")
    db.add(note)
    db.flush()
    comments = [
        Comment(note_id=note.id, author=author, body="看起来太好吃了", lang="zh-Hans"),
        Comment(note_id=note.id, author=author, body="Looks amazing!", lang="en"),
    ]
    db.add_all(comments)
    db.commit()
    return note, comments


def _english_reader(*, auto: bool = False, allowed: bool = True) -> Reader:
    return Reader(("en",), "en", "en", auto, lambda: allowed)


def test_a_reader_reads_their_account_languages_else_the_interface_language() -> None:
    learner = User(username="l", langs_read=["en", "zh-Hans"], auto_translate=True)
    reader = Reader.of(learner, "zh_Hans")
    assert (reader.langs, reader.target, reader.auto_translate) == (("en", "zh-Hans"), "en", True)
    stranger = Reader.of(None, "zh_Hans")
    assert (stranger.langs, stranger.target, stranger.auto_translate) == (
        ("zh-Hans",),
        "zh-Hans",
        False,
    )


def test_the_view_offers_translate_for_foreign_text_and_aids_for_chinese(
    db: Session, fake: FakeReverseTranslator
) -> None:
    note, comments = _note_with_comments(db)
    view = translations_for(db, note, _english_reader(), comments=comments)
    assert view.foreign and view.translation is None and view.translation_error == ""
    assert view.foreign_comments == {comments[0].id}
    assert view.aids and view.comment_aids.keys() == {comments[0].id}
    assert view.comment_translations == {} and fake.requests == []  # nothing asked, no model


def _no_transaction_control(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """The route owns the transaction: the reader view neither commits nor rolls back."""

    def refuse() -> None:
        raise AssertionError("the reader view must leave commit and rollback to the route")

    monkeypatch.setattr(db, "commit", refuse)
    monkeypatch.setattr(db, "rollback", refuse)


def test_asking_translates_the_note_and_one_comment_leaving_the_commit_to_the_route(
    db: Session, fake: FakeReverseTranslator, monkeypatch: pytest.MonkeyPatch
) -> None:
    note, comments = _note_with_comments(db)
    _no_transaction_control(db, monkeypatch)
    view = translations_for(
        db,
        note,
        _english_reader(),
        comments=comments,
        translate=True,
        translate_comment=comments[0].id,
    )
    assert view.translation is not None and view.translation.model == "fake-reverse"
    assert view.translation.title and view.translation.body
    shown = view.comment_translations[comments[0].id]
    assert shown.text and shown.model == "fake-reverse" and not shown.error


def test_auto_translate_shows_cached_translations_only_and_the_original_on_request(
    db: Session, fake: FakeReverseTranslator
) -> None:
    note, comments = _note_with_comments(db)
    reader = _english_reader(auto=True)
    assert translations_for(db, note, reader, comments=comments).translation is None
    assert fake.requests == []  # auto-translate never waits for the model
    service.translate_many(db, [note.title, note.body, comments[0].body], "en")
    db.commit()
    view = translations_for(db, note, reader, comments=comments)
    assert view.auto_translate and view.translation is not None
    assert view.translation.cached and comments[0].id in view.comment_translations
    original = translations_for(db, note, reader, comments=comments, translate=False)
    assert not original.auto_translate and original.translation is None
    assert original.comment_translations == {}


def test_a_reader_over_their_allowance_gets_the_reason_not_the_model(
    db: Session, fake: FakeReverseTranslator
) -> None:
    note, comments = _note_with_comments(db)
    view = translations_for(
        db,
        note,
        _english_reader(allowed=False),
        comments=comments,
        translate=True,
        translate_comment=comments[0].id,
    )
    assert view.translation is None and "Too many translation requests" in view.translation_error
    assert "Too many" in view.comment_translations[comments[0].id].error
    assert fake.requests == []


def test_one_comment_that_cannot_be_translated_does_not_cost_the_others(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    note, comments = _note_with_comments(db)
    question = Comment(
        note_id=note.id, author=note.author, body="澳大利亚的首都是哪里？", lang="zh-Hans"
    )
    db.add(question)
    db.commit()
    _no_transaction_control(db, monkeypatch)
    # A question answered instead of translated is refused; the other comment still comes.
    service.set_translator(
        ScriptedTranslator(
            lambda r: "The capital is Canberra." if "首都" in r.text else "That looks delicious!"
        )
    )
    try:
        out = comment_translations(db, [question, comments[0]], "en")
    finally:
        service.set_translator(None)
    assert [c.id for c, _ in out] == [question.id, comments[0].id]
    assert isinstance(out[0][1], LanguageError)
    assert isinstance(out[1][1], TranslationResult) and out[1][1].text == "That looks delicious!"


def test_feed_titles_come_from_the_cache_and_the_rest_is_one_background_job(
    db: Session, fake: FakeReverseTranslator
) -> None:
    note, _ = _note_with_comments(db)
    titles, job = feed_titles(db, [note], _english_reader())
    assert titles == {} and job is not None
    assert job.payload == {"note_ids": [note.id], "target": "en"}
    service.translate_text(db, note.title, "en")
    titles, job = feed_titles(db, [note], _english_reader())
    assert titles[note.id].model == "fake-reverse" and job is None
    assert feed_titles(db, [note], Reader(("zh-Hans",), "zh-Hans")) == ({}, None)
