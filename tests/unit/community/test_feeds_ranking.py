"""Explore ranking: engagement counts, age decays it."""

from __future__ import annotations

from datetime import datetime, timedelta

from crosstalk.community.feeds import explore_score
from crosstalk.community.models import Note

NOW = datetime(2026, 1, 15, 12, 0)


def _note(age_h: float, likes: int = 0, comments: int = 0, saves: int = 0) -> Note:
    return Note(
        created_at=NOW - timedelta(hours=age_h),
        like_count=likes,
        comment_count=comments,
        collect_count=saves,
    )


def test_more_engagement_ranks_higher_at_equal_age() -> None:
    assert explore_score(_note(5, likes=10), NOW) > explore_score(_note(5, likes=2), NOW)


def test_comments_and_saves_weigh_more_than_likes() -> None:
    assert explore_score(_note(5, comments=1), NOW) > explore_score(_note(5, likes=1), NOW)
    assert explore_score(_note(5, saves=1), NOW) > explore_score(_note(5, comments=1), NOW)


def test_a_fresh_note_beats_an_old_one_with_a_little_more_engagement() -> None:
    assert explore_score(_note(1, likes=3), NOW) > explore_score(_note(72, likes=10), NOW)
