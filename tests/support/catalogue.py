"""The catalogue the public pages show, built with the factories on a site (default: the tests' association).

`build_catalogue(site)` makes, in Arabic with the English translation (wagtail-localize):
- the association's full identity: a second branch (فرع الخرج), postal code, email, a social account, a logo;
- a policy library at /ar|en/policies/: two categories and three policies (privacy, complaints-handling,
  beneficiary-relations: every kind of section, its channels linked to the help-request form);
- a service index at /ar|en/services/: four categories, six beneficiary groups and six services (one paused,
  one with fees, reply periods of their own or the site's), each linked to the help-request form, the
  beneficiary relationship policy and a phone line; titles spelt so the search's variants are meaningful
  (taa marbuta, hamza, "ال" and "و" joined to a word), every service's condition saying خدمة / service;
- the home page's sections: calls to action (help request, volunteering, complaints, request tracking),
  four featured services with a link to the index, the policy, the contact block.

It returns primary keys (module fixtures keep them, with `tests.support.db.built_once`);
`read_catalogue(rows)` reads the rows afresh for a test.
"""

from types import SimpleNamespace

from wagtail.models import Page, Site

from forms.models import FormPage
from home.factories import ENGLISH as HOME_ENGLISH
from organisation.factories import ENGLISH as ORGANISATION_ENGLISH
from organisation.factories import ImageFactory, english, home_of, site_or_default, translate
from organisation.models import OrganisationSettings
from policies.factories import ENGLISH as POLICY_ENGLISH
from policies.factories import PolicyCategoryFactory, PolicyIndexPageFactory, PolicyPageFactory
from policies.models import PolicyPage
from services.factories import ENGLISH as SERVICE_ENGLISH
from services.factories import (
    BeneficiaryGroupFactory,
    ServiceCategoryFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
)
from services.models import BeneficiaryGroup, ServiceCategory, ServiceIndexPage, ServicePage

# --- The association's identity -----------------------------------------------------------------
POSTAL_CODE = "11564"
EMAIL = "info@association.example.org"
SOCIAL_ACCOUNT = "https://x.com/association_example"
SECOND_BRANCH = {
    "name": "فرع الخرج", "city": "الخرج", "address": "حي الخالدية، الخرج",
    "working_hours": "", "phone": "0115550456", "map_url": "",
}  # fmt: skip
IDENTITY_ENGLISH = {
    **ORGANISATION_ENGLISH,
    "فرع الخرج": "Al-Kharj branch",
    "الخرج": "Al-Kharj",
    "حي الخالدية، الخرج": "Al-Khalidiyah district, Al-Kharj",
}

