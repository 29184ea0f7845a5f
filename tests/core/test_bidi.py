"""Latin runs in Arabic text (core/bidi.py): isolated whole in plain text, marked in HTML."""

import re

from django.template import Context, Template

from core import bidi

LRI, PDI = "\u2066", "\u2069"
ARABIC = (
    "رقم طلبك HR-2026-000013، وموعدنا 2026-01-05 الساعة 10:30. اتصل على +966 50 123 4567 أو 0501234567 "
    "أو help@example.org. المبلغ 1,500.50 ريال.\nرابطك: https://example.org/ar/track-request/link/17-a2aa0bc/."
)


def isolated(text):
    return re.findall(f"{LRI}(.*?){PDI}", text)


def test_plain_text_isolates_each_run_whole_and_leaves_the_rest_as_written():
    text = bidi.isolate(ARABIC)
    assert isolated(text) == [
        "HR-2026-000013", "2026-01-05", "10:30", "+966 50 123 4567", "0501234567", "help@example.org",
        "1,500.50", "https://example.org/ar/track-request/link/17-a2aa0bc/ ",
    ]  # fmt: skip
    # Nothing is put inside a run (it is copied as typed), and the sentence's punctuation stays outside;
    # a link's isolate closes after a space, where a phone's link ends.
    assert text.replace(f" {PDI}", "").replace(LRI, "").replace(PDI, "") == ARABIC
    assert f"{PDI}،" in text and f"a2aa0bc/ {PDI}." in text


def test_words_and_arabic_indic_digits_are_left_alone_and_isolating_twice_changes_nothing():
    text = "موعدنا ٢٠ ديسمبر ٢٠٢٦ م، Ahmad"
    assert bidi.isolate(text) == text
    once = bidi.isolate(ARABIC)
    assert bidi.isolate(once) == once


def test_html_marks_runs_without_wrapping_and_a_link_wraps_only_after_its_slashes():
    html = str(bidi.mark(ARABIC, links=True))
    assert '<span dir="ltr" class="ltr-run">HR-2026-000013</span>،' in html
    assert '<span dir="ltr" class="ltr-run">+966 50 123 4567</span>' in html
    link = re.search(r'<a href="([^"]+)" dir="ltr" class="ltr-link">(.*?)</a>', html)
    assert link.group(1) == "https://example.org/ar/track-request/link/17-a2aa0bc/"
    assert re.sub(r"<[^>]+>", "", link.group(2)) == link.group(1)  # the text is the link, in order
    # A wrap opportunity after each slash (not inside "https://"), and a hyphen glued to what follows it.
    assert link.group(2).count("<wbr>") == 5 and "https://<wbr>example.org/<wbr>" in link.group(2)
    assert '17<span class="ltr-glue">-a</span>2aa0bc/' in link.group(2)


def test_html_is_escaped_and_links_are_made_only_when_asked():
    html = str(bidi.mark('<script>alert(1)</script> "x" & https://evil.example/a?b=1&c=<2>'))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html and "&quot;x&quot;" in html
    assert "<a " not in html and 'class="ltr-link"' in html  # a typed link stays text, still in order
    email = str(bidi.mark("HR-2026-000013", inline_styles=True))
    assert 'style="unicode-bidi:isolate;white-space:nowrap"' in email


def test_direction_controls_are_stripped():
    assert bidi.strip_controls("\u202eسارة\u2066HR\u2069\u200f") == "سارةHR"


def test_the_template_filter_marks_plain_text_and_leaves_safe_html_alone():
    template = Template("{% load website_tags %}{{ text|ltr_runs|linebreaksbr }}|{{ safe|ltr_runs }}")
    rendered = template.render(Context({"text": "رقم <b>HR-2026-000013</b>\nسطر", "safe": bidi.mark("x")}))
    assert rendered == 'رقم &lt;b&gt;<span dir="ltr" class="ltr-run">HR-2026-000013</span>&lt;/b&gt;<br>سطر|x'


def test_only_right_to_left_text_gets_isolates_and_a_lone_run_reads_left_to_right():
    from django.utils import translation

    with translation.override("ar"):
        assert bidi.isolate_if_rtl("طلب HR-2026-000013") == f"طلب {LRI}HR-2026-000013{PDI}"
    with translation.override("en"):
        assert bidi.isolate_if_rtl("Request HR-2026-000013") == "Request HR-2026-000013"
    assert bidi.reads_left_to_right("HR-2026-000013") and bidi.reads_left_to_right("'+966505550123")
    assert not bidi.reads_left_to_right("سارة 2026") and not bidi.reads_left_to_right("Sara")
