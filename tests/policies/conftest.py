"""Policy libraries built with the factories, whether or not the demo is seeded.

`library`: an association of its own (a SiteFactory site) with a policy library in both languages like
the demo's: two categories, four policies, one of them an earlier version of another, channels linked
to its own forms. `policy_library`: the default site's library, which the importer drafts into (the
demo's when it is seeded). `site_forms`: the forms the importer links channels to (the demo's when seeded).
"""

from types import SimpleNamespace

import pytest
from wagtail.models import Site

from forms.factories import FormPageFactory
from forms.kinds import FormKind
from forms.models import FormPage
from home.factories import SiteFactory
from organisation.factories import english, translate
from policies.factories import ENGLISH as POLICY_ENGLISH
from policies.factories import PolicyCategoryFactory, PolicyIndexPageFactory, PolicyPageFactory, library_of
from policies.models import PolicyIndexPage, PolicyPage
from tests.support.db import built_once

ONLINE_FORMS = (FormKind.HELP_REQUEST, FormKind.VOLUNTEER)

ENGLISH = {
    **POLICY_ENGLISH,
    "الحوكمة": "Governance",
    "المستفيدون": "Beneficiaries",
    "سياسة تنظيم العلاقة مع المستفيدين (إصدار ١٤٤٤هـ)": "Beneficiary relationship policy (1444 AH edition)",
    "سياسة تنظيم العلاقة مع المستفيدين": "Beneficiary relationship policy",
    "سياسة معالجة الشكاوى والمقترحات": "Complaints and suggestions policy",
    "سياسة الخصوصية وحماية البيانات الشخصية": "Privacy and personal data protection policy",
    "أن يحصل كل مستفيد على خدمة سريعة متقنة.": "That every beneficiary gets a quick, careful service.",
    "تيسير الإجراءات": "Simplify procedures",
    "قياس رضا المستفيدين": "Measure beneficiaries' satisfaction",
    "التقييم حق للمستفيد": "Rating the service is the beneficiary's right",
    "المقابلة الشخصية": "Personal interview",
    "نستقبلك في مكاتبنا.": "We receive you at our offices.",
    "المقر الرئيسي بالرياض": "Head office in Riyadh",
    "طلب المساعدة عبر الموقع": "Help request on the website",
    "التطوع": "Volunteering",
    "دليل البحث الاجتماعي": "The social research guide",
    "يستقبل الموظف المستفيد.": "Staff receive the beneficiary.",
    "تبلغ لجنة البحث المستفيد بقبول طلبه أو رفضه خلال أسبوعين.": (
        "The research committee tells the beneficiary within two weeks whether the request is accepted."
    ),
    "تبلغ لجنة البحث المستفيد بقبول طلبه أو رفضه خلال شهر.": (
        "The research committee tells the beneficiary within a month whether the request is accepted."
    ),
}


def _channel(kind, name, page=None, description="", contact=""):
    return {"kind": kind, "name": name, "description": description, "page": page, "contact": contact}


def relations_body(period_phrase, period_days, forms=None):
    """A beneficiary relationship policy with every section; its online channels link to `forms`."""
    channels = [_channel("interview", "المقابلة الشخصية", None, "نستقبلك في مكاتبنا.", "المقر الرئيسي بالرياض")]
    if forms:
        channels += [
            _channel("help_request", "طلب المساعدة عبر الموقع", forms[FormKind.HELP_REQUEST]),
            _channel("volunteer", "التطوع", forms[FormKind.VOLUNTEER]),
        ]
    return [
        ("preamble", {"heading": "", "text": "<p>تنظم هذه السياسة علاقة الجمعية بالمستفيدين.</p>"}),
        ("general_objective", {"heading": "", "text": "<p>أن يحصل كل مستفيد على خدمة سريعة متقنة.</p>"}),
        ("objectives", {"heading": "", "items": [
            {"text": "تيسير الإجراءات", "sub_points": []},
            {"text": "قياس رضا المستفيدين", "sub_points": ["التقييم حق للمستفيد"]},
        ]}),
        ("channels", {"heading": "", "channels": channels}),
        ("tools", {"heading": "", "items": ["دليل البحث الاجتماعي"]}),
        ("procedure", {"heading": "", "steps": [
            {"text": "يستقبل الموظف المستفيد.", "role": "beneficiary_relations", "period_days": None},
            {"text": period_phrase, "role": "research_committee", "period_days": period_days},
        ]}),
    ]  # fmt: skip


