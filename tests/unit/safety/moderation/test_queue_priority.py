"""Queue ordering and the safe building blocks of the review view, without a database."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from crosstalk.db.base import utcnow
from crosstalk.safety.moderation import context, queue
from crosstalk.safety.moderation.models import ReviewItem


def _item(category: str | None, *, reach: float = 1.0, hours: float = 0, reports: int = 0):  # type: ignore[no-untyped-def]
    return ReviewItem(
        category=category,
        severity=queue.severity_of(category),
        reach=reach,
        reports=reports,
        created_at=utcnow() - timedelta(hours=hours),
    )


def test_child_safety_and_threats_outrank_everything_else() -> None:
    minors = queue.priority(_item("sexual/minors"))
    threat = queue.priority(_item("harassment/threatening"))
    insult = queue.priority(_item("harassment"))
    spam = queue.priority(_item("spam"))
    assert minors > threat > insult > spam


def test_reach_and_waiting_time_raise_priority() -> None:
    assert queue.priority(_item("spam", reach=5)) > queue.priority(_item("spam"))
    assert queue.priority(_item("spam", hours=48)) > queue.priority(_item("spam"))
    assert queue.priority(_item("spam", reports=5)) > queue.priority(_item("spam"))


def test_unknown_subcategories_fall_back_to_their_family() -> None:
    assert queue.severity_of("violence/new-kind") == queue.SEVERITY["violence"]
    assert queue.severity_of(None) == queue.DEFAULT_SEVERITY


def test_evidence_spans_are_cut_from_offsets_without_changing_the_text() -> None:
    text = "I will hurt you <b>tonight</b>"
    parts = context.highlight(text, [{"start": 7, "end": 11}, {"text": "tonight"}])
    assert "".join(p for p, _ in parts) == text
    assert [p for p, hit in parts if hit] == ["hurt", "tonight"]


def test_bad_offsets_are_ignored() -> None:
    parts = context.highlight("short", [{"start": 3, "end": 99}, {"start": "x", "end": 2}])
    assert parts == [("short", False)]


@given(
    st.text(max_size=60),
    st.lists(
        st.fixed_dictionaries({"start": st.integers(-5, 70), "end": st.integers(-5, 70)}),
        max_size=6,
    ),
)
def test_highlighting_always_reassembles_the_original(
    text: str, spans: list[dict[str, int]]
) -> None:
    parts = context.highlight(text, spans)
    assert "".join(p for p, _ in parts) == text


def test_images_blur_for_sexual_and_violent_items_only() -> None:
    assert context.blur_images(_item("sexual"))
    assert context.blur_images(_item("violence/graphic"))
    assert context.blur_images(_item("harassment/threatening"))
    assert not context.blur_images(_item("spam"))
    assert not context.blur_images(_item(None))


def test_routing_matches_language_families() -> None:
    from crosstalk.community.models import User

    reader = User(langs_read=["zh-Hans"])
    assert queue.reads(reader, "zh-Hant") and queue.reads(reader, "zh")
    assert not queue.reads(reader, "en")
