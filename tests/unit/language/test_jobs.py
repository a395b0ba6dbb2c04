"""Language jobs: the background worker caches feed-title translations, one title at a time."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosstalk.community.models import Note, User
from crosstalk.language import jobs, service
from crosstalk.language.backends.fake import ScriptedTranslator
from crosstalk.pipeline.jobs import HANDLERS


def test_the_language_package_registers_its_jobs_with_the_pipeline() -> None:
    jobs.register_handlers()
    assert HANDLERS[jobs.TRANSLATE_TITLES] is jobs.translate_titles


def test_the_title_job_names_its_notes_and_target_and_dedupes_on_them() -> None:
    job = jobs.translate_titles_job([3, 7], "zh-Hans")
    assert job.kind == "translate_titles"
    assert job.payload == {"note_ids": [3, 7], "target": "zh-Hans"}
    assert job.dedupe_key == "titles:zh-Hans:3,7"


def test_one_refused_title_does_not_cost_the_others(db: Session) -> None:
    author = User(username="writer", password_hash="x")
    good = Note(author=author, title="今天去吃火锅", lang="zh-Hans", state="visible")
    bad = Note(author=author, title="这个不行", lang="zh-Hans", state="visible")
    db.add_all([good, bad])
    db.commit()
    translator = ScriptedTranslator(
        lambda r: "I'm sorry, I cannot help with that." if "不行" in r.text else "Hot pot today"
    )
    service.set_translator(translator)
    try:
        jobs.translate_titles(db, {"note_ids": [bad.id, good.id], "target": "en"})
        found = service.cached_translations(db, [good.title, bad.title], "en")
    finally:
        service.set_translator(None)
    assert found[0] is not None and found[0].text == "Hot pot today"
    assert found[1] is None
