"""What a reader sees of notes and comments: the original, a labelled machine translation, reading
aids and their auto-translate preference. Pages and API routes only render what this computes.

Nothing here commits: new cache rows stay in the caller's session and the route commits them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from crosstalk.community.models import Comment, Note, User
from crosstalk.language import service
from crosstalk.language.errors import LanguageError, TranslationRateLimited
from crosstalk.language.jobs import translate_titles_job
from crosstalk.language.reading_aids import Token, annotate
from crosstalk.language.translator import TranslationResult
from crosstalk.pipeline.jobs import Job

# The languages a reader can ask translations in.
TARGETS = ("en", "zh-Hans", "zh-Hant")


def _family(code: str) -> str:
    """ "zh" for every Chinese script (a converter bridges them), else the base language."""
    return "zh" if code.startswith("zh") else code.split("-")[0]


def needs_translation(reader_langs: Sequence[str], lang: str) -> bool:
    """True when `lang` is not (entirely) in the reader's languages.

    Code-switched text ("mixed": Chinese with English phrases) needs a reader of both
    languages; someone who reads only one of them gets the Translate link too.
    """
    if not lang or lang == "und":
        return False
    read = {_family(r) for r in reader_langs}
    if lang == "mixed":
        return not {"en", "zh"} <= read
    return _family(lang) not in read


def has_chinese(lang: str) -> bool:
    return lang.startswith("zh") or lang == "mixed"


def wants_reading_aids(reader_langs: Sequence[str], lang: str) -> bool:
    """Pinyin and glosses for Chinese (or code-switched) text, for readers who also read
    something other than Chinese: learners. A reader of Chinese only does not need them."""
    if not has_chinese(lang):
        return False
    return not reader_langs or any(_family(r) != "zh" for r in reader_langs)


def _always() -> bool:
    return True


@dataclass(frozen=True)
class Reader:
    """Who reads: the languages they read, the one they want translations in, their interface
    locale (for messages) and whether they translate automatically."""

    langs: tuple[str, ...]
    target: str
    locale: str = "en"
    auto_translate: bool = False
    # Asked each time the model would run for this reader; False: their per-minute allowance
    # is used up. The edge that knows who they are (an account or an address) answers it.
    may_translate: Callable[[], bool] = _always

    @classmethod
    def of(
        cls, user: User | None, locale: str, may_translate: Callable[[], bool] = _always
    ) -> Reader:
        """A reader's languages from their account, else the interface language."""
        interface = "zh-Hans" if locale.startswith("zh") else "en"
        langs = tuple(user.langs_read) if user is not None and user.langs_read else (interface,)
        target = langs[0] if langs[0] in TARGETS else "en"
        auto = bool(user is not None and user.auto_translate)
        return cls(langs, target, locale, auto, may_translate)


@dataclass(frozen=True)
class NoteTranslation:
    """A note's title and body in the reader's language, with the model that translated them."""

    title: str
    body: str
    source_lang: str
    target_lang: str
    model: str
    cached: bool


@dataclass(frozen=True)
class CommentTranslation:
    """What is shown beside a comment: its translation, or why there is none (`error`)."""

    text: str = ""
    model: str = ""
    error: str = ""


@dataclass(frozen=True)
class ReaderView:
    """Everything the note page shows about language, for one reader."""

    target: str
    # The reader's auto-translate preference, off while they asked for the original.
    auto_translate: bool
    # The note is not (entirely) in the reader's languages: offer Translate.
    foreign: bool
    translation: NoteTranslation | None
    translation_error: str
    aids: list[Token]
    foreign_comments: frozenset[int]
    comment_translations: dict[int, CommentTranslation]
    comment_aids: dict[int, list[Token]]


def _note_texts(note: Note) -> list[str]:
    return [note.title, note.body] if note.body.strip() else [note.title]


def note_translation(session: Session, note: Note, target: str) -> NoteTranslation:
    """Run (or reuse) the translation of a note; raises `LanguageError` when it cannot."""
    results = service.translate_many(session, _note_texts(note), target)
    title = results[0]
    return NoteTranslation(
        title=title.text,
        body=results[1].text if len(results) > 1 else "",
        source_lang=title.source_lang,
        target_lang=title.target_lang,
        model=title.model,
        cached=all(r.cached for r in results),
    )


def comment_translations(
    session: Session, comments: Sequence[Comment], target: str
) -> list[tuple[Comment, TranslationResult | LanguageError]]:
    """Several comments in one backend batch, in order; a comment that cannot be translated
    faithfully gets its error and costs the others nothing."""
    try:
        results = service.translate_many(session, [c.body for c in comments], target)
        return list(zip(comments, results, strict=True))
    except LanguageError:
        pass  # the ones that worked are cached in this session: the retries below reuse them
    out: list[tuple[Comment, TranslationResult | LanguageError]] = []
    for comment in comments:
        try:
            out.append((comment, service.translate_text(session, comment.body, target)))
        except LanguageError as exc:
            out.append((comment, exc))
    return out


