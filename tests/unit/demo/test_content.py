"""The shipped demo community is consistent and bilingual, and bad content is refused clearly."""

from __future__ import annotations

import copy
from collections import Counter
from importlib import resources
from typing import Any

import pytest
import yaml

from crosstalk.demo.content import (
    DemoContentError,
    DemoData,
    infer_lang,
    load_demo,
    parse_demo,
)


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return load_demo()


@pytest.fixture()
def raw() -> dict[str, Any]:
    text = resources.files("crosstalk.demo").joinpath("content.yaml").read_text("utf-8")
    return copy.deepcopy(yaml.safe_load(text))


def test_shipped_demo_has_enough_people_and_notes(demo: DemoData) -> None:
    assert len(demo.users) >= 18
    assert 90 <= len(demo.notes) <= 110
    assert len({n.key for n in demo.notes}) == len(demo.notes)


def test_shipped_demo_is_about_half_chinese_with_some_traditional(demo: DemoData) -> None:
    assert 0.40 <= demo.zh_share() <= 0.60
    counts = demo.lang_counts()
    assert 3 <= counts.get("zh-Hant", 0) <= 6
    assert set(counts) == {"en", "zh-Hans", "zh-Hant"}


def test_demo_has_exactly_one_moderator_and_one_admin(demo: DemoData) -> None:
    roles = Counter(u.role for u in demo.users)
    assert roles["moderator"] == 1 and demo.user("mod_lin").role == "moderator"
    assert roles["admin"] == 1
    assert roles["user"] == len(demo.users) - 2


def test_every_note_has_a_title_and_most_have_topics(demo: DemoData) -> None:
    assert all(n.title and len(n.title) <= 60 for n in demo.notes)
    with_topics = sum(bool(n.topics) for n in demo.notes)
    assert with_topics >= 0.9 * len(demo.notes)


def test_every_user_posts_and_follows_three_to_eight_people(demo: DemoData) -> None:
    authors = {n.author for n in demo.notes}
    following = Counter(follower for follower, _ in demo.follows)
    for user in demo.users:
        assert user.username in authors, user.username
        assert 3 <= following[user.username] <= 8, user.username
    assert len(set(demo.follows)) == len(demo.follows)


def test_note_language_matches_its_author_and_its_alt_texts(demo: DemoData) -> None:
    for note in demo.notes:
        assert note.lang in demo.user(note.author).writes
        assert len(note.images) <= 4
        for image in note.images:
            assert infer_lang(image.alt, [note.lang]) == note.lang, (note.key, image.alt)


def test_conversations_cross_languages_and_mention_people(demo: DemoData) -> None:
    comments = [c for n in demo.notes for c in n.comments]
    replies = [r for c in comments for r in c.replies]
    crossing = [(n.key, c.body) for n in demo.notes for c in n.comments if c.lang[:2] != n.lang[:2]]
    assert len(crossing) >= 20
    assert sum("@" in n.body for n in demo.notes) >= 10
    assert len(replies) >= 40
    assert all(len(n.comments) <= 5 for n in demo.notes)


def test_replies_answer_someone_in_the_thread(demo: DemoData) -> None:
    for note in demo.notes:
        for comment in note.comments:
            thread = {note.author, comment.author} | {r.author for r in comment.replies}
            for reply in comment.replies:
                assert reply.reply_to in thread


def test_saves_merge_saved_by_and_boards_without_duplicates(demo: DemoData) -> None:
    saves = demo.saves()
    assert len(saves) == len(set(saves))
    assert ("sam_cooks", "tomato-egg") in saves  # only on a board
    assert ("maddie_tx", "cat-tax-return-gift") in saves  # only in saved_by
    assert any(c.private for c in demo.collections)


def test_infer_lang_tells_english_from_either_chinese_script() -> None:
    assert infer_lang("Cat tax paid!", ["en"]) == "en"
    assert infer_lang("猫税已交，请查收", ["zh-Hans"]) == "zh-Hans"
    assert infer_lang("鍾意行山", ["zh-Hant", "en"]) == "zh-Hant"
    assert infer_lang("Biscuit is 饼干 in Chinese, so cute", ["en", "zh-Hans"]) == "en"


def _problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(DemoContentError) as caught:
        parse_demo(raw)
    assert caught.value.code == "demo_content_invalid"
    assert caught.value.message_zh.startswith("示例内容无效")
    return caught.value.problems


def test_unknown_people_are_reported_everywhere(raw: dict[str, Any]) -> None:
    raw["notes"][0]["author"] = "nobody_here"
    raw["notes"][1]["likes_from"].append("ghost_liker")
    raw["notes"][2]["comments"][0]["replies"].append({"author": "ghost_replier", "body": "hi"})
    raw["follows"]["crosstalk_team"].append("ghost_followee")
    raw["notes"][3]["body"] += " thanks @ghost_mention"
    problems = " | ".join(_problems(raw))
    for ghost in ("nobody_here", "ghost_liker", "ghost_replier", "ghost_followee"):
        assert ghost in problems
    assert "ghost_mention" in problems


def test_note_count_and_language_balance_are_enforced(raw: dict[str, Any]) -> None:
    raw["notes"] = [n for n in raw["notes"] if n["lang"] == "en"]
    raw["collections"] = []
    problems = _problems(raw)
    assert any("notes, expected" in p for p in problems)
    assert any("are Chinese" in p for p in problems)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r["notes"][0].update(title="x" * 61), "title is longer"),
        (lambda r: r["notes"][0].update(body="hello #notlisted"), "inline #notlisted"),
        (lambda r: r["notes"][0].update(lang="zh-Hant"), "does not write"),
        (lambda r: r["notes"][0]["images"][0].update(theme="robot"), "unknown image theme"),
        (lambda r: r["follows"]["crosstalk_team"].append("crosstalk_team"), "follows themself"),
        (lambda r: r["notes"][1].update(id=r["notes"][0]["id"]), "used twice"),
        (lambda r: r["collections"][0]["notes"].append("no-such-note"), "unknown note"),
        (lambda r: r["users"][0].update(username="Bad Name"), "username must be"),
    ],
)
def test_inconsistent_content_is_rejected_with_a_clear_reason(
    raw: dict[str, Any], change: Any, expected: str
) -> None:
    change(raw)
    assert any(expected in p for p in _problems(raw))
