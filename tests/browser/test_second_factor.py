"""A social researcher's first sign-in in the Arabic admin: the password, then adding an
authenticator app from the QR code (drawn inline as SVG), then the recovery codes."""

import base64
import time

from tests.support.browser import ADMIN_PASSWORD, run_on_site, save_screenshot

RESEARCHER = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
user, _ = get_user_model().objects.get_or_create(username="browser-researcher")
user.set_password({password!r})
user.save()
user.groups.add(Group.objects.get(name="Social researchers"))
"""


def code_from_secret(secret_text: str) -> str:
    from django_otp.oath import TOTP

    key = base64.b32decode(secret_text.replace(" ", "") + "=" * (-len(secret_text.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_a_researcher_adds_an_app_at_the_first_sign_in(page, site_url):
    run_on_site(RESEARCHER.format(password=ADMIN_PASSWORD))
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "browser-researcher")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/two-step/setup/**")
    assert page.locator("html").get_attribute("dir") == "rtl"
    qr = page.locator(".staff-security-qr svg[role=img]")
    box = qr.bounding_box()
    assert box and box["width"] >= 150 and abs(box["width"] - box["height"]) < 1
    secret = page.locator(".staff-security-secret").inner_text()
    assert len(secret.replace(" ", "")) == 32
    save_screenshot(page, "staff-two-step-setup-ar.png")

    # The code typed in Arabic-Indic digits, as an Arabic keyboard gives them.
    page.fill("#id_code", code_from_secret(secret).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))
    page.locator("form[action$='/two-step/setup/'] button[type=submit]").click()
    page.wait_for_selector(".staff-security-codes")
    assert page.locator(".staff-security-codes li").count() == 10
    page.get_by_role("link", name=page.locator(".staff-security-codes + p a").inner_text()).click()
    page.wait_for_url(site_url + "/admin/")
    assert page.locator("#wagtail-sidebar").count() == 1
    assert problems == [], "\n".join(problems)