# --- Services ------------------------------------------------------------------------------------
# (slug, Arabic, English)
CATEGORIES = [
    ("financial-aid", "المساعدات المالية والعينية", "Financial and in-kind aid"),
    ("family-counselling", "الإرشاد الأسري", "Family counselling"),
    ("empowerment", "التأهيل والتمكين", "Rehabilitation and empowerment"),
    ("seasonal", "البرامج الموسمية", "Seasonal programmes"),
]
GROUPS = [
    ("families", "الأسر المحتاجة", "Families in need"),
    ("orphans", "الأيتام", "Orphans"),
    ("widows", "الأرامل والمطلقات", "Widows and divorced women"),
    ("disabilities", "ذوو الإعاقة", "People with disabilities"),
    ("patients", "المرضى", "Patients"),
    ("elderly", "كبار السن", "Older people"),
]
CONDITION = "أن تقيم الأسرة في نطاق خدمة الجمعية"
ID_COPY = "صورة الهوية الوطنية أو الإقامة لمقدم الطلب"
RECEIVE = ("استقبال الطلب", "نسجل طلبك ونعطيك رقمًا لمتابعته.")
PHONE_LINE = {"label": "خط المستفيدين", "number": "0115550789"}
PAUSE_REASON = "يفتح التسجيل قبل شهر رمضان بأسبوعين."
SERVICES = [
    # slug, title, summary, category, groups, own reply period, fields
    ("food-basket", "السلة الغذائية الشهرية", "سلة من المواد الغذائية الأساسية تصل الأسرة كل شهر.",
     "financial-aid", ["families", "orphans", "widows", "elderly"], None, {}),
    ("rent-and-bills", "المساعدة في الإيجار والفواتير",
     "نسهم في سداد الإيجار المتأخر أو فواتير الكهرباء والماء عن الأسر المتعثرة.",
     "financial-aid", ["families", "widows"], 30, {}),
    ("family-counselling", "الإرشاد الأسري", "جلسات سرية مع مرشد أسري مختص، حضوريًا أو عبر الهاتف.",
     "family-counselling", ["families", "widows", "orphans"], 7, {}),
    ("rehabilitation", "التأهيل لذوي الإعاقة", "علاج طبيعي وأجهزة مساندة وتدريب على المهارات اليومية.",
     "empowerment", ["disabilities", "patients", "elderly"], None, {}),
    ("training-and-employment", "التدريب والتوظيف", "دورات مهنية قصيرة وتوصيل المتدربين بفرص عمل.",
     "empowerment", ["families", "widows", "orphans"], None,
     {"is_free": False, "fees": "رسم رمزي قدره ٥٠ ريالًا يُعاد إلى المتدرب عند إتمام الدورة",
      "steps": [RECEIVE, ("المقابلة", "مقابلة قصيرة لاختيار الدورة المناسبة.")]}),
    ("eid-clothing", "كسوة العيد", "قسائم ملابس للأطفال تُصرف قبل عيد الفطر من متاجر مشاركة.",
     "seasonal", ["orphans", "families"], None,
     {"status": ServicePage.Status.PAUSED, "pause_reason": PAUSE_REASON}),
]  # fmt: skip
FEATURED = ["food-basket", "rent-and-bills", "family-counselling", "training-and-employment"]
CATALOGUE_ENGLISH = {
    **SERVICE_ENGLISH,
    **{arabic: english_name for _slug, arabic, english_name in CATEGORIES + GROUPS},
    "خدماتنا": "Our services",
    "اختر الخدمة التي تناسبك، واعرف شروطها ومستنداتها، ثم قدّم طلبك.": (
        "Choose the service that suits you, see its conditions and documents, then apply."
    ),
    "السلة الغذائية الشهرية": "Monthly food basket",
    "سلة من المواد الغذائية الأساسية تصل الأسرة كل شهر.": "A basket of basic food delivered to the family every month.",
    "المساعدة في الإيجار والفواتير": "Help with rent and bills",
    "نسهم في سداد الإيجار المتأخر أو فواتير الكهرباء والماء عن الأسر المتعثرة.": (
        "We help pay overdue rent or electricity and water bills for families in difficulty."
    ),
    "جلسات سرية مع مرشد أسري مختص، حضوريًا أو عبر الهاتف.": (
        "Confidential sessions with a qualified family counsellor, in person or by phone."
    ),
    "التأهيل لذوي الإعاقة": "Rehabilitation for people with disabilities",
    "علاج طبيعي وأجهزة مساندة وتدريب على المهارات اليومية.": (
        "Physiotherapy, assistive devices and training in daily living skills."
    ),
    "التدريب والتوظيف": "Training and employment",
    "دورات مهنية قصيرة وتوصيل المتدربين بفرص عمل.": "Short vocational courses, and introductions to jobs.",
    "رسم رمزي قدره ٥٠ ريالًا يُعاد إلى المتدرب عند إتمام الدورة": (
        "A token fee of 50 riyals, returned when the trainee completes the course"
    ),
    "كسوة العيد": "Eid clothing",
    "قسائم ملابس للأطفال تُصرف قبل عيد الفطر من متاجر مشاركة.": (
        "Clothing vouchers for children, given before Eid al-Fitr at participating shops."
    ),
    PAUSE_REASON: "Registration opens two weeks before Ramadan.",
    CONDITION: "The family lives in the association's service area",
    ID_COPY: "A copy of the applicant's national ID or residence permit",
    RECEIVE[0]: "Request received",
    RECEIVE[1]: "We register your request and give you a number to follow it up.",
    "المقابلة": "Interview",
    "مقابلة قصيرة لاختيار الدورة المناسبة.": "A short interview to choose the right course.",
    PHONE_LINE["label"]: "Beneficiaries' line",
}

