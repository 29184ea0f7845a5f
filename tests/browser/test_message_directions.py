"""Every message to the applicant, and the pages that quote them, read right on a phone in Chromium:
each reference, phone number and link is whole on one line and in order inside Arabic text, links are
real links that wrap only after a slash, and what the applicant typed stays text (core/bidi.py)."""

import json
import re
from urllib.parse import urlsplit

import pytest

from core import message_events
from tests.support.browser import run_on_site, save_screenshot, scrolls_sideways

LRI, PDI = "\u2066", "\u2069"
PHONE_NUMBER = "+966 11 234 5678"
REASON = {
    "ar": f"صورة عقد الإيجار رقم 10-2024-7781، أو اتصل بنا على {PHONE_NUMBER} أو اكتب إلى help@example.org.",
    "en": f"A copy of lease 10-2024-7781, or call us on {PHONE_NUMBER} or write to help@example.org.",
}
NAME = "<b>Sara</b> & Co"  # the English applicant's name: must reach the email as text
LINK = re.compile(r"https?://[^\s\u2066-\u2069]+")

RENDER = """
import json
from urllib.parse import urlsplit
from django.contrib.auth import get_user_model
from django.test import Client
from followup.receivers import invite
from forms.models import Submission
from inbox import messages, services
from core import message_events
from tests.support.forms import help_request_data

client = Client()
reasons = {reasons!r}
rendered = []
for language in ("ar", "en"):
    named = {{"full_name": {name!r}}} if language == "en" else {{}}  # the demo's Arabic name in the screenshot
    response = client.post(f"/{{language}}/help-request/", help_request_data(**named))
    assert response.status_code == 302, response.status_code
    submission = Submission.objects.order_by("-pk").first()
    invite(submission.case)  # the survey invitation's link
    for event in message_events.keys():
        message = messages.render(submission.case, event, reason=reasons[language])
        rendered.append({{"language": language, "event": event, "reference": submission.reference, **message}})
    if language == "ar":
        thanks = urlsplit(response["Location"]).path
        acknowledgement = messages.render(submission.case, "acknowledgement")
        admin = get_user_model().objects.get(username="admin")
        services.make_move(submission.case.pk, "verification", user=admin)
        services.make_move(submission.case.pk, "waiting", user=admin, reason=reasons["ar"])
        pages = {{"thanks": thanks, "reference": submission.reference, "mobile": "0505550123",
                 "personal": acknowledgement["body"]}}
print("RENDERED=" + json.dumps({{"messages": rendered, "pages": pages}}))
"""

# Where each character of `needle` is drawn, for every place the text holds it whole in one text node.
FIND_TEXT = """(needle) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let at = node.data.indexOf(needle); at >= 0; at = node.data.indexOf(needle, at + 1)) {
      const whole = document.createRange();
      whole.setStart(node, at);
      whole.setEnd(node, at + needle.length);
      const lines = new Set(Array.from(whole.getClientRects()).map((rect) => Math.round(rect.top))).size;
      const lefts = [];
      for (let i = 0; i < needle.length; i++) {
        const one = document.createRange();
        one.setStart(node, at + i);
        one.setEnd(node, at + i + 1);
        lefts.push(one.getBoundingClientRect().left);
      }
      found.push({lines, lefts});
    }
  }
  return found;
}"""

# Each character of an element's text, in reading order, with where it is drawn.
CHARACTERS = """(element) => {
  const characters = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      characters.push({text: node.data[i], left: rect.left, top: rect.top, bottom: rect.bottom});
    }
  }
  return characters;
}"""


@pytest.fixture(scope="module")
def rendered(site_url):
    output = run_on_site(RENDER.format(reasons=REASON, name=NAME))
    return json.loads(re.search(r"^RENDERED=(.*)$", output, re.M).group(1))


def assert_whole_and_in_order(page, needle):
    """`needle` is drawn on one line, its characters left to right; returns how often it appears."""
    places = page.evaluate(FIND_TEXT, needle)
    for place in places:
        assert place["lines"] == 1, f"{needle} is split across {place['lines']} lines"
        assert place["lefts"] == sorted(place["lefts"]), f"{needle} is drawn out of order"
    return len(places)


def assert_link_reads_right(page, url):
    """A real link to `url`, its text the URL itself, drawn left to right, wrapping only after a slash."""
    link = page.locator(f'a[href="{url}"]')
    assert link.count() == 1, f"no link to {url}"
    assert link.text_content() == url
    characters = link.evaluate(CHARACTERS)
    for before, after in zip(characters, characters[1:], strict=False):
        if abs(after["top"] - before["top"]) < 2:
            assert after["left"] > before["left"], f"{url} is drawn out of order at {before['text']}{after['text']}"
        else:
            assert after["top"] >= before["bottom"] - 1, f"{url} goes back up a line"
            assert before["text"] == "/", f"{url} wraps after {before['text']!r}, not after a slash"


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("event", message_events.keys())
def test_each_message_reads_right_on_a_phone(phone, rendered, event, language):
    message = next(m for m in rendered["messages"] if m["event"] == event and m["language"] == language)
    reference = message["reference"]
    links = LINK.findall(message["body"])

    # Text email, subject and SMS: in Arabic, each reference, link and number between isolates.
    for part in ("subject", "body", "sms"):
        text = message[part]
        if language == "en":
            assert not re.search("[\u2066-\u2069]", text), part
            continue
        for run in [reference, PHONE_NUMBER, "10-2024-7781"]:
            if run in text:
                assert text.count(run) == text.count(f"{LRI}{run}{PDI}"), (part, run)
        for url in LINK.findall(text):  # a link's isolate closes after the space where a phone's link ends
            assert text.count(url) == text.count(f"{LRI}{url} {PDI}"), (part, url)

    phone.set_content(message["html"])
    assert phone.viewport_size["width"] == 390
    assert phone.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert assert_whole_and_in_order(phone, reference) >= 1
    for run in (PHONE_NUMBER, "10-2024-7781", "help@example.org"):
        assert_whole_and_in_order(phone, run)
    for url in links:
        assert_link_reads_right(phone, url)
    assert phone.locator("b").count() == 0  # the name is text
    if language == "en":
        assert NAME in phone.locator("body").inner_text()
    assert not scrolls_sideways(phone)
    if event == "acknowledgement" and language == "ar":
        assert links, "the acknowledgement carries the personal link"
        save_screenshot(phone, "email-acknowledgement-ar-phone.png")


def test_the_pages_that_quote_the_messages_read_right_on_a_phone(phone, rendered, site_url):
    pages = rendered["pages"]
    reference = pages["reference"]

    phone.goto(site_url + pages["thanks"])
    assert assert_whole_and_in_order(phone, reference) == 1
    assert not scrolls_sideways(phone)

    personal = urlsplit(LINK.search(pages["personal"]).group(0)).path
    phone.goto(site_url + personal)
    assert phone.locator("[data-stage=waiting_for_you]").is_visible()
    assert assert_whole_and_in_order(phone, reference) == 1
    for run in (PHONE_NUMBER, "10-2024-7781", "help@example.org"):
        assert assert_whole_and_in_order(phone, run) == 1, run
    assert not scrolls_sideways(phone)

    phone.goto(site_url + "/ar/track-request/")
    phone.fill("#id_reference", f"{LRI}{reference}{PDI}")  # as copied from the SMS
    phone.fill("#id_mobile", pages["mobile"])
    phone.locator("form.followup__form button[type=submit]").click()
    assert phone.locator("[data-stage=waiting_for_you]").is_visible()
    assert assert_whole_and_in_order(phone, reference) == 1
    assert not scrolls_sideways(phone)
