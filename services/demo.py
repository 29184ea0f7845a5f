"""Demo catalog of the invented association (جمعية نخلة العطاء الأهلية):
categories, beneficiary groups and six services, written in Arabic and
translated into English through wagtail-localize.

Each text is a pair T(arabic, english): the Arabic builds the content, the
pairs build the translation mapping, so the two can never drift apart.
"""

from wagtail.models import Locale, Page, Site

from core.localization import translate_with
from services.defaults import T, create_default_facets
from services.models import ServiceIndexPage, ServicePage


def arabic(value):
    """The Arabic side of a structure of T pairs (dicts, lists and tuples kept)."""
    if isinstance(value, T):
        return value.ar
    if isinstance(value, dict):
        return {key: arabic(item) for key, item in value.items()}
    if isinstance(value, list):
        return [arabic(item) for item in value]
    if isinstance(value, tuple):
        return tuple(arabic(item) for item in value)
    return value


def mapping(value, into=None) -> dict[str, str]:
    """Every Arabic text of a structure mapped to its English."""
    into = {} if into is None else into
    if isinstance(value, T):
        into[value.ar] = value.en
    elif isinstance(value, dict):
        for item in value.values():
            mapping(item, into)
    elif isinstance(value, list | tuple):
        for item in value:
            mapping(item, into)
    return into


def paragraphs(*texts: T) -> list[T]:
    """Rich text of plain paragraphs: wagtail-localize offers each paragraph as a segment."""
    return list(texts)


def rich_text(texts: list[T]) -> str:
    return "".join(f"<p>{text.ar}</p>" for text in texts)


INDEX = {
    "title": T("خدماتنا", "Our services"),
    "slug": "services",
    "intro": T(
        "اختر الخدمة التي تناسبك، واعرف شروطها ومستنداتها وموعد الرد عليها، ثم قدّم طلبك من الموقع أو في أقرب فرع.",
        "Choose the service that suits you, see its conditions, documents and reply period, then apply online or at the nearest branch.",
    ),
}

ID_COPY = T("صورة الهوية الوطنية أو الإقامة لمقدم الطلب", "A copy of the applicant's national ID or residence permit")
FAMILY_RECORD = T("صورة سجل الأسرة", "A copy of the family record")
RECEIVE = T("استقبال الطلب", "Request received")
RECEIVE_TEXT = T("نسجل طلبك ونعطيك رقمًا لمتابعته.", "We register your request and give you a number to follow it up.")
VERIFY = T("التحقق من البيانات", "Data verification")
VERIFY_TEXT = T(
    "نراجع المستندات، وقد يزورك الباحث الاجتماعي.", "We check the documents; a social researcher may visit you."
)
COMMITTEE = T("قرار لجنة البحث", "Research committee decision")
COMMITTEE_TEXT = T(
    "تدرس اللجنة الطلب وتبلغك بالقبول أو الاعتذار.",
    "The committee studies the request and tells you whether it is accepted.",
)
SUPPORT_LINE = {"label": T("خط المستفيدين", "Beneficiaries' line"), "number": "0115550789"}

