"""Surge defenses: velocity windows, near-duplicate clusters that survive restarts, trust levels."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crosstalk.safety.screening.engine import SafetyEngine
from crosstalk.safety.screening.models import DuplicateCluster, Signature
from crosstalk.safety.screening.policy import default_policy
from crosstalk.safety.screening.results import ScreenItem
from crosstalk.safety.screening.surge import (
    DbCounterStore,
    NearDuplicateIndex,
    cluster_items,
    earned_trust_level,
    effective_trust_level,
    fingerprint,
    record_velocity,
)
from crosstalk.safety.transparency.models import Decision
from tests.unit.safety.screening.screening_helpers import FixedScorer

NOW = datetime(2026, 11, 24, 12, 0, 0)
SPAM = "Earn $500 a day from home!!! Message me on WhatsApp for the secret method, limited spots"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def engine(clock: Clock | None = None) -> SafetyEngine:
    return SafetyEngine(
        default_policy(),
        scorer=FixedScorer(),
        clock=clock or (lambda: NOW),
        load_default_judge=False,
    )


def fresh(item_id: int, text: str, author_id: int, **kw: object) -> ScreenItem:
    base: dict[str, object] = {
        "item_type": "note",
        "item_id": item_id,
        "text": text,
        "lang": "en",
        "author_id": author_id,
        "author_created_at": NOW - timedelta(minutes=5),
        "author_trust_level": 0,
    }
    base.update(kw)
    return ScreenItem(**base)  # type: ignore[arg-type]


def variant(i: int) -> str:
    # What a spam wave looks like: the same message with small per-account changes.
    return SPAM.replace("$500", f"${500 + i}").replace("!!!", "!" * (1 + i % 3)) + f" #{i}"


def test_velocity_counts_posts_inside_the_window_only(db: Session) -> None:
    store = DbCounterStore(db)
    for minutes in (0, 10, 50):
        counts = record_velocity(
            store,
            author_id=1,
            ip="198.51.100.7",
            text="hello",
            now=NOW + timedelta(minutes=minutes),
            window_s=3600,
        )
    assert counts == {"account": 3, "ip": 3, "fingerprint": 3}
    later = record_velocity(
        store, author_id=1, ip=None, text="HELLO!!", now=NOW + timedelta(minutes=65), window_s=3600
    )
    # 0-minute post fell out of the window; "HELLO!!" has the same fingerprint as "hello".
    assert later == {"account": 3, "fingerprint": 3}
    assert store.prune(NOW + timedelta(minutes=30)) == 6  # 0 and 10 min, three keys each
    assert store.count("acct:1", NOW - timedelta(days=1)) == 2


def test_fingerprint_ignores_case_width_spacing_and_punctuation() -> None:
    assert fingerprint("Buy NOW!!") == fingerprint("ｂｕｙ　now") == fingerprint("b-u-y now")
    assert fingerprint("buy now") != fingerprint("buy later")


def test_near_identical_spam_from_twenty_fresh_accounts_is_held_as_one_cluster(db: Session) -> None:
    eng = engine()
    decisions = [eng.screen(db, fresh(i, variant(i), author_id=1000 + i)) for i in range(20)]
    cluster_ids = {d.cluster_id for d in decisions}
    assert len(cluster_ids) == 1 and None not in cluster_ids
    threshold = 5  # cluster-hold in the default policy
    assert [d.action for d in decisions[: threshold - 1]] == ["allow"] * (threshold - 1)
    for d in decisions[threshold - 1 :]:
        assert (d.action, d.clause_id, d.rule_id) == ("hold", "SP2", "cluster-hold")
    assert [d.facts["cluster_size"] for d in decisions] == list(range(1, 21))
    cluster = db.get(DuplicateCluster, cluster_ids.pop())
    assert cluster is not None and cluster.size == 20
    assert "20 near-identical posts" in decisions[-1].circumstances_en


def test_chinese_near_duplicates_cluster_and_unrelated_posts_do_not(db: Session) -> None:
    eng = engine()
    base = "加微信领取免费会员，每天赚五百元，名额有限，先到先得，快来联系我吧"
    a = eng.screen(db, fresh(1, base, author_id=1, lang="zh"))
    b = eng.screen(db, fresh(2, base.replace("五百", "六百") + "！！", author_id=2, lang="zh"))
    c = eng.screen(
        db, fresh(3, "今天去西湖边散步，拍了很多荷花的照片，分享给大家看看", 3, lang="zh")
    )
    assert a.cluster_id == b.cluster_id
    assert c.cluster_id != a.cluster_id
    assert b.facts["cluster_size"] == 2 and c.facts["cluster_size"] == 1


def test_clusters_survive_a_restart(db: Session) -> None:
    first = engine()
    for i in range(3):
        first.screen(db, fresh(i, variant(i), author_id=i + 1))
    db.flush()
    restarted = engine()  # a new process: empty in-memory index, same database
    d = restarted.screen(db, fresh(99, variant(99), author_id=99))
    earlier = db.scalars(select(Decision.cluster_id).where(Decision.item_id == 0)).one()
    assert d.cluster_id == earlier
    assert d.facts["cluster_size"] == 4


def test_short_texts_never_form_clusters(db: Session) -> None:
    eng = engine()
    ds = [eng.screen(db, fresh(i, "nice!!", author_id=i)) for i in range(6)]
    assert all(d.cluster_id is None for d in ds)
    assert all(d.clause_id != "SP2" or d.rule_id == "fingerprint-hold" for d in ds)


def test_an_edited_item_replaces_its_signature_instead_of_counting_twice(db: Session) -> None:
    index = NearDuplicateIndex(default_policy().surge)
    first = index.assign(db, item_type="note", item_id=1, text=SPAM, now=NOW)
    again = index.assign(db, item_type="note", item_id=1, text=SPAM + " edited", now=NOW)
    assert first is not None and again is not None
    assert again.cluster_id == first.cluster_id and again.size == 1
    assert len(db.scalars(select(Signature).where(Signature.item_id == 1)).all()) == 1


def test_a_fresh_account_posting_fast_is_held_but_an_established_one_is_not(db: Session) -> None:
    eng = engine()
    texts = [
        "Tomatoes are finally ripening in the garden",
        "Anyone know a good dumpling place downtown?",
        "Finished reading a novel about lighthouse keepers",
        "My cat knocked the plant off the shelf again",
        "Trying sourdough for the first time this weekend",
        "The sunset over the harbour was unreal tonight",
        "Learning Chinese tones is harder than I expected",
    ]
    new = [eng.screen(db, fresh(i, t, author_id=1)) for i, t in enumerate(texts)]
    assert [d.action for d in new[:5]] == ["allow"] * 5
    assert (new[5].action, new[5].rule_id) == ("hold", "new-account-rate")
    established = [
        eng.screen(db, fresh(100 + i, t + " (b)", author_id=2, author_trust_level=1))
        for i, t in enumerate(texts)
    ]
    assert all(d.rule_id != "new-account-rate" for d in established)


def test_per_ip_velocity_catches_many_accounts_behind_one_address(db: Session) -> None:
    eng = engine()
    ds = [
        eng.screen(db, fresh(i, f"hi, I am number {i}", 500 + i, ip="192.0.2.1")) for i in range(40)
    ]
    assert ds[38].rule_id != "ip-rate"
    assert (ds[39].action, ds[39].rule_id) == ("hold", "ip-rate")


def test_trust_is_earned_by_age_and_clean_visible_posts_and_lost_by_a_strike(db: Session) -> None:
    trust = default_policy().trust
    created = NOW - timedelta(days=5)
    assert earned_trust_level(db, author_id=5, author_created_at=created, trust=trust, now=NOW) == 0
    eng = engine()
    for i in range(3):
        eng.screen(
            db,
            fresh(i, f"my cat photo number {i}, she loves the sun", 5, author_created_at=created),
        )
    assert earned_trust_level(db, author_id=5, author_created_at=created, trust=trust, now=NOW) == 1
    young = NOW - timedelta(days=1)
    assert earned_trust_level(db, author_id=5, author_created_at=young, trust=trust, now=NOW) == 0
    db.add(
        Decision(
            item_type="comment",
            item_id=77,
            author_id=5,
            text="x",
            text_hash="x",
            action="remove",
            visibility="removed",
            policy_version="t",
            automated_decision="AUTOMATED_DECISION_FULLY",
            created_at=NOW - timedelta(days=1),
        )
    )
    db.flush()
    assert earned_trust_level(db, author_id=5, author_created_at=created, trust=trust, now=NOW) == 0
    # A level a moderator set is kept; earning only ever raises it.
    assert (
        effective_trust_level(
            db, author_id=5, author_created_at=created, given=2, policy=default_policy(), now=NOW
        )
        == 2
    )


def test_rescreening_an_item_does_not_count_as_another_post(db: Session) -> None:
    eng = engine()
    first = eng.screen(db, fresh(1, "my first note about bread baking", author_id=3))
    again = eng.screen(
        db, fresh(1, "my first note about bread baking, edited", author_id=3, reports=1)
    )
    assert first.facts["velocity"]["account"] == 1
    assert again.facts["velocity"]["account"] == 1
    assert again.facts["reports"] == 1


def test_cluster_items_lists_every_member_oldest_first(db: Session) -> None:
    eng = engine()
    ds = [eng.screen(db, fresh(10 + i, variant(i), author_id=i)) for i in range(6)]
    assert ds[0].cluster_id is not None
    assert cluster_items(db, ds[0].cluster_id) == [("note", 10 + i) for i in range(6)]


def test_the_index_follows_the_table_when_it_is_emptied_or_rolled_back(db: Session) -> None:
    index = NearDuplicateIndex(default_policy().surge)
    other = "A long walk along the river this morning, herons everywhere and cold wind"
    with db.begin_nested() as savepoint:
        index.assign(db, item_type="note", item_id=1, text=SPAM, now=NOW)
        savepoint.rollback()  # the screening transaction failed: its signature never existed
    first = index.assign(db, item_type="note", item_id=2, text=variant(1), now=NOW)
    assert first is not None and first.size == 1
    db.execute(delete(Signature))
    db.execute(delete(DuplicateCluster))
    db.flush()
    unrelated = index.assign(db, item_type="note", item_id=3, text=other, now=NOW)
    again = index.assign(db, item_type="note", item_id=4, text=variant(2), now=NOW)
    assert unrelated is not None and again is not None
    assert again.size == 1 and again.cluster_id != unrelated.cluster_id
    joined = index.assign(db, item_type="note", item_id=5, text=variant(3), now=NOW)
    assert joined is not None and (joined.cluster_id, joined.size) == (again.cluster_id, 2)


def test_when_a_cluster_crosses_the_bar_its_earlier_members_are_held_too(db: Session) -> None:
    eng = engine()
    decisions = [eng.screen(db, fresh(i, variant(i), author_id=2000 + i)) for i in range(5)]
    crossing = decisions[4]
    assert crossing.rule_id == "cluster-hold"
    for d in decisions[:4]:
        assert eng.hold_cluster(db, d) == []  # not the crossing decision
    redone = eng.hold_cluster(db, crossing)
    assert sorted(d.item_id for d in redone) == [0, 1, 2, 3]
    for d in redone:
        assert (d.action, d.visibility, d.clause_id) == ("hold", "held", "SP2")
        assert d.cluster_id == crossing.cluster_id
        assert "5 near-identical posts" in d.circumstances_en
    assert eng.hold_cluster(db, crossing) == []  # already held: nothing more to do
    later = eng.screen(db, fresh(5, variant(5), author_id=2005))
    assert later.action == "hold" and eng.hold_cluster(db, later) == []
