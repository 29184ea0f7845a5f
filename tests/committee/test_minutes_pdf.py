"""The minutes' PDF read back: the decisions in Arabic and in the session's order, references never reversed,
the English rendering marked as a translation (committee/minutes.py)."""

import datetime
import io

from pypdf import PdfReader

from committee.minutes import Minutes, MinutesDecision, render_html, render_pdf

REASONS = ("دخل الأسرة يتجاوز حد الاستحقاق", "سلة غذائية شهرية لمدة ستة أشهر", "تنقصه صورة عقد الإيجار")


def session_minutes(**changes):
    decisions = (
        MinutesDecision(number="1448/3/1", reference="HR-2026-000101", outcome="رفض", details=REASONS[0]),
        MinutesDecision(
            number="1448/3/2", reference="HR-2026-000102", outcome="قبول", details=REASONS[1],
            votes_for=2, votes_against=2, chair_decided=True, dissent="يكفي ثلاثة أشهر",
        ),
        MinutesDecision(
            number="1448/3/3", reference="HR-2026-000103", outcome="تأجيل", details=REASONS[2], appeal=True,
        ),
    )  # fmt: skip
    values = {
        "association": "جمعية البر الخيرية",
        "session_number": "3/1448",
        "date": datetime.date(2026, 12, 7),
        "place": "مقر الجمعية",
        "attendees": ("أحمد العتيبي", "سارة القحطاني", "خالد الشهري", "نورة الدوسري"),
        "absentees": ("منى الزهراني",),
        "quorum": 3,
        "decisions": decisions,
    }
    return Minutes(**(values | changes))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_minutes_hold_each_decision_in_arabic_in_the_sessions_order():
    pdf = render_pdf(session_minutes())
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    positions = [text.index(f"HR-2026-00010{n}") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    # Each decision's words lie between its reference and the next (a long cell wraps onto a second line).
    rows = [text[start:end] for start, end in zip(positions, [*positions[1:], len(text)], strict=True)]
    for row, reason in zip(rows, REASONS, strict=True):
        assert all(word in row for word in reason.split())
    for words in ("محضر جلسة لجنة البحث", "الحاضرون", "الغائبون", "منى الزهراني", "بالإجماع", "رأي مخالف", "التوقيعات"):
        assert words in text


def test_the_page_is_right_to_left_in_arabic_and_marked_as_a_translation_in_english():
    arabic = render_html(session_minutes())
    assert '<html lang="ar" dir="rtl">' in arabic and "هذه ترجمة" not in arabic
    assert "٧ ديسمبر ٢٠٢٦" in arabic and "١٤٤٨" in arabic  # both calendars, in Arabic-Indic digits
    english = render_html(session_minutes(), "en")
    assert '<html lang="en" dir="ltr">' in english
    assert "This is a translation. The minutes in Arabic are the original." in english
    assert "1448/3/2" in english and "2 for, 2 against" in english and "the chair's vote decided the tie" in english


def test_an_adjourned_session_says_so_and_lists_no_decisions():
    text = text_of(render_pdf(session_minutes(adjourned=True, decisions=(), attendees=("أحمد العتيبي",))))
    assert "لم يكتمل النصاب" in text and "رقم القرار" not in text


def test_requests_decided_by_circulation_are_recorded_with_the_next_minutes():
    circulated = (MinutesDecision(number="1448/2/9", reference="HR-2026-000099", outcome="قبول", details="عاجل"),)
    text = text_of(render_pdf(session_minutes(circulated=circulated)))
    assert "ما تقرر بالتمرير منذ الجلسة السابقة" in text and "HR-2026-000099" in text
    assert text.index("HR-2026-000103") < text.index("HR-2026-000099")