def _policy(site, slug, title, category, **fields):
    return PolicyPageFactory(site=site, slug=slug, title=title, category=category, english=ENGLISH, **fields)


def build_library():
    """What `library` reads, by primary key (the tests get fresh copies: a test's changes roll back)."""
    site = SiteFactory(organisation=False)
    index = PolicyIndexPageFactory(site=site, slug="policies", english=True)
    governance = PolicyCategoryFactory(name="الحوكمة", sort_order=1, english=ENGLISH)
    beneficiaries = PolicyCategoryFactory(name="المستفيدون", sort_order=2, english=ENGLISH)
    forms = {kind: FormPageFactory(site=site, kind=kind, english=True) for kind in ONLINE_FORMS}
    older = _policy(
        site, "beneficiary-relations-1444", "سياسة تنظيم العلاقة مع المستفيدين (إصدار ١٤٤٤هـ)", beneficiaries,
        body=relations_body("تبلغ لجنة البحث المستفيد بقبول طلبه أو رفضه خلال شهر.", 30),
        meeting_number="118", decision_number="118/3", approval_date_hijri="1444-02-10",
    )  # fmt: skip
    _policy(
        site, "beneficiary-relations", "سياسة تنظيم العلاقة مع المستفيدين", beneficiaries, supersedes=older,
        body=relations_body("تبلغ لجنة البحث المستفيد بقبول طلبه أو رفضه خلال أسبوعين.", 14, forms),
        meeting_number="161", decision_number="161/4", approval_date_hijri="1446-06-25",
    )  # fmt: skip
    _policy(site, "complaints-handling", "سياسة معالجة الشكاوى والمقترحات", beneficiaries)
    _policy(
        site, "privacy", "سياسة الخصوصية وحماية البيانات الشخصية", governance,
        meeting_number="158", decision_number="158/2", approval_date_hijri="1446-03-12",
    )  # fmt: skip
    return {"site": site.pk, "index": index.pk, "forms": {kind: page.pk for kind, page in forms.items()}}


@pytest.fixture(scope="module")
def _library_rows(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build_library)


@pytest.fixture
def library(db, _library_rows):
    """An association's policy library in both languages (made once per module): `.site`, `.index`,
    `.forms` (Arabic, by kind), and `.ar` / `.en`: its policies by slug."""
    site = Site.objects.get(pk=_library_rows["site"])
    forms = {kind: FormPage.objects.get(pk=pk) for kind, pk in _library_rows["forms"].items()}
    ar = {page.slug: page for page in PolicyPage.objects.descendant_of(site.root_page)}
    translations = PolicyPage.objects.filter(
        locale=english(), translation_key__in=[p.translation_key for p in ar.values()]
    )
    en = {page.slug: page for page in translations}
    index = PolicyIndexPage.objects.get(pk=_library_rows["index"])
    return SimpleNamespace(site=site, index=index, forms=forms, ar=ar, en=en)


@pytest.fixture(scope="module")
def _policy_library_rows(django_db_setup, django_db_blocker):
    def build():
        index = library_of()
        translated = index.get_translation_or_none(english()) or translate(index, POLICY_ENGLISH)
        return {"ar": index.pk, "en": translated.pk}

    yield from built_once(django_db_blocker, build)


@pytest.fixture
def policy_library(db, _policy_library_rows):
    """The policy library the importer drafts into (the first in each language), by language: the
    default site's, made with its English translation when the database has none (once per module)."""
    return {language: PolicyIndexPage.objects.get(pk=pk) for language, pk in _policy_library_rows.items()}


@pytest.fixture
def site_forms(db):
    """The Arabic live form the importer links each online channel to, by kind: made (with its English
    translation) on the default site when the database has none."""
    found = {}
    for kind in ONLINE_FORMS:
        live = FormPage.objects.live().filter(locale__language_code="ar", kind=kind).order_by("path").first()
        found[kind] = live or FormPageFactory(kind=kind, english=True)
    return found
