"""A person's first hour on crosstalk, in a real browser: sign up, post a photo note, get
followed, liked and commented on, switch the interface to Chinese, report a note."""

from __future__ import annotations

import io

import pytest
from PIL import Image

pytestmark = pytest.mark.e2e

PASSWORD = "e2e password 123"


def _png(path) -> str:  # type: ignore[no-untyped-def]
    img = Image.new("RGB", (800, 600), "#ff8fa3")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return str(path)


def _signup(page, base: str, username: str, lang_label: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Display name").fill(username.title())
    page.get_by_label("Password").fill(PASSWORD)
    for box in page.locator("input[name=languages]").all():
        box.uncheck()
    page.get_by_label(lang_label).check()
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/settings?welcome=1")


def test_sign_up_post_follow_like_comment_switch_language_and_report(
    browser,
    live_server: str,
    shot,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    base = live_server
    alice = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")  # a phone
    page = alice.new_page()
    _signup(page, base, "alice_e2e", "English")
    shot(page, "alice-signed-up")

    page.get_by_role("link", name="New note").click()
    page.get_by_label("Photos (up to 9; JPEG, PNG or WebP, 10 MB each)").set_input_files(
        _png(tmp_path / "tea.png")
    )
    page.get_by_label("Describe your photos for people who cannot see them").fill(
        "A pink cup of tea"
    )
    page.get_by_label("Title").fill("My first cat tax 🐱")
    page.get_by_label("Text", exact=False).first.fill("Hello from Ohio! **Paying** the #cattax")
    page.get_by_label("Topics (separated by spaces)").fill("猫税 hello")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/notes/*")
    note_url = page.url
    assert page.get_by_role("heading", name="My first cat tax 🐱").is_visible()
    assert page.get_by_alt_text("A pink cup of tea").is_visible()
    shot(page, "alice-note")

    bob = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    bpage = bob.new_page()
    _signup(bpage, base, "bob_e2e", "Chinese (Simplified)")
    bpage.goto(f"{base}/u/alice_e2e")
    bpage.get_by_test_id("follow").click()
    assert bpage.get_by_test_id("follow").inner_text() == "Following"
    bpage.goto(note_url)
    bpage.get_by_test_id("like").click()
    assert bpage.get_by_test_id("like-count").inner_text() == "1"
    bpage.get_by_label("Add a comment").fill("欢迎！你的猫好可爱 @alice_e2e")
    bpage.get_by_role("button", name="Send").first.click()
    assert bpage.get_by_text("欢迎！你的猫好可爱").is_visible()
    shot(bpage, "bob-liked-and-commented")

    bpage.get_by_role("link", name="Following").first.click()
    assert bpage.get_by_role("heading", name="My first cat tax 🐱").is_visible()
    shot(bpage, "bob-following-feed")

    bpage.locator("#locale-switch").click()
    bpage.wait_for_load_state()
    assert bpage.locator("html").get_attribute("lang") == "zh-Hans"
    nav = bpage.get_by_role("navigation").first.inner_text()
    assert "关注" in nav and "设置" in nav, nav
    shot(bpage, "bob-chinese-ui")

    bpage.goto(note_url)
    bpage.get_by_test_id("report").click()
    bpage.get_by_label("垃圾信息或诈骗").check()
    bpage.get_by_role("button", name="提交举报").click()
    assert bpage.get_by_test_id("report-done").is_visible()
    shot(bpage, "bob-reported")

    page.goto(base + "/")
    assert page.get_by_test_id("unread").inner_text() in ("3", "4")
    page.goto(base + "/notifications")
    text = page.locator("main").inner_text()
    assert "started following you" in text and "liked your note" in text and "commented" in text
    shot(page, "alice-notifications")
    alice.close()
    bob.close()
