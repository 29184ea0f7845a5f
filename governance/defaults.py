"""The disclosure list every association starts with, in Arabic with its English translation:
`create_default_disclosure_items(site)` gives an association its own (a new one through
hosting.creation, the demo's through governance.demo; the first association's came from the migrations)."""

from django.db import transaction
from wagtail.models import Locale, Site

from core.localization import translate_with
from governance.models import DisclosureItem

# (key, area, source, renewal, due months, Arabic name, English name, Arabic description, English description)
DEFAULT_LIST = [
    ("licence", "licence", "document", "once", 1,
     "ترخيص الجمعية وشهادة التسجيل", "Registration licence and certificate",
     "الترخيص الصادر للجمعية وشهادة تسجيلها برقمها، ويُجدد قبل انتهائه.",
     "The licence issued to the association and its registration certificate with its number, "
     "renewed before it expires."),
    ("bylaws", "bylaws", "document", "once", 0,
     "اللائحة الأساسية", "Bylaws",
     "اللائحة الأساسية المعتمدة للجمعية وتاريخ اعتمادها.",
     "The association's approved bylaws and the date they were approved."),
    ("board", "board", "board", "board_term", 1,
     "تشكيل مجلس الإدارة", "Board composition",
     "أعضاء مجلس الإدارة ومناصبهم ومدة عضويتهم، ويُحدَّث عند انتهاء الدورة.",
     "The board's members, their roles and terms, updated when a term ends."),
    ("committees", "board", "committees", "once", 0,
     "لجان مجلس الإدارة", "Board committees",
     "اللجان المنبثقة عن المجلس ومهامها وأعضاؤها.",
     "The board's committees, their mandates and members."),
    ("general-assembly", "general_assembly", "assembly", "fiscal_year", 6,
     "اجتماع الجمعية العمومية العادي", "Ordinary general assembly meeting",
     "اجتماع سنوي يعتمد القوائم المالية والتقرير السنوي للسنة المالية المنتهية، مع محضره أو ملخصه.",
     "A yearly meeting that approves the ended fiscal year's statements and report, with its minutes or a summary."),
    ("executive", "executive", "executive", "once", 0,
     "الإدارة التنفيذية", "Executive management",
     "المدير التنفيذي وفريق الإدارة.", "The executive director and the management team."),
    ("organisation-chart", "organisation_chart", "document", "once", 0,
     "الهيكل التنظيمي", "Organisational chart",
     "الهيكل التنظيمي المعتمد للجمعية.", "The association's approved organisational chart."),
    ("financial-statements", "financial", "document", "fiscal_year", 6,
     "القوائم المالية المدققة", "Audited financial statements",
     "القوائم المالية لكل سنة مالية مع تقرير المراجع الخارجي، خلال ستة أشهر من نهاية السنة.",
     "Each fiscal year's statements with the external auditor's report, within six months of the year's end."),
    ("annual-report", "reports", "document", "fiscal_year", 6,
     "التقرير السنوي", "Annual report",
     "تقرير أعمال الجمعية وإنجازاتها في السنة المالية، خلال ستة أشهر من نهايتها.",
     "The association's work and results in the fiscal year, within six months of its end."),
    ("strategic-plan", "plans", "document", "once", 3,
     "الخطة الاستراتيجية", "Strategic plan",
     "الخطة الاستراتيجية النافذة، وتنشر الخطة التالية خلال ثلاثة أشهر من انتهائها.",
     "The strategic plan in force; the next one is published within three months of its end."),
    ("operating-plan", "plans", "document", "once", 1,
     "الخطة التشغيلية", "Operating plan",
     "الخطة التشغيلية للسنة، وتنشر خطة السنة التالية خلال شهر من انتهائها.",
     "The year's operating plan; the next year's is published within a month of its end."),
    ("conflict-of-interest-policy", "policies", "policy", "once", 0,
     "سياسة تعارض المصالح", "Conflict of interest policy", "", ""),
    ("whistleblowing-policy", "policies", "policy", "once", 0,
     "سياسة الإبلاغ عن المخالفات وحماية مقدمي البلاغات", "Whistleblowing policy", "", ""),
    ("privacy-policy", "policies", "policy", "once", 0,
     "سياسة الخصوصية وحماية البيانات", "Privacy and data protection policy", "", ""),
    ("document-retention-policy", "policies", "policy", "once", 0,
     "سياسة الاحتفاظ بالوثائق وإتلافها", "Document retention and destruction policy", "", ""),
    ("donations-policy", "policies", "policy", "once", 0,
     "سياسة جمع التبرعات", "Donations policy", "", ""),
    ("beneficiary-relations-policy", "policies", "policy", "once", 0,
     "سياسة تنظيم العلاقة مع المستفيدين", "Beneficiary relationship policy", "", ""),
]  # fmt: skip


def create_default_disclosure_items(site: Site) -> dict[str, DisclosureItem]:
    """The standard disclosure list of the association on `site`: {key: item} (the Arabic rows), each with
    its English translation. An item already there (perhaps changed by its administrators) is left as it is;
    running it again changes nothing."""
    source = Locale.get_default()
    english = Locale.objects.filter(language_code="en").first()
    items = {}
    with transaction.atomic():
        for order, (key, area, kind, renewal, months, name_ar, name_en, text_ar, text_en) in enumerate(DEFAULT_LIST):
            item = DisclosureItem.objects.for_site(site).filter(locale=source, key=key).first()
            if item is None:
                item = DisclosureItem(
                    site=site, locale=source, key=key, name=name_ar, description=text_ar, area=area, source=kind,
                    renewal=renewal, due_months=months, sort_order=order + 1,
                )  # fmt: skip
                item.full_clean()
                item.save()
            if english is not None and item.get_translation_or_none(english) is None:
                translate_with(item, "en", {name_ar: name_en} | ({text_ar: text_en} if text_ar else {}))
            items[key] = item
    return items