# --- Policies ------------------------------------------------------------------------------------
POLICY_CATEGORIES = [("الحوكمة", "Governance"), ("المستفيدون", "Beneficiaries")]
RELATIONS = "سياسة تنظيم العلاقة مع المستفيدين"
# slug, title, category (index in POLICY_CATEGORIES), with every kind of section?
POLICIES = [
    ("beneficiary-relations", RELATIONS, 1, True),
    ("complaints-handling", "سياسة معالجة الشكاوى والمقترحات", 1, False),
    ("privacy", "سياسة الخصوصية وحماية البيانات الشخصية", 0, False),
]
# A step of the relationship policy's procedure, written with diacritics (searched without them).
DECLARATION = "يُقرّ مقدم الطلب بصحة بياناته ويوقع على ذلك."
LIBRARY_ENGLISH = {
    **POLICY_ENGLISH,
    **dict(POLICY_CATEGORIES),
    RELATIONS: "Beneficiary relationship policy",
    "سياسة معالجة الشكاوى والمقترحات": "Complaints and suggestions policy",
    "سياسة الخصوصية وحماية البيانات الشخصية": "Privacy and personal data protection policy",
    "أن يحصل كل مستفيد على خدمة سريعة متقنة.": "That every beneficiary gets a quick, careful service.",
    "تيسير الإجراءات": "Simplify procedures",
    "قياس رضا المستفيدين": "Measure beneficiaries' satisfaction",
    "المقابلة الشخصية": "Personal interview",
    "نستقبلك في مكاتبنا.": "We receive you at our offices.",
    "طلب المساعدة عبر الموقع": "Help request on the website",
    "دليل البحث الاجتماعي": "The social research guide",
    "يستقبل الموظف المستفيد.": "Staff receive the beneficiary.",
    DECLARATION: "The applicant declares and signs that the data is accurate.",
    "تبلغ لجنة البحث المستفيد بقبول طلبه أو رفضه خلال أسبوعين.": (
        "The research committee tells the beneficiary within two weeks whether the request is accepted."
    ),
}

# --- The home page's sections ------------------------------------------------------------------------
FRONT_PAGE_ENGLISH = {
    **HOME_ENGLISH,
    "كيف نخدمك": "How we can help",
    "اطلب مساعدة": "Ask for help",
    "قدّم طلب دعم لأسرتك وأرفق مستنداتك من بيتك.": "Send a support request for your family, with your documents.",
    "قدّم طلبك": "Apply",
    "تطوّع معنا": "Volunteer with us",
    "سجّل متطوعًا": "Sign up to volunteer",
    "الشكاوى والمقترحات": "Complaints and suggestions",
    "أرسل رسالتك": "Send your message",
    "تابع طلبك": "Follow up your request",
    "اعرف حالة طلبك برقم الطلب ورقم جوالك.": "See where your request stands with its reference and your mobile.",
    "خدمات مختارة": "Featured services",
    RELATIONS: "Beneficiary relationship policy",
    "تبين السياسة حقوقك عندنا.": "The policy sets out your rights with us.",
    "اقرأ السياسة": "Read the policy",
    "تواصل معنا": "Contact us",
    "يسعدنا استقبالك في فروعنا.": "We are glad to welcome you at our branches.",
}


def build_catalogue(site: Site | None = None) -> dict:
    """The whole catalogue on `site` (default: the default site); its primary keys, for `read_catalogue`."""
    site = site_or_default(site)
    home = home_of(site)
    forms = {page.slug: page for page in FormPage.objects.child_of(home).live()}
    _complete_identity(site)
    library, policies = _build_library(home, forms.get("help-request"))
    index, services = _build_services(home, forms.get("help-request"), policies["beneficiary-relations"])
    _build_front_page(home, index, services, policies["beneficiary-relations"])
    return {
        "site": site.pk, "library": library.pk, "index": index.pk,
        "policies": {slug: page.pk for slug, page in policies.items()},
        "services": {slug: page.pk for slug, page in services.items()},
    }  # fmt: skip


