"""The bilingual demo community (`crosstalk seed --demo`): typed, validated, no database access.

The content lives in `content.yaml` next to this module; `load_demo()` reads it from the
installed package, checks every reference and returns frozen dataclasses the seeder turns
into rows. Notes are listed oldest first, so list order is posting order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from crosstalk.community.errors import ValidationFailed
from crosstalk.demo.images import PALETTES, THEMES

LANGS = ("en", "zh-Hans", "zh-Hant")
UI_LOCALES = ("en", "zh_Hans")
ROLES = ("user", "moderator", "senior_moderator", "admin")
MIN_NOTES, MAX_NOTES = 90, 110
MIN_ZH_SHARE, MAX_ZH_SHARE = 0.40, 0.60
MAX_TITLE = 60
MAX_IMAGES = 9
MAX_TOPIC = 40

_USERNAME = re.compile(r"^[a-z0-9_]{3,30}$")
_NOTE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,60}$")
# Topics are single tokens of letters, digits, underscores or CJK; the same rule finds them inline.
_TOPIC = re.compile(r"^[\w\u3400-\u9fff]+$")
_INLINE_TOPIC = re.compile(r"(?<![\w&])#([\w\u3400-\u9fff]+)")
_MENTION = re.compile(r"(?<![\w@])@([a-z0-9_]{3,30})")
# Looks a username up, records a problem when it is unknown, and returns it unchanged.
_Known = Callable[[object, str], str]

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


class DemoContentError(ValidationFailed):
    """The demo content file is inconsistent; lists every problem found, not just the first."""

    code = "demo_content_invalid"

    def __init__(self, problems: list[str]) -> None:
        shown = "; ".join(problems[:20]) + (" …" if len(problems) > 20 else "")
        super().__init__(
            f"Demo content is invalid ({len(problems)} problems): {shown}",
            f"示例内容无效（共 {len(problems)} 处问题）：{shown}",
        )
        self.problems = problems


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    display_name: str
    bio: str
    writes: tuple[str, ...]
    reads: tuple[str, ...]
    ui_locale: str
    role: str


@dataclass(frozen=True, slots=True)
class DemoImage:
    """A picture to draw with `render_demo_image`: theme (subject), palette, and alt text."""

    theme: str
    palette: str
    alt: str


@dataclass(frozen=True, slots=True)
class DemoReply:
    """A second-level comment; `reply_to` is whom it answers (the parent's author by default)."""

    author: str
    body: str
    lang: str
    reply_to: str


@dataclass(frozen=True, slots=True)
class DemoComment:
    author: str
    body: str
    lang: str
    replies: tuple[DemoReply, ...]


@dataclass(frozen=True, slots=True)
class DemoNote:
    key: str
    author: str
    lang: str
    title: str
    body: str
    topics: tuple[str, ...]
    images: tuple[DemoImage, ...]
    comments: tuple[DemoComment, ...]
    likes_from: tuple[str, ...]
    saved_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoCollection:
    """A named board; `notes` are note keys in the order they were saved."""

    owner: str
    name: str
    private: bool
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoData:
    users: tuple[DemoUser, ...]
    notes: tuple[DemoNote, ...]
    follows: tuple[tuple[str, str], ...]
    collections: tuple[DemoCollection, ...]

    def user(self, username: str) -> DemoUser:
        for user in self.users:
            if user.username == username:
                return user
        raise KeyError(username)

    def note(self, key: str) -> DemoNote:
        for note in self.notes:
            if note.key == key:
                return note
        raise KeyError(key)

    def lang_counts(self) -> dict[str, int]:
        """Notes per language tag, e.g. {"en": 50, "zh-Hans": 46, "zh-Hant": 4}."""
        return dict(Counter(note.lang for note in self.notes))

    def saves(self) -> list[tuple[str, str]]:
        """Every (username, note key) save: `saved_by` plus named-board items, deduplicated."""
        seen: dict[tuple[str, str], None] = {}
        for note in self.notes:
            for username in note.saved_by:
                seen[(username, note.key)] = None
        for board in self.collections:
            for key in board.notes:
                seen[(board.owner, key)] = None
        return list(seen)

    def zh_share(self) -> float:
        """Share of notes written in Chinese (either script)."""
        if not self.notes:
            return 0.0
        return sum(note.lang.startswith("zh") for note in self.notes) / len(self.notes)


def infer_lang(text: str, writes: Iterable[str]) -> str:
    """Tag a short text as "en" or the writer's Chinese script, by which letters dominate.

    One Han character carries about a word, so it is weighed against about three Latin letters.
    """
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    if han and han * 3 >= latin:
        return next((lang for lang in writes if lang.startswith("zh")), "zh-Hans")
    return "en"


def load_demo(path: Path | None = None) -> DemoData:
    """Read and validate the demo content shipped with the package (or the file at `path`)."""
    if path is None:
        text = (
            resources.files("crosstalk.demo").joinpath("content.yaml").read_text(encoding="utf-8")
        )
    else:
        text = path.read_text(encoding="utf-8")
    # The C loader, where PyYAML was built with it, parses the file about ten times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader either way
    if not isinstance(raw, Mapping):
        raise DemoContentError(["the file is not a mapping of users, follows, notes, collections"])
    return parse_demo(raw)


def parse_demo(raw: Mapping[str, Any]) -> DemoData:
    """Build `DemoData` from the parsed YAML mapping; raise `DemoContentError` listing problems."""
    problems: list[str] = []
    users = tuple(_parse_user(u, problems) for u in _items(raw, "users", problems))
    names = Counter(u.username for u in users)
    problems += [f"user {name!r} is defined twice" for name, n in names.items() if n > 1]
    writes = {u.username: u.writes for u in users}

    def known(username: object, where: str) -> str:
        name = str(username)
        if name not in writes:
            problems.append(f"{where}: unknown user {name!r}")
        return name

    follows = _parse_follows(raw.get("follows"), known, problems)
    notes = tuple(
        _parse_note(n, i, known, writes, problems)
        for i, n in enumerate(_items(raw, "notes", problems))
    )
    keys = Counter(n.key for n in notes)
    problems += [f"note key {key!r} is used twice" for key, n in keys.items() if n > 1]
    collections = tuple(
        _parse_collection(c, known, set(keys), problems)
        for c in _items(raw, "collections", problems)
    )
    boards = Counter((c.owner, c.name) for c in collections)
    problems += [f"collection {b!r} is defined twice" for b, n in boards.items() if n > 1]
    data = DemoData(users=users, notes=notes, follows=follows, collections=collections)
    if not MIN_NOTES <= len(notes) <= MAX_NOTES:
        problems.append(f"there are {len(notes)} notes, expected {MIN_NOTES}–{MAX_NOTES}")
    share = data.zh_share()
    if notes and not MIN_ZH_SHARE <= share <= MAX_ZH_SHARE:
        problems.append(
            f"{share:.0%} of notes are Chinese, expected {MIN_ZH_SHARE:.0%}–{MAX_ZH_SHARE:.0%}"
        )
    if problems:
        raise DemoContentError(problems)
    return data


def _items(raw: Mapping[str, Any], key: str, problems: list[str]) -> list[Mapping[str, Any]]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        problems.append(f"{key!r} must be a list of mappings")
        return []
    return value


def _text(item: Mapping[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key!r} must be non-empty text")
        return ""
    return value.strip()


def _str_list(value: object, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: expected a list of strings")
        return ()
    if len(set(value)) != len(value):
        problems.append(f"{where}: has duplicates")
    return tuple(value)


def _parse_user(item: Mapping[str, Any], problems: list[str]) -> DemoUser:
    username = str(item.get("username", ""))
    where = f"user {username!r}"
    if not _USERNAME.match(username):
        problems.append(f"{where}: username must be 3–30 of a-z, 0-9, _")
    display_name = _text(item, "display_name", where, problems)
    if len(display_name) > 60:
        problems.append(f"{where}: display_name is longer than 60 characters")
    user_writes = _str_list(item.get("writes"), f"{where} writes", problems)
    reads = _str_list(item.get("reads"), f"{where} reads", problems)
    for lang in (*user_writes, *reads):
        if lang not in LANGS:
            problems.append(f"{where}: unknown language {lang!r}")
    if not user_writes or not reads:
        problems.append(f"{where}: writes and reads must each name a language")
    ui_locale = str(item.get("ui_locale", ""))
    if ui_locale not in UI_LOCALES:
        problems.append(f"{where}: ui_locale must be one of {UI_LOCALES}")
    role = str(item.get("role", "user"))
    if role not in ROLES:
        problems.append(f"{where}: role must be one of {ROLES}")
    return DemoUser(
        username=username,
        display_name=display_name,
        bio=_text(item, "bio", where, problems),
        writes=user_writes,
        reads=reads,
        ui_locale=ui_locale,
        role=role,
    )


def _parse_follows(
    value: object, known: _Known, problems: list[str]
) -> tuple[tuple[str, str], ...]:
    """Follows are written as {follower: [followee, ...]} and returned as (follower, followee)."""
    if not isinstance(value, Mapping):
        problems.append("'follows' must map each follower to a list of followees")
        return ()
    pairs: list[tuple[str, str]] = []
    for follower, followees in value.items():
        known(follower, "follows")
        for followee in _str_list(followees, f"follows of {follower!r}", problems):
            known(followee, f"follows of {follower!r}")
            if followee == follower:
                problems.append(f"follows: {follower!r} follows themself")
            pairs.append((str(follower), followee))
    return tuple(pairs)


def _check_mentions(text: str, known: _Known, where: str) -> None:
    for name in _MENTION.findall(text):
        known(name, f"{where} mention")


def _parse_note(
    item: Mapping[str, Any],
    index: int,
    known: _Known,
    writes: Mapping[str, tuple[str, ...]],
    problems: list[str],
) -> DemoNote:
    key = str(item.get("id", ""))
    where = f"note #{index + 1} {key!r}"
    if not _NOTE_KEY.match(key):
        problems.append(f"{where}: id must be a lowercase slug")
    author = known(item.get("author"), where)
    title = _text(item, "title", where, problems)
    body = _text(item, "body", where, problems)
    if len(title) > MAX_TITLE:
        problems.append(f"{where}: title is longer than {MAX_TITLE} characters")
    lang = str(item.get("lang", ""))
    if lang not in LANGS:
        problems.append(f"{where}: lang must be one of {LANGS}")
    elif author in writes and lang not in writes[author]:
        problems.append(f"{where}: {author!r} does not write {lang!r}")
    elif infer_lang(f"{title} {body}", [lang]) != lang:
        problems.append(f"{where}: text does not look like {lang!r}")
    _check_mentions(body, known, where)

    topics = _str_list(item.get("topics"), f"{where} topics", problems)
    for topic in topics:
        if not _TOPIC.match(topic) or len(topic) > MAX_TOPIC:
            problems.append(f"{where}: topic {topic!r} must be one word of ≤ {MAX_TOPIC} chars")
    for inline in _INLINE_TOPIC.findall(f"{title} {body}"):
        if inline not in topics:
            problems.append(f"{where}: inline #{inline} is missing from topics")

    images = tuple(_parse_image(i, where, problems) for i in _items(item, "images", problems))
    if len(images) > MAX_IMAGES:
        problems.append(f"{where}: more than {MAX_IMAGES} images")
    comments = tuple(
        _parse_comment(c, f"{where} comment {n + 1}", known, writes, problems)
        for n, c in enumerate(_items(item, "comments", problems))
    )
    likes = _str_list(item.get("likes_from"), f"{where} likes_from", problems)
    saved = _str_list(item.get("saved_by"), f"{where} saved_by", problems)
    for name in (*likes, *saved):
        known(name, f"{where} likes/saves")
    if author in likes:
        problems.append(f"{where}: the author likes their own note")
    return DemoNote(
        key=key,
        author=author,
        lang=lang,
        title=title,
        body=body,
        topics=topics,
        images=images,
        comments=comments,
        likes_from=likes,
        saved_by=saved,
    )


def _parse_image(item: Mapping[str, Any], where: str, problems: list[str]) -> DemoImage:
    theme, palette = str(item.get("theme", "")), str(item.get("palette", ""))
    if theme not in THEMES:
        problems.append(f"{where}: unknown image theme {theme!r}")
    if palette not in PALETTES:
        problems.append(f"{where}: unknown image palette {palette!r}")
    alt = _text(item, "alt", f"{where} image", problems)
    if len(alt) > 300:
        problems.append(f"{where}: image alt text is longer than 300 characters")
    return DemoImage(theme=theme, palette=palette, alt=alt)


def _parse_comment(
    item: Mapping[str, Any],
    where: str,
    known: _Known,
    writes: Mapping[str, tuple[str, ...]],
    problems: list[str],
) -> DemoComment:
    author = known(item.get("author"), where)
    body = _text(item, "body", where, problems)
    _check_mentions(body, known, where)
    replies = []
    for n, reply in enumerate(_items(item, "replies", problems)):
        rwhere = f"{where} reply {n + 1}"
        rauthor = known(reply.get("author"), rwhere)
        rbody = _text(reply, "body", rwhere, problems)
        _check_mentions(rbody, known, rwhere)
        reply_to = known(reply.get("reply_to", author), rwhere)
        lang = infer_lang(rbody, writes.get(rauthor, ()))
        replies.append(DemoReply(author=rauthor, body=rbody, lang=lang, reply_to=reply_to))
    return DemoComment(
        author=author,
        body=body,
        lang=infer_lang(body, writes.get(author, ())),
        replies=tuple(replies),
    )


def _parse_collection(
    item: Mapping[str, Any], known: _Known, keys: set[str], problems: list[str]
) -> DemoCollection:
    owner = known(item.get("owner"), "collection")
    name = _text(item, "name", f"collection of {owner!r}", problems)
    where = f"collection {name!r} of {owner!r}"
    if len(name) > 60:
        problems.append(f"{where}: name is longer than 60 characters")
    notes = _str_list(item.get("notes"), where, problems)
    problems += [f"{where}: unknown note {key!r}" for key in notes if key not in keys]
    return DemoCollection(
        owner=owner, name=name, private=bool(item.get("private", False)), notes=notes
    )
