"""The review queue through its services: holds and reports enter it, moderators claim and
decide with a clause, authors and reporters hear the outcome, clusters are decided at once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.errors import Conflict, PermissionDenied, ValidationFailed
from crosstalk.community.models import Notification, Role, User
from crosstalk.community.notes import NoteInput, create_note
from crosstalk.community.reports import file_report
from crosstalk.community.social import follow
from crosstalk.db.base import utcnow
from crosstalk.db.session import session_factory
from crosstalk.safety.moderation import decide, queue, reports
from crosstalk.safety.moderation.models import ReviewItem
from crosstalk.safety.transparency.models import Decision
from tests.integration.safety.review_support import held_note, hold_threats, make_user

__all__ = ["hold_threats"]

pytestmark = pytest.mark.usefixtures("hold_threats")
_user = make_user
_held_note = held_note


def test_held_note_enters_the_queue_once_with_its_decision(db: Session) -> None:
    author = _user(db, "author1")
    note = _held_note(db, author)
    items = list(db.scalars(select(ReviewItem).where(ReviewItem.item_id == note.id)))
    assert len(items) == 1
    item = items[0]
    assert (item.source, item.item_type, item.decision_id) == ("hold", "note", note.decision_id)
    assert item.category and item.clause_id
    # The author was told why, in both languages.
    told = db.scalars(select(Notification).where(Notification.user_id == author.id)).all()
    assert any(n.kind == "moderation" and "summary_zh_Hans" in n.data for n in told)


def test_several_reports_about_one_note_make_one_item_with_a_count(db: Session) -> None:
    author = _user(db, "author2")
    note = create_note(db, author, NoteInput(title="Weekend hike", body="Lovely views"))
    db.flush()
    assert note.state == "visible"
    for i in range(3):
        reporter = _user(db, f"reporter{i}")
        report = file_report(db, reporter, "note", note.id, "spam")
        reports.enqueue_report(db, report)
    items = list(db.scalars(select(ReviewItem).where(ReviewItem.item_id == note.id)))
    assert len(items) == 1 and items[0].reports == 3 and items[0].source == "notice"


def test_threats_outrank_spam_and_moderators_see_their_languages_first(db: Session) -> None:
    a = _user(db, "author3")
    spam = queue.enqueue(db, source="notice", item_type="profile", item_id=a.id, category="spam")
    threat = queue.enqueue(
        db, source="notice", item_type="profile", item_id=a.id + 1000, category="violence"
    )
    zh_item = queue.enqueue(
        db, source="notice", item_type="note", item_id=99999, category="spam", lang="zh-Hans"
    )
    en_mod = _user(db, "mod_en", Role.MODERATOR, ["en"])
    zh_mod = _user(db, "mod_zh", Role.MODERATOR, ["zh-Hans"])
    assert queue.priority(threat) > queue.priority(spam)
    zh_view = [i.id for i in queue.list_queue(db, zh_mod)]
    assert zh_view[0] == zh_item.id and set(zh_view) == {spam.id, threat.id, zh_item.id}
    assert queue.list_queue(db, en_mod)[-1].id == zh_item.id
    only_zh = queue.list_queue(db, en_mod, queue.QueueFilter(lang="zh"))
    assert [i.id for i in only_zh] == [zh_item.id]
    assert [i.id for i in queue.list_queue(db, en_mod, queue.QueueFilter(category="violence"))] == [
        threat.id
    ]


def test_a_claim_locks_the_item_until_it_expires(db: Session) -> None:
    author = _user(db, "author4")
    item = queue.enqueue(db, source="notice", item_type="profile", item_id=author.id)
    m1 = _user(db, "mod1", Role.MODERATOR)
    m2 = _user(db, "mod2", Role.MODERATOR)
    assert queue.claim(db, item.id, m1)
    assert not queue.claim(db, item.id, m2)
    later = utcnow() + queue.LOCK + timedelta(seconds=1)
    assert queue.claim(db, item.id, m2, now=later)
    queue.release(db, item.id, m2)
    assert item.claimed_by is None


@pytest.mark.parametrize("round_", range(5))
def test_two_moderators_claiming_at_once_exactly_one_wins(db_url: str, round_: int) -> None:
    factory = session_factory(db_url)
    with factory() as s:
        author = _user(s, f"author5_{round_}")
        mods = [_user(s, f"racer{i}_{round_}", Role.MODERATOR) for i in range(2)]
        item = queue.enqueue(s, source="notice", item_type="profile", item_id=author.id)
        s.commit()
        item_id, mod_ids = item.id, [m.id for m in mods]
    barrier = threading.Barrier(2)
    results: dict[int, bool] = {}
    errors: list[BaseException] = []

    def race(mod_id: int) -> None:
        try:
            with factory() as s:
                moderator = s.get(User, mod_id)
                assert moderator is not None
                s.commit()  # end the read so both start the claim from a fresh transaction
                barrier.wait()
                results[mod_id] = queue.claim(s, item_id, moderator)
                s.commit()
        except BaseException as exc:  # surfaced below: a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=race, args=(m,)) for m in mod_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert sorted(results.values()) == [False, True]
    with factory() as s:
        winner = next(m for m, won in results.items() if won)
        assert s.get(ReviewItem, item_id).claimed_by == winner  # type: ignore[union-attr]


def test_removal_cites_a_clause_hides_the_note_and_tells_author_and_reporters(
    db: Session,
) -> None:
    author = _user(db, "author6")
    reporter = _user(db, "reporter6")
    follow(db, reporter, author.username)
    note = create_note(db, author, NoteInput(title="Listen", body="You are a pathetic loser."))
    db.flush()
    reports.enqueue_report(db, file_report(db, reporter, "note", note.id, "harassment"))
    item = db.scalar(select(ReviewItem).where(ReviewItem.item_id == note.id))
    assert item is not None and item.reports == 1
    mod = _user(db, "mod6", Role.MODERATOR)
    with pytest.raises(ValidationFailed):
        decide.decide(db, item.id, mod, action="remove", clause_id="NOPE")
    decision = decide.decide(db, item.id, mod, action="remove", clause_id="H1", note="clear")
    assert note.state == "removed" and note.decision_id == decision.id
    assert decision.automated_decision == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert decision.automated_detection is False  # a user's report found it, not screening
    assert decision.clause_id == "H1" and decision.explanation_zh and decision.circumstances_zh
    assert decision.previous_id == item.decision_id
    sor = decision.statement_of_reasons("zh-Hans")
    assert sor["ground"]["clause_id"] == "H1" and sor["redress"]
    assert item.status == "decided" and item.outcome_decision_id == decision.id
    kinds = {
        (n.user_id, n.kind)
        for n in db.scalars(select(Notification).where(Notification.kind != "follow"))
    }
    assert (author.id, "moderation") in kinds and (reporter.id, "report_outcome") in kinds
    with pytest.raises(Conflict):
        decide.decide(db, item.id, mod, action="restore", clause_id=None)


def test_a_moderator_cannot_decide_an_item_another_moderator_holds(db: Session) -> None:
    author = _user(db, "author7")
    note = _held_note(db, author)
    item = db.scalar(select(ReviewItem).where(ReviewItem.item_id == note.id))
    assert item is not None
    m1, m2 = _user(db, "mod7a", Role.MODERATOR), _user(db, "mod7b", Role.MODERATOR)
    assert queue.claim(db, item.id, m1)
    with pytest.raises(Conflict):
        decide.decide(db, item.id, m2, action="restore", clause_id=None)
    assert note.state == "held"


def test_plain_users_cannot_claim_or_decide(db: Session) -> None:
    author = _user(db, "author8")
    item = queue.enqueue(db, source="notice", item_type="profile", item_id=author.id)
    with pytest.raises(PermissionDenied):
        queue.claim(db, item.id, author)
    with pytest.raises(PermissionDenied):
        decide.decide(db, item.id, author, action="remove", clause_id="H1")


def test_a_spam_cluster_is_decided_in_one_action(db: Session) -> None:
    author = _user(db, "author9")
    items = []
    for i in range(4):
        note = create_note(db, author, NoteInput(title=f"n{i}", body="hello"))
        db.flush()
        items.append(
            queue.enqueue(
                db, source="hold", item_type="note", item_id=note.id, cluster_id=77, category="spam"
            )
        )
    mod = _user(db, "mod9", Role.MODERATOR)
    other = _user(db, "mod9b", Role.MODERATOR)
    assert queue.claim(db, items[0].id, other)  # someone else is on this one
    assert queue.open_in_cluster(db, 77) == 4
    decisions = decide.decide_cluster(db, 77, mod, action="remove", clause_id="SP1")
    assert len(decisions) == 3
    assert all(d.clause_id == "SP1" and d.visibility == "removed" for d in decisions)
    assert items[0].status == "open" and queue.open_in_cluster(db, 77) == 1
    assert db.scalar(select(Decision).where(Decision.id == decisions[0].id)) is not None


def test_queue_stats_count_depth_and_first_review(db: Session) -> None:
    author = _user(db, "author10")
    item = queue.enqueue(db, source="notice", item_type="profile", item_id=author.id)
    queue.enqueue(db, source="shadow", item_type="note", item_id=12345)
    mod = _user(db, "mod10", Role.MODERATOR)
    queue.claim(db, item.id, mod)
    s = queue.stats(db)
    assert s.depth == 2 and s.by_source == {"notice": 1, "shadow": 1}
    assert s.median_first_review_s is not None and s.median_first_review_s >= 0


def test_appeals_are_listed_only_to_those_who_may_decide_them(db: Session) -> None:
    author = _user(db, "author11")
    queue.enqueue(db, source="appeal", item_type="profile", item_id=author.id, appeal_id=1)
    mod = _user(db, "mod11", Role.MODERATOR)
    senior = _user(db, "senior11", Role.SENIOR_MODERATOR)
    assert queue.list_queue(db, mod) == []
    assert [i.source for i in queue.list_queue(db, senior)] == ["appeal"]


def test_a_shadow_disagreement_can_be_sent_to_review(db: Session) -> None:
    from crosstalk.safety.screening.models import ShadowDecision

    author = _user(db, "author12")
    note = create_note(db, author, NoteInput(title="hello", body="a quiet walk by the river"))
    db.flush()
    shadow = ShadowDecision(
        decision_id=note.decision_id,
        item_type="note",
        item_id=note.id,
        policy_version="shadow-1",
        action="hold",
        clause_id="H1",
        enforced_policy_version="x",
        enforced_action="allow",
        enforced_clause_id=None,
    )
    db.add(shadow)
    db.flush()
    item = queue.enqueue_shadow(db, shadow.id)
    assert (item.source, item.clause_id, item.category) == ("shadow", "H1", "harassment")
    assert item.decision_id == note.decision_id


def test_a_person_citing_a_self_harm_clause_passes_on_the_help_resources(db: Session) -> None:
    author = _user(db, "sad_author")
    moderator = _user(db, "caring_mod", Role.MODERATOR)
    note = create_note(db, author, NoteInput(title="tired", body="Everything feels heavy lately"))
    db.flush()
    item = queue.enqueue(db, source="notice", item_type="note", item_id=note.id)
    decision = decide.decide(db, item.id, moderator, action="limit", clause_id="SH1")
    sor = decision.statement_of_reasons("zh-Hans")
    assert sor["help"] and "findahelpline.com" in sor["help"]
    assert "988" in decision.statement_of_reasons("en")["help"]