def read_catalogue(rows: dict) -> SimpleNamespace:
    """The catalogue's rows, fresh from the database: `.site`, `.home_ar`, `.home_en`, `.index` and `.index_en`
    (the service index), `.library` and `.library_en`, `.services` / `.services_en` and `.policies` /
    `.policies_en` by slug, `.categories` and `.groups` (Arabic, by slug)."""
    site = Site.objects.select_related("root_page").get(pk=rows["site"])
    home_ar = site.root_page.specific
    index = ServiceIndexPage.objects.get(pk=rows["index"])
    library = Page.objects.get(pk=rows["library"]).specific
    services = {page.slug: page for page in ServicePage.objects.filter(pk__in=rows["services"].values())}
    policies = {page.slug: page for page in PolicyPage.objects.filter(pk__in=rows["policies"].values())}
    return SimpleNamespace(
        site=site, home_ar=home_ar, home_en=home_ar.get_translation(english()).specific,
        index=index, index_en=index.get_translation(english()).specific,
        library=library, library_en=library.get_translation(english()).specific,
        services=services, services_en=_translations(ServicePage, services),
        policies=policies, policies_en=_translations(PolicyPage, policies),
        categories={item.slug: item for item in ServiceCategory.objects.filter(locale__language_code="ar")},
        groups={item.slug: item for item in BeneficiaryGroup.objects.filter(locale__language_code="ar")},
    )  # fmt: skip


def _translations(model, pages: dict) -> dict:
    keys = {page.translation_key: slug for slug, page in pages.items()}
    found = model.objects.filter(locale=english(), translation_key__in=keys)
    return {keys[page.translation_key]: page for page in found}


def _complete_identity(site: Site) -> None:
    """The association's second branch, postal code, email, social account and logo (JSON-LD, contact blocks)."""
    settings = OrganisationSettings.for_site(site)
    profile = settings.profile
    profile.branches = [*((block.block_type, block.value) for block in profile.branches), ("branch", SECOND_BRANCH)]
    profile.save()
    translate(profile, IDENTITY_ENGLISH)
    settings.postal_code = POSTAL_CODE
    settings.email = EMAIL
    settings.social_accounts = [("account", {"platform": "x", "url": SOCIAL_ACCOUNT})]
    settings.logo = ImageFactory()
    settings.full_clean()
    settings.save()


def _relations_body(form):
    channels = [{"kind": "interview", "name": "المقابلة الشخصية", "description": "نستقبلك في مكاتبنا.",
                 "page": None, "contact": ""}]  # fmt: skip
    if form is not None:
        channels.append(
            {"kind": "help_request", "name": "طلب المساعدة عبر الموقع", "description": "", "page": form, "contact": ""}
        )
    return [
        ("preamble", {"heading": "", "text": "<p>تنظم هذه السياسة علاقة الجمعية بالمستفيدين.</p>"}),
        ("general_objective", {"heading": "", "text": "<p>أن يحصل كل مستفيد على خدمة سريعة متقنة.</p>"}),
        ("objectives", {"heading": "", "items": [
            {"text": "تيسير الإجراءات", "sub_points": []},
            {"text": "قياس رضا المستفيدين", "sub_points": []},
        ]}),
        ("channels", {"heading": "", "channels": channels}),
        ("tools", {"heading": "", "items": ["دليل البحث الاجتماعي"]}),
        ("procedure", {"heading": "", "steps": [
            {"text": "يستقبل الموظف المستفيد.", "role": "beneficiary_relations", "period_days": None},
            {"text": DECLARATION, "role": "applicant", "period_days": None},
            {"text": "تبلغ لجنة البحث المستفيد بقبول طلبه أو رفضه خلال أسبوعين.", "role": "research_committee",
             "period_days": 14},
        ]}),
    ]  # fmt: skip


