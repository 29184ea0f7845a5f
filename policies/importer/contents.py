"""What a section's items say: a channel's kind and the site's form for it, a step's role and
period, and a section's kind guessed from its items."""

import re

from core.arabic import to_western_digits
from forms.models import FormPage
from policies.blocks import CHANNEL_FORM_KINDS
from policies.importer.folding import fold

CHANNEL_KEYWORDS = [
    ("app", ("تطبيق",)),
    ("help_request", ("طلب المساعد", "طلب الدعم", "طلبات المساعد", "طلب مساعد")),
    ("volunteer", ("تطوع",)),
    ("complaints", ("شكاوي", "الشكاوى", "مقترحات", "شكوي")),
    ("survey", ("استبيان", "قياس الرضا", "رضا")),
    ("interview", ("مقابل", "الزياره", "زيارات")),
    ("phone", ("هاتف", "اتصال", "جوال", "الرقم الموحد")),
    ("social_media", ("التواصل الاجتماعي", "منصات")),
    ("letters", ("خطاب", "مراسل", "بريد")),
    ("website", ("الموقع الالكتروني", "الموقع الإلكتروني", "موقع الجمعيه")),
    ("branch_representatives", ("مناديب", "مندوب", "المكاتب الفرعيه", "الفروع")),
]


def channel_kind(name: str) -> str:
    key = fold(name)
    for kind, words in CHANNEL_KEYWORDS:
        if any(fold(word) in key for word in words):
            return kind
    return "other"


def step_role(text: str) -> str:
    key = fold(text)
    if "لجنه البحث" in key or "لجنه البحوث" in key or "اللجنه" in key:
        return "research_committee"
    if "البحث الاجتماعي" in key or "الباحث" in key:
        return "social_researcher"
    return "beneficiary_relations"


_PERIOD_WORDS = [("شهرين", 60), ("شهر", 30), ("اسبوعين", 14), ("اسبوع", 7), ("يومين", 2)]


def period_days(text: str) -> int | None:
    key = fold(to_western_digits(text))
    match = re.search(r"(\d+)\s*(يوم|ايام|اسبوع|اسابيع|شهر|اشهر)", key)
    if match:
        unit = match.group(2)
        factor = 30 if "شهر" in unit else 7 if "سبوع" in unit or "سابيع" in unit else 1
        return min(int(match.group(1)) * factor, 365) or None
    if not re.search(r"خلال|مده", key):
        return None
    for word, days in _PERIOD_WORDS:
        if re.search(rf"\b{word}\b", key):
            return days
    return None


def form_page_for(kind: str, locale_code: str):
    """The site's own form page for an online channel: the form of that kind in that language, a
    live one first (the first in the page tree when there are several), whatever its slug."""
    form_kind = CHANNEL_FORM_KINDS.get(kind)
    if not form_kind:
        return None
    return FormPage.objects.filter(locale__language_code=locale_code, kind=form_kind).order_by("-live", "path").first()


# Recognising a section by what it holds, when its heading is not one we know.
_STEP_WORDS = ("استقبال", "التاكد", "احاله", "الرد", "استكمال", "تقديم الخدمه", "دراسه", "رفع", "ابلاغ", "تسجيل")
_TOOL_WORDS = ("دليل", "لايحه", "نموذج", "استماره", "سجل", "نظام", "برنامج", "ميثاق")


def kind_by_content(items: list[str]) -> str | None:
    if len(items) < 2:
        return None
    keys = [fold(item) for item in items]
    share = len(items) * 0.6
    if sum(channel_kind(item) != "other" for item in items) >= share:
        return "channels"
    if sum(key.startswith(_STEP_WORDS) or "المستفيد" in key and "طلب" in key for key in keys) >= share:
        return "procedure"
    if sum(any(word in key for word in _TOOL_WORDS) for key in keys) >= share:
        return "tools"
    return None