SERVICES = [
    {
        "slug": "food-basket",
        "title": T("السلة الغذائية الشهرية", "Monthly food basket"),
        "summary": T(
            "سلة من المواد الغذائية الأساسية تصل الأسرة كل شهر أو تستلمها من الفرع.",
            "A basket of basic food delivered to the family every month, or collected from a branch.",
        ),
        "description": paragraphs(
            T(
                "نعدّ السلال بالتعاون مع متاجر محلية، ونراعي عدد أفراد الأسرة وأعمارهم.",
                "We prepare the baskets with local shops, sized to the family's number and ages.",
            ),
        ),
        "category": "financial-aid",
        "groups": ["families", "orphans", "widows", "elderly"],
        "eligibility": [
            T("أن تقيم الأسرة في نطاق خدمة الجمعية", "The family lives in the association's service area"),
            T(
                "ألا يزيد دخل الفرد في الأسرة على الحد الذي تعتمده الجمعية",
                "Income per family member is below the limit the association sets",
            ),
        ],
        "documents": [
            {"name": ID_COPY, "required": True, "note": ""},
            {"name": FAMILY_RECORD, "required": True, "note": ""},
            {
                "name": T("تعريف بالراتب أو ما يثبت الدخل", "A salary certificate or other proof of income"),
                "required": False,
                "note": T("إن وجد", "If there is one"),
            },
        ],
        "steps": [
            (RECEIVE, RECEIVE_TEXT),
            (VERIFY, VERIFY_TEXT),
            (COMMITTEE, COMMITTEE_TEXT),
            (
                T("التسليم الشهري", "Monthly delivery"),
                T("نوصل السلة أو نحدد لك موعد الاستلام.", "We deliver the basket or give you a time to collect it."),
            ),
        ],
        "reply_period_days": None,
        "form": "help-request",
    },
    {
        "slug": "rent-and-bills",
        "title": T("المساعدة في الإيجار والفواتير", "Help with rent and bills"),
        "summary": T(
            "نسهم في سداد الإيجار المتأخر أو فواتير الكهرباء والماء عن الأسر المتعثرة.",
            "We help pay overdue rent or electricity and water bills for families in difficulty.",
        ),
        "description": paragraphs(
            T(
                "ندفع المبلغ المعتمد إلى المؤجر أو الجهة المصدرة للفاتورة مباشرة، لا نقدًا.",
                "We pay the approved amount to the landlord or the utility directly, never in cash.",
            ),
        ),
        "category": "financial-aid",
        "groups": ["families", "widows"],
        "eligibility": [
            T(
                "عقد إيجار موثق أو فاتورة باسم أحد أفراد الأسرة",
                "A registered lease or a bill in a family member's name",
            ),
            T("تعذر السداد لظرف طارئ", "Payment is impossible because of an emergency"),
        ],
        "documents": [
            {"name": ID_COPY, "required": True, "note": ""},
            {"name": T("عقد الإيجار أو الفاتورة", "The lease or the bill"), "required": True, "note": ""},
            {
                "name": T("ما يثبت الظرف الطارئ", "Proof of the emergency"),
                "required": False,
                "note": T("تقرير طبي أو إنهاء خدمة مثلًا", "For example a medical report or a dismissal letter"),
            },
        ],
        "steps": [
            (RECEIVE, RECEIVE_TEXT),
            (VERIFY, VERIFY_TEXT),
            (COMMITTEE, COMMITTEE_TEXT),
            (T("السداد", "Payment"), T("نسدد المبلغ ونرسل لك ما يثبت ذلك.", "We pay and send you proof of payment.")),
        ],
        "reply_period_days": 30,
        "form": "help-request",
    },
    {
        "slug": "family-counselling",
        "title": T("الإرشاد الأسري", "Family counselling"),
        "summary": T(
            "جلسات سرية مع مرشد أسري مختص، حضوريًا أو عبر الهاتف.",
            "Confidential sessions with a qualified family counsellor, in person or by phone.",
        ),
        "description": paragraphs(
            T(
                "نساعد الزوجين والوالدين على حل الخلافات وتربية الأبناء، ونحيل الحالات التي تحتاج إلى مختص آخر.",
                "We help couples and parents resolve disputes and raise their children, and refer cases that need another specialist.",
            ),
        ),
        "category": "family-counselling",
        "groups": ["families", "widows", "orphans"],
        "eligibility": [T("أي أسرة في نطاق خدمة الجمعية", "Any family in the association's service area")],
        "documents": [
            {
                "name": ID_COPY,
                "required": False,
                "note": T(
                    "يكفي الاسم ورقم الجوال للجلسة الأولى",
                    "A name and a mobile number are enough for the first session",
                ),
            }
        ],
        "steps": [
            (T("حجز موعد", "Booking"), T("نتصل بك خلال أيام لتحديد موعد.", "We call you within days to set a time.")),
            (T("الجلسات", "Sessions"), T("من جلسة إلى ست جلسات حسب الحاجة.", "One to six sessions, as needed.")),
        ],
        "reply_period_days": 7,
        "form": "help-request",
    },
    {
        "slug": "rehabilitation",
        "title": T("التأهيل لذوي الإعاقة", "Rehabilitation for people with disabilities"),
        "summary": T(
            "علاج طبيعي وأجهزة مساندة وتدريب على المهارات اليومية.",
            "Physiotherapy, assistive devices and training in daily living skills.",
        ),
        "description": paragraphs(
            T(
                "نعمل مع مراكز تأهيل معتمدة، ونعير الكراسي المتحركة والأجهزة المساندة لمن يحتاجها.",
                "We work with accredited rehabilitation centres, and lend wheelchairs and assistive devices to those who need them.",
            ),
        ),
        "category": "empowerment",
        "groups": ["disabilities", "patients", "elderly"],
        "eligibility": [T("تقرير طبي حديث يبين الحاجة", "A recent medical report stating the need")],
        "documents": [
            {"name": ID_COPY, "required": True, "note": ""},
            {
                "name": T("التقرير الطبي", "The medical report"),
                "required": True,
                "note": T("صادر خلال الأشهر الستة الأخيرة", "Issued within the last six months"),
            },
        ],
        "steps": [
            (RECEIVE, RECEIVE_TEXT),
            (
                T("التقييم", "Assessment"),
                T("يقيّم المختص الحالة ويقترح الخطة.", "A specialist assesses the case and proposes a plan."),
            ),
            (
                T("التأهيل", "Rehabilitation"),
                T("تبدأ الجلسات أو يُسلَّم الجهاز.", "Sessions start or the device is handed over."),
            ),
        ],
        "reply_period_days": None,
        "form": "help-request",
    },
    {
        "slug": "training-and-employment",
        "title": T("التدريب والتوظيف", "Training and employment"),
        "summary": T(
            "دورات مهنية قصيرة وتوصيل المتدربين بفرص عمل لدى شركاء الجمعية.",
            "Short vocational courses, and introductions to jobs with the association's partners.",
        ),
        "description": paragraphs(
            T(
                "تشمل الدورات الخياطة والطهي والحاسب وخدمة العملاء، وتنتهي بشهادة حضور.",
                "Courses include sewing, cooking, computing and customer service, and end with a certificate of attendance.",
            ),
        ),
        "category": "empowerment",
        "groups": ["families", "widows", "orphans"],
        "eligibility": [T("أن يكون عمر المتقدم من ١٨ إلى ٥٠ سنة", "The applicant is between 18 and 50 years old")],
        "documents": [
            {"name": ID_COPY, "required": True, "note": ""},
            {"name": T("السيرة الذاتية", "A CV"), "required": False, "note": ""},
        ],
        "steps": [
            (RECEIVE, RECEIVE_TEXT),
            (
                T("المقابلة", "Interview"),
                T("مقابلة قصيرة لاختيار الدورة المناسبة.", "A short interview to choose the right course."),
            ),
            (
                T("الدورة ثم التوظيف", "Course, then work"),
                T("بعد الدورة نرشحك لفرص العمل المتاحة.", "After the course we put you forward for open jobs."),
            ),
        ],
        "reply_period_days": None,
        "fees": T(
            "رسم رمزي قدره ٥٠ ريالًا يُعاد إلى المتدرب عند إتمام الدورة",
            "A token fee of 50 riyals, returned when the trainee completes the course",
        ),
        "form": "help-request",
    },
    {
        "slug": "eid-clothing",
        "title": T("كسوة العيد", "Eid clothing"),
        "summary": T(
            "قسائم ملابس للأطفال تُصرف قبل عيد الفطر من متاجر مشاركة.",
            "Clothing vouchers for children, given before Eid al-Fitr at participating shops.",
        ),
        "description": paragraphs(
            T(
                "تصرف القسائم لكل طفل دون الخامسة عشرة في الأسر المسجلة لدى الجمعية.",
                "A voucher is given for every child under fifteen in families registered with the association.",
            )
        ),
        "category": "seasonal",
        "groups": ["orphans", "families"],
        "eligibility": [T("أن تكون الأسرة مسجلة لدى الجمعية", "The family is registered with the association")],
        "documents": [{"name": FAMILY_RECORD, "required": True, "note": ""}],
        "steps": [
            (RECEIVE, RECEIVE_TEXT),
            (
                T("صرف القسائم", "Vouchers handed out"),
                T("نرسل القسائم برسالة نصية قبل العيد.", "We send the vouchers by text message before the Eid."),
            ),
        ],
        "reply_period_days": None,
        "paused": T("يفتح التسجيل قبل شهر رمضان بأسبوعين.", "Registration opens two weeks before Ramadan."),
        "form": "help-request",
    },
]