def _build_library(home, form):
    library = PolicyIndexPageFactory(parent=home, slug="policies", show_in_menus=True, english=LIBRARY_ENGLISH)
    categories = [
        PolicyCategoryFactory(name=name, sort_order=order, english=LIBRARY_ENGLISH)
        for order, (name, _english) in enumerate(POLICY_CATEGORIES, start=1)
    ]
    policies = {}
    for slug, title, category, sectioned in POLICIES:
        fields = {"body": _relations_body(form)} if sectioned else {}
        policies[slug] = PolicyPageFactory(
            parent=library, slug=slug, title=title, category=categories[category], english=LIBRARY_ENGLISH, **fields
        )
    return library, policies


def _build_services(home, form, policy):
    index = ServiceIndexPageFactory(
        parent=home, slug="services", show_in_menus=True,
        intro="اختر الخدمة التي تناسبك، واعرف شروطها ومستنداتها، ثم قدّم طلبك.", english=CATALOGUE_ENGLISH,
    )  # fmt: skip
    categories = {
        slug: ServiceCategoryFactory(slug=slug, name=name, sort_order=order, english=CATALOGUE_ENGLISH)
        for order, (slug, name, _english) in enumerate(CATEGORIES)
    }
    groups = {
        slug: BeneficiaryGroupFactory(slug=slug, name=name, sort_order=order, english=CATALOGUE_ENGLISH)
        for order, (slug, name, _english) in enumerate(GROUPS)
    }
    services = {}
    for slug, title, summary, category, group_slugs, reply_period, fields in SERVICES:
        steps = fields.get("steps", [RECEIVE])
        services[slug] = ServicePageFactory(
            parent=index, slug=slug, title=title, summary=summary, category=categories[category],
            beneficiary_groups=[groups[group] for group in group_slugs], reply_period_days=reply_period,
            eligibility=[("condition", CONDITION)],
            required_documents=[("document", {"name": ID_COPY, "required": True, "note": ""})],
            steps=[("step", {"title": step, "description": text}) for step, text in steps],
            channels=[("phone", PHONE_LINE)], request_form=form, related_policy=policy,
            english=CATALOGUE_ENGLISH, **{name: value for name, value in fields.items() if name != "steps"},
        )  # fmt: skip
    return index, services


def _action(title, text, label, page):
    return {"title": title, "text": text, "page": page, "url": "", "link_label": label}


def _build_front_page(home, index, services, policy):
    """The home page's sections, in both languages (its English translation follows)."""
    forms = {page.slug: page for page in Page.objects.child_of(home)}
    home.body = [
        ("calls_to_action", {"heading": "كيف نخدمك", "items": [
            _action("اطلب مساعدة", "قدّم طلب دعم لأسرتك وأرفق مستنداتك من بيتك.", "قدّم طلبك", forms["help-request"]),
            _action("تطوّع معنا", "", "سجّل متطوعًا", forms["volunteer"]),
            _action("الشكاوى والمقترحات", "", "أرسل رسالتك", forms["complaints"]),
            _action("تابع طلبك", "اعرف حالة طلبك برقم الطلب ورقم جوالك.", "تابع طلبك", forms["track-request"]),
        ]}),
        ("featured_services", {
            "heading": "خدمات مختارة", "services": [services[slug] for slug in FEATURED], "index_page": index,
        }),
        ("policy", {"heading": RELATIONS, "text": "تبين السياسة حقوقك عندنا.", "page": policy,
                    "link_label": "اقرأ السياسة"}),
        *((block.block_type, block.value) for block in home.body),
        ("contact", {"heading": "تواصل معنا", "text": "يسعدنا استقبالك في فروعنا."}),
    ]  # fmt: skip
    home.save_revision().publish()
    english_home = home.get_translation(english())
    translate(home, {**FRONT_PAGE_ENGLISH, home.slug: english_home.slug})
