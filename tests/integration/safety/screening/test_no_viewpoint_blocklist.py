"""The shipped policy with the real stage-1 scorer lets political, historical and critical speech
through, in English and Chinese: the product has no viewpoint blocklist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from crosstalk.db.base import utcnow
from crosstalk.safety.screening.engine import SafetyEngine
from crosstalk.safety.screening.policy import default_policy
from crosstalk.safety.screening.results import ScreenItem

SPEECH = [
    ("en", "What happened at Tiananmen Square on June 4, 1989?"),
    ("en", "The 1989 Tiananmen crackdown killed hundreds of protesters; we should remember it."),
    ("zh", "1989年六四天安门事件到底发生了什么？"),
    ("zh", "我们应该记住1989年天安门广场上的学生和他们的诉求。"),
    ("en", "The Chinese government censors the internet and that is wrong."),
    ("zh", "政府的审查制度太荒谬了，官员应该为此负责。"),
    ("zh", "这项政策完全失败，市长应该辞职。"),
    ("en", "The US government lied about the war in Iraq."),
    ("en", "Trump is a terrible president and Biden is not much better."),
    ("en", "Should abortion be legal? I think the Supreme Court got it wrong."),
    ("zh", "美国大选的两位候选人都不值得信任。"),
    ("en", "Apple exploits factory workers and its CEO is a hypocrite."),
    ("zh", "腾讯和阿里巴巴的垄断行为应该受到监管。"),
    ("en", "Is Taiwan a country? People disagree, and that is worth discussing."),
    ("zh", "香港2019年的抗议活动你怎么看？"),
    ("en", "Human rights groups report mass detention of Uyghurs in Xinjiang."),
    ("zh", "我不信教，我觉得宗教对社会的影响弊大于利。"),
]


@pytest.fixture(scope="module")
def engine() -> SafetyEngine:
    return SafetyEngine(default_policy(), load_default_judge=False)


@pytest.mark.parametrize(("lang", "text"), SPEECH, ids=[t[:24] for _, t in SPEECH])
def test_political_and_critical_speech_is_allowed(
    engine: SafetyEngine, lang: str, text: str
) -> None:
    (preview,) = engine.preview([text], [lang])
    assert preview.outcome.action == "allow", (preview.outcome.rule_id, preview.scored.scores)


def test_a_new_account_discussing_tiananmen_is_published(engine: SafetyEngine, db: Session) -> None:
    now = utcnow()
    for i, (lang, text) in enumerate(SPEECH[:4]):
        d = engine.screen(
            db,
            ScreenItem(
                item_type="note",
                item_id=i + 1,
                text=text,
                lang=lang,
                author_id=42,
                author_created_at=now - timedelta(minutes=10),
                author_trust_level=0,
            ),
        )
        assert (d.action, d.visibility) == ("allow", "visible"), d.scores