def _find_page(slug):
    return Page.objects.filter(locale__language_code="ar", slug=slug).order_by("path").first()


def related_policy():
    """The beneficiary relationship policy once the policy library has it."""
    policies = Page.objects.filter(
        locale__language_code="ar", content_type__app_label="policies", content_type__model="policypage"
    ).order_by("path")
    return policies.filter(slug__contains="beneficiar").first() or policies.first()


def seed_index(home) -> ServiceIndexPage:
    """The site's service index under `home` (empty of services), in Arabic and English; also for a new association."""
    index = ServiceIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=ServiceIndexPage(
                title=INDEX["title"].ar, slug=INDEX["slug"], intro=INDEX["intro"].ar, show_in_menus=True
            )
        )
        index.save_revision().publish()
    if index.get_translation_or_none(Locale.objects.get(language_code="en")) is None:
        translate_with(index, "en", {**mapping(INDEX), "services": "services"})
    return index


def _service_fields(data, categories, groups):
    return {
        "title": data["title"].ar,
        "summary": data["summary"].ar,
        "description": rich_text(data["description"]),
        "category": categories[data["category"]],
        "eligibility": [("condition", text.ar) for text in data["eligibility"]],
        "required_documents": [("document", arabic(document)) for document in data["documents"]],
        "steps": [("step", {"title": title.ar, "description": text.ar}) for title, text in data["steps"]],
        "channels": [("phone", arabic(SUPPORT_LINE))],
        "reply_period_days": data["reply_period_days"],
        "is_free": "fees" not in data,
        "fees": data["fees"].ar if "fees" in data else "",
        "status": ServicePage.Status.PAUSED if "paused" in data else ServicePage.Status.AVAILABLE,
        "pause_reason": data["paused"].ar if "paused" in data else "",
    }


