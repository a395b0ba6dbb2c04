"""People in the loop, in a real browser: an English threat is held, a moderator who uses the
Chinese interface removes it citing a clause with the Chinese translation beside the original,
the author reads the statement of reasons and appeals, a senior moderator reverses it, the note
is visible again, both people are told, the transparency counts move and the audit chain holds.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from crosstalk.community.accounts import create_account
from crosstalk.community.models import Note, Notification, Role
from crosstalk.db.session import session_factory
from tests.integration.safety.review_support import THREAT_EN, hold_threats

__all__ = ["hold_threats"]
pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("hold_threats")]
PASSWORD = "e2e password 123"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _login(browser, base: str, username: str, locale: str = "en-US"):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form.stack button[type=submit], main button[type=submit]").first.click()
    page.wait_for_load_state()
    return context, page


def _transparency_counts(url: str) -> dict[str, int]:
    from crosstalk.safety.transparency.report import report

    with session_factory(url)() as s:
        data = report(s)
    return {
        "human": int(data.automated_vs_human.get("human", 0)),
        "appeals_received": int(data.appeals["received"]),
        "appeals_reversed": int(data.appeals["reversed"]),
    }


def test_threat_held_removed_by_chinese_moderator_appealed_and_reversed(
    browser,
    live_server: str,
    sqlite_url: str,
    shot,  # type: ignore[no-untyped-def]
) -> None:
    base = live_server
    with session_factory(sqlite_url)() as s:
        create_account(s, "writer_e2e", PASSWORD, langs_read=["en"])
        create_account(
            s,
            "mod_zh_e2e",
            PASSWORD,
            role=Role.MODERATOR,
            langs_read=["zh-Hans"],
            ui_locale="zh_Hans",
        )
        create_account(
            s, "senior_e2e", PASSWORD, role=Role.SENIOR_MODERATOR, langs_read=["en", "zh-Hans"]
        )
        s.commit()
    before = _transparency_counts(sqlite_url)

    # 1. The author posts an English threat; it is held and they see why.
    writer, wpage = _login(browser, base, "writer_e2e")
    wpage.goto(f"{base}/notes/new")
    wpage.fill("#title", "A message for my neighbour")
    wpage.fill("#body", THREAT_EN)
    wpage.locator("form button[type=submit].btn-primary").click()
    wpage.wait_for_url(re.compile(r".*/notes/\d+$"))
    note_url = wpage.url
    note_id = int(note_url.rsplit("/", 1)[1])
    assert wpage.get_by_test_id("statement-of-reasons").is_visible()
    shot(wpage, "author-sees-hold")

    # 2. A moderator whose interface is Chinese reviews it beside the Chinese translation.
    mod, mpage = _login(browser, base, "mod_zh_e2e", locale="zh-CN")
    mpage.goto(f"{base}/review")
    assert mpage.locator("html").get_attribute("lang") == "zh-Hans"
    mpage.locator("[data-testid=queue-item] a[href^='/review/items/']").first.click()
    mpage.wait_for_selector("[data-testid=review-item]")
    original = mpage.get_by_test_id("review-original").inner_text()
    assert "hurt you" in original
    translation = mpage.get_by_test_id("review-translation")
    heading = translation.locator("h2").inner_text()
    assert re.search(r"(机器翻译|Machine translation) · \S+", heading), heading
    assert CJK.search(translation.locator("p.text").inner_text())
    assert mpage.locator("mark.evidence").count() >= 1
    assert mpage.locator("#clause_id").input_value() == "H2"
    shot(mpage, "moderator-review-zh")
    mpage.locator("body").press("r")  # keyboard shortcut: remove, citing the selected clause
    mpage.wait_for_url(re.compile(r".*/review(/items/\d+)?$"))
    shot(mpage, "moderator-after-remove")
    with session_factory(sqlite_url)() as s:
        note = s.get(Note, note_id)
        assert note is not None and note.state == "removed"

    # 3. The author reads the statement of reasons and appeals in one step.
    wpage.goto(f"{base}/notifications")
    assert "was removed under rule H2" in wpage.locator("main").inner_text()
    wpage.goto(note_url)
    sor = wpage.get_by_test_id("statement-of-reasons").inner_text()
    assert "H2" in sor and "Decided by a person" in sor
    wpage.locator("[data-testid=statement-of-reasons] a.btn").click()
    wpage.wait_for_selector("[data-testid=appeal-form]")
    wpage.fill("#appeal-text", "This is a line from the film I was reviewing, not a threat.")
    shot(wpage, "author-appeals")
    wpage.locator("[data-testid=appeal-form] button[type=submit]").click()
    wpage.wait_for_selector("[data-testid=appeal-status]")

    # 4. A senior moderator (not the one who removed it) reverses the decision.
    senior, spage = _login(browser, base, "senior_e2e")
    spage.goto(f"{base}/review?source=appeal")
    spage.locator("[data-testid=queue-item] a").first.click()
    spage.wait_for_selector("[data-testid=appeal-text]")
    assert "line from the film" in spage.get_by_test_id("appeal-text").inner_text()
    shot(spage, "senior-reviews-appeal")
    spage.locator("body").press("a")  # keyboard shortcut: reverse
    spage.wait_for_url(re.compile(r".*/review(/items/\d+)?$"))

    # 5. The note is visible again to anyone; both people were told.
    anon = browser.new_context()
    apage = anon.new_page()
    response = apage.goto(note_url)
    assert response is not None and response.status == 200
    assert "A message for my neighbour" in apage.locator("main").inner_text()
    shot(apage, "note-visible-again")
    wpage.goto(f"{base}/notifications")
    assert "appeal was accepted" in wpage.locator("main").inner_text()
    shot(wpage, "author-notified")
    mpage.goto(f"{base}/notifications")
    assert CJK.search(mpage.locator("main").inner_text())
    with session_factory(sqlite_url)() as s:
        kinds = {
            (n.user.username if hasattr(n, "user") else n.user_id, n.kind)
            for n in s.scalars(select(Notification).where(Notification.kind == "appeal_outcome"))
        }
        assert len(kinds) == 2, kinds
    shot(mpage, "moderator-notified")

    # 6. The transparency report counts it; the audit chain verifies.
    after = _transparency_counts(sqlite_url)
    assert after["human"] == before["human"] + 2  # removal and reversal
    assert after["appeals_received"] == before["appeals_received"] + 1
    assert after["appeals_reversed"] == before["appeals_reversed"] + 1
    tpage = anon.new_page()
    tpage.goto(f"{base}/transparency")
    assert int(tpage.get_by_test_id("human").inner_text()) == after["human"]
    assert int(tpage.get_by_test_id("appeals-reversed").inner_text()) == after["appeals_reversed"]
    shot(tpage, "transparency-report")
    from typer.testing import CliRunner

    from crosstalk.cli import app

    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    for ctx in (writer, mod, senior, anon):
        ctx.close()