def _cached(session: Session, texts: list[str], target: str) -> list[TranslationResult | None]:
    """Cached translations only (never the model), for auto-translate without JavaScript."""
    if not texts:
        return []
    try:
        return list(service.cached_translations(session, texts, target))
    except LanguageError:
        # One text in a language crosstalk does not translate (or no backend at all): look
        # the others up one by one; whatever fails keeps its Translate button.
        found: list[TranslationResult | None] = []
        for text in texts:
            try:
                found.append(service.cached_translations(session, [text], target)[0])
            except LanguageError:
                found.append(None)
        return found


def _cached_note(session: Session, note: Note, target: str) -> NoteTranslation | None:
    found = _cached(session, _note_texts(note), target)
    if not found or any(r is None for r in found):
        return None
    title, *rest = found
    assert title is not None
    body = rest[0].text if rest and rest[0] is not None else ""
    return NoteTranslation(
        title.text, body, title.source_lang, title.target_lang, title.model, cached=True
    )


def _asked_note(session: Session, note: Note, reader: Reader) -> tuple[NoteTranslation | None, str]:
    """The translation a reader without JavaScript asked for (?translate=1), or the reason."""
    if not reader.may_translate():
        return None, TranslationRateLimited().message(reader.locale)
    try:
        return note_translation(session, note, reader.target), ""
    except LanguageError as exc:
        return None, exc.message(reader.locale)


def _comments_shown(
    session: Session,
    foreign: list[Comment],
    reader: Reader,
    *,
    auto: bool,
    asked: int | None,
) -> dict[int, CommentTranslation]:
    """Cached translations for auto-translate readers, and the one a reader without
    JavaScript asked for (?translate_comment=ID)."""
    out: dict[int, CommentTranslation] = {}
    if auto:
        found = _cached(session, [c.body for c in foreign], reader.target)
        for c, r in zip(foreign, found, strict=True):
            if r is not None:
                out[c.id] = CommentTranslation(r.text, r.model)
    wanted = next((c for c in foreign if c.id == asked), None)
    if wanted is None or wanted.id in out:
        return out
    if not reader.may_translate():
        out[wanted.id] = CommentTranslation(error=TranslationRateLimited().message(reader.locale))
        return out
    try:
        result = service.translate_text(session, wanted.body, reader.target)
        out[wanted.id] = CommentTranslation(result.text, result.model)
    except LanguageError as exc:
        out[wanted.id] = CommentTranslation(error=exc.message(reader.locale))
    return out


def translations_for(
    session: Session,
    note: Note,
    reader: Reader,
    *,
    comments: Sequence[Comment] = (),
    translate: bool | None = None,
    translate_comment: int | None = None,
) -> ReaderView:
    """What `reader` sees of `note` and of the `comments` shown with it.

    `translate` is the reader's request: True for the translation (runs the model within their
    allowance), False for the original even if they translate automatically, None for their
    preference (auto-translate shows cached translations only, never waiting for the model).
    """
    foreign = needs_translation(reader.langs, note.lang)
    auto = reader.auto_translate and translate is not False
    translation: NoteTranslation | None = None
    error = ""
    if foreign and translate:
        translation, error = _asked_note(session, note, reader)
    elif foreign and auto:
        translation = _cached_note(session, note, reader.target)
    foreign_comments = [c for c in comments if needs_translation(reader.langs, c.lang)]
    return ReaderView(
        target=reader.target,
        auto_translate=auto,
        foreign=foreign,
        translation=translation,
        translation_error=error,
        # The note's own aids go to every reader of Chinese text; comments' only to learners.
        aids=annotate(f"{note.title}\n{note.body}") if has_chinese(note.lang) else [],
        foreign_comments=frozenset(c.id for c in foreign_comments),
        comment_translations=_comments_shown(
            session, foreign_comments, reader, auto=auto, asked=translate_comment
        ),
        comment_aids={
            c.id: annotate(c.body) for c in comments if wants_reading_aids(reader.langs, c.lang)
        },
    )


def feed_titles(
    session: Session, notes: Sequence[Note], reader: Reader
) -> tuple[dict[int, TranslationResult], Job | None]:
    """Feed titles in the reader's language where a translation is cached, and the job that
    translates the rest in the background (submit it after committing; the feed shows the
    originals meanwhile)."""
    foreign = [n for n in notes if needs_translation(reader.langs, n.lang)]
    if not foreign:
        return {}, None
    try:
        found = service.cached_translations(session, [n.title for n in foreign], reader.target)
    except LanguageError:
        return {}, None  # no translation backend configured: originals it is
    titles = {n.id: r for n, r in zip(foreign, found, strict=True) if r is not None}
    missing = sorted(n.id for n, r in zip(foreign, found, strict=True) if r is None)
    return titles, translate_titles_job(missing, reader.target) if missing else None