def _english(data) -> dict[str, str]:
    strings = mapping(data) | mapping(SUPPORT_LINE)
    strings[SUPPORT_LINE["number"]] = SUPPORT_LINE["number"]
    strings[data["slug"]] = data["slug"]
    return strings


def _seed_service(index, data, categories, groups, policy) -> ServicePage:
    english = _english(data)
    form = _find_page(data["form"])
    service = ServicePage.objects.child_of(index).filter(slug=data["slug"]).first()
    if service is None:
        service = ServicePage(slug=data["slug"], **_service_fields(data, categories, groups))
        service.beneficiary_groups = [groups[slug] for slug in data["groups"]]
        service.request_form = form
        service.related_policy = policy
        service.full_clean(exclude=["path", "depth", "translation_key", "locale"])
        index.add_child(instance=service)
        service.save_revision().publish()
        translate_with(service, "en", english)
    elif (service.request_form_id, service.related_policy_id) != (
        form.pk if form else None,
        policy.pk if policy else None,
    ):
        # Forms and policies arrive after the services: link them when they exist.
        service.request_form = form
        service.related_policy = policy
        service.save_revision().publish()
        translate_with(service, "en", english)
    return service


def seed(site: Site) -> ServiceIndexPage:
    home = site.root_page.specific
    facets = create_default_facets(site)
    categories, groups = facets["categories"], facets["groups"]
    index = seed_index(home)
    policy = related_policy()
    for data in SERVICES:
        _seed_service(index, data, categories, groups, policy)
    return index
