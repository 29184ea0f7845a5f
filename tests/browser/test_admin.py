"""The Wagtail admin works under the site's Content-Security-Policy."""

from tests.support.browser import sign_in_admin


def test_admin_works_under_csp(page, site_url):
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text)
        if message.type == "error" and "Content Security Policy" in message.text
        else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in_admin(page, site_url)
    # The page editor and the settings form are the heaviest admin screens.
    for path in ("/admin/pages/", "/admin/pages/3/edit/", "/admin/settings/organisation/organisationsettings/1/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("main, #main").first.is_visible()
    assert problems == [], "\n".join(problems)
