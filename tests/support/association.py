"""The tests' own association, built with the factories once per session (DEMO_SEED=0, the default).

It is the default site, so the test client (host `testserver`) and every factory called without
`site=` land on it. It has what most tests reach by address: a home page and "about" in Arabic and
English, the four request forms at their usual addresses (/ar/help-request/, /ar/volunteer/,
/ar/complaints/, /ar/satisfaction-survey/, the same slugs in English) with the fields the tests fill
in, and the request tracking page (/ar/track-request/) opening the survey. What only a few tests need
(services, policies, governance) they build themselves, per module or per test.
"""

from types import SimpleNamespace

from wagtail.models import Page, Site

from followup.factories import StatusLookupPageFactory
from followup.models import StatusLookupPage
from forms.factories import EMAIL, MOBILE, NAME, NATIONAL_ID, FormPageFactory
from forms.kinds import FieldRole, FieldType, FormKind
from forms.models import FormPage
from governance.defaults import create_default_disclosure_items
from home.factories import SiteFactory, StandardPageFactory
from home.models import StandardPage
from organisation.associations import association_of, link_role_groups
from organisation.factories import english

HOSTNAME = "localhost"
# (slug, kind, Arabic title, fields as forms.factories takes them: key, type, required, label, choices, role)
FORMS = [
    ("help-request", FormKind.HELP_REQUEST, "طلب مساعدة", [
        NAME, NATIONAL_ID, MOBILE, EMAIL,
        ("city", FieldType.DROPDOWN, True, "المدينة", "الرياض\nالخرج\nأخرى", ""),
        ("marital_status", FieldType.RADIO, True, "الحالة الاجتماعية", "متزوج\nأرمل\nمطلق\nأعزب", ""),
        ("family_size", FieldType.NUMBER, True, "عدد أفراد الأسرة", "", ""),
        ("monthly_income", FieldType.NUMBER, True, "دخل الأسرة الشهري بالريال", "", ""),
        ("birth_date", FieldType.HIJRI_DATE, False, "تاريخ الميلاد", "", ""),
        ("needs", FieldType.MULTILINE, True, "صف حاجتك باختصار", "", ""),
        ("documents", FieldType.FILES, True, "المستندات", "", ""),
    ]),
    ("volunteer", FormKind.VOLUNTEER, "التطوع", [
        NAME, NATIONAL_ID, MOBILE, EMAIL,
        ("interests", FieldType.CHECKBOXES, True, "مجالات التطوع", "إداري\nميداني\nتقني\nتعليمي", ""),
        ("availability", FieldType.RADIO, True, "الوقت المناسب", "صباحًا\nمساءً\nنهاية الأسبوع", ""),
        ("cv", FieldType.FILE, False, "السيرة الذاتية", "", ""),
    ]),
    ("complaints", FormKind.COMPLAINT, "الشكاوى والمقترحات", [
        ("full_name", FieldType.SINGLELINE, True, "الاسم", "", FieldRole.NAME),
        MOBILE,
        ("details", FieldType.MULTILINE, True, "التفاصيل", "", ""),
        ("attachment", FieldType.FILE, False, "مرفق", "", ""),
    ]),
    ("satisfaction-survey", FormKind.SURVEY, "قياس رضا المستفيدين", [
        ("request_reference", FieldType.SINGLELINE, False, "رقم الطلب", "", ""),
        ("overall", FieldType.RATING, True, "رضاك عن الخدمة عمومًا", "", ""),
        ("speed", FieldType.RATING, True, "سرعة الإنجاز", "", ""),
        ("staff", FieldType.RATING, True, "تعامل الموظفين", "", ""),
        ("comments", FieldType.MULTILINE, False, "ملاحظات واقتراحات", "", ""),
    ]),
]  # fmt: skip
ENGLISH = {
    "طلب مساعدة": "Help request",
    "التطوع": "Volunteering",
    "الشكاوى والمقترحات": "Complaints and suggestions",
    "قياس رضا المستفيدين": "Beneficiary satisfaction survey",
    "الاسم": "Name",
    "الحالة الاجتماعية": "Marital status",
    "متزوج\nأرمل\nمطلق\nأعزب": "Married\nWidowed\nDivorced\nSingle",
    "دخل الأسرة الشهري بالريال": "Monthly family income in riyals",
    "تاريخ الميلاد": "Date of birth",
    "إداري\nميداني\nتقني\nتعليمي": "Administrative\nField work\nTechnical\nTeaching",
    "الوقت المناسب": "When suits you",
    "صباحًا\nمساءً\nنهاية الأسبوع": "Mornings\nEvenings\nWeekends",
    "رقم الطلب": "Request reference",
    "سرعة الإنجاز": "Speed",
    "تعامل الموظفين": "How staff treated you",
    "من نحن": "About us",
}


def build_association() -> None:
    """Make the association the default site, in place of the migrations' empty one."""
    for empty in Site.objects.filter(is_default_site=True).select_related("root_page"):
        home = empty.root_page
        empty.delete()
        home.delete()
    site = SiteFactory(hostname=HOSTNAME, is_default_site=True, site_name="جمعية الاختبار")
    association_of(site)
    link_role_groups(site)
    create_default_disclosure_items(site)  # the migrations' list went with their site
    StandardPageFactory(site=site, slug="about", title="من نحن", show_in_menus=True, english=ENGLISH)
    forms = {}
    for slug, kind, title, fields in FORMS:
        forms[slug] = FormPageFactory(
            site=site, slug=slug, kind=kind, title=title, fields=fields, show_in_menus=True, english=ENGLISH
        )
    StatusLookupPageFactory(
        site=site, slug="track-request", survey_page=forms["satisfaction-survey"], show_in_menus=True, english=True
    )


def association() -> SimpleNamespace:
    """The association's rows, fresh from the database: `.site`, `.home_ar`, `.home_en`, `.about_ar`,
    `.about_en`, `.forms` and `.forms_en` (form pages by slug), `.lookup_ar`, `.lookup_en`."""
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    home_ar = site.root_page.specific
    home_en = home_ar.get_translation(english()).specific
    forms = {page.slug: page for page in FormPage.objects.child_of(home_ar)}
    forms_en = {page.slug: page for page in FormPage.objects.child_of(home_en)}
    about_ar = StandardPage.objects.child_of(home_ar).get(slug="about")
    lookup_ar = StatusLookupPage.objects.child_of(home_ar).get(slug="track-request")
    return SimpleNamespace(
        site=site, home_ar=home_ar, home_en=home_en, forms=forms, forms_en=forms_en,
        about_ar=about_ar, about_en=about_ar.get_translation(english()).specific,
        lookup_ar=lookup_ar, lookup_en=lookup_ar.get_translation(english()).specific,
    )  # fmt: skip


def page_at(url_path_under_home: str, language: str = "ar") -> Page:
    """A page of the association by its address under the home page ("help-request/")."""
    found = association()
    home = found.home_ar if language == "ar" else found.home_en
    return Page.objects.get(url_path=home.url_path + url_path_under_home).specific
