"""Demo policies of the invented association, in Arabic with English translations.

Written for this site; the facts (channels, periods, steps) follow what such
policies usually say. Safe to run again: nothing is duplicated.
"""

import datetime

from wagtail.models import Locale, Site

from core.localization import translate_with
from policies.blocks import CHANNEL_FORM_KINDS
from policies.defaults import create_default_categories
from policies.importer import form_page_for
from policies.models import PolicyIndexPage, PolicyPage

ENGLISH: dict[str, str] = {}


def t(arabic: str, english: str) -> str:
    """Record a segment's English and return the Arabic source."""
    ENGLISH[arabic] = english
    return arabic


def p(arabic: str, english: str) -> str:
    """A rich-text paragraph: the segment is its text, without the <p>."""
    return f"<p>{t(arabic, english)}</p>"


INDEX = {
    "slug": "policies",
    "title": t("السياسات واللوائح", "Policies and regulations"),
    "intro": t(
        "السياسات التي اعتمدها مجلس إدارة الجمعية وتعمل بها، مرتبة حسب موضوعها، مع النسخ السابقة للاطلاع.",
        "The policies the association's board has approved and that we work by, arranged by subject, with earlier versions for reference.",
    ),
}
ENGLISH["policies"] = "policies"

BOARD = t("مجلس الإدارة", "Board of Directors")


def _channel(kind, name, description="", contact=""):
    return {"kind": kind, "name": name, "description": description, "page": None, "contact": contact}


def _relations_body(period_phrase: str, period_days: int, with_online: bool):
    channels = [
        _channel(
            "interview",
            t("المقابلة الشخصية", "Personal interview"),
            t(
                "نستقبلك في مكاتبنا ونستمع إليك دون موعد مسبق.",
                "We receive you at our offices and listen to you without an appointment.",
            ),
            t(
                "المقر الرئيسي بالرياض وفرع الخرج، من الأحد إلى الخميس",
                "Head office in Riyadh and the Al-Kharj branch, Sunday to Thursday",
            ),
        ),
        _channel(
            "phone",
            t("الاتصال الهاتفي", "Phone calls"),
            contact=t("الهاتف 0115550123، والرقم المجاني 8001240000", "Phone 0115550123, toll-free 8001240000"),
        ),
        _channel(
            "social_media",
            t("حسابات الجمعية في وسائل التواصل الاجتماعي", "The association's social media accounts"),
            t("للأسئلة العامة ومعرفة مواعيد البرامج.", "For general questions and programme dates."),
        ),
        _channel(
            "letters",
            t("الخطابات الرسمية", "Official letters"),
            contact=t(
                "ترسل إلى المقر الرئيسي أو بالبريد الإلكتروني للجمعية",
                "Sent to the head office or to the association's email",
            ),
        ),
        _channel(
            "branch_representatives",
            t("مندوبو الفروع", "Branch representatives"),
            t("يزورون الأسر التي يصعب عليها الحضور.", "They visit families who find it hard to come to us."),
            t("فرع الخرج: 0115550456", "Al-Kharj branch: 0115550456"),
        ),
    ]
    if with_online:
        channels += [
            _channel(
                "help_request",
                t("طلب المساعدة عبر الموقع", "Help request on the website"),
                t(
                    "قدم طلبك وأرفق مستنداتك، وتابعه برقم الطلب.",
                    "Send your request with your documents and follow it with its reference number.",
                ),
            ),
            _channel(
                "volunteer",
                t("التطوع", "Volunteering"),
                t(
                    "سجل رغبتك في التطوع ومجالاتك وأوقاتك.",
                    "Tell us you would like to volunteer, in which fields and when.",
                ),
            ),
            _channel(
                "complaints",
                t("نافذة الشكاوى والمقترحات", "Complaints and suggestions window"),
                t(
                    "لكل شكوى أو اقتراح رقم ومتابعة ورد.",
                    "Every complaint or suggestion gets a number, a follow-up and an answer.",
                ),
            ),
            _channel(
                "survey",
                t("استبيان قياس الرضا", "Satisfaction survey"),
                t("رأيك بعد تلقي الخدمة يساعدنا على تحسينها.", "Your opinion after the service helps us improve it."),
            ),
        ]
    else:
        channels.append(_channel("website", t("الموقع الإلكتروني للجمعية", "The association's website")))
    return [
        (
            "preamble",
            {
                "heading": "",
                "text": p(
                    "تنظم هذه السياسة تعامل جمعية نخلة العطاء الأهلية مع المستفيدين من خدماتها، وتبين حقوقهم وواجباتهم وطريقة وصول طلباتهم إلى من يدرسها، حتى تكون العلاقة واضحة ومنصفة للطرفين.",
                    "This policy sets out how Nakhlat Al-Ataa Community Association deals with the people who benefit from its services: their rights and duties, and how their requests reach those who study them, so that the relationship is clear and fair to both sides.",
                ),
            },
        ),
        (
            "general_objective",
            {
                "heading": "",
                "text": p(
                    "أن يحصل كل مستفيد على خدمة سريعة متقنة بأيسر طريق، وأن تصله الجمعية حيث هو دون أن يضطر إلى السؤال مرة بعد مرة.",
                    "That every beneficiary gets a quick, careful service by the easiest route, and that the association reaches them where they are without their having to ask again and again.",
                ),
            },
        ),
        (
            "objectives",
            {
                "heading": "",
                "items": [
                    {
                        "text": t(
                            "تيسير الإجراءات حتى ينال المستفيد ما يحتاجه دون عناء",
                            "Simplify procedures so that beneficiaries get what they need without hardship",
                        ),
                        "sub_points": [],
                    },
                    {
                        "text": t("تقديم الخدمات إلكترونيًا كلما أمكن", "Offer services online wherever possible"),
                        "sub_points": [],
                    },
                    {
                        "text": t(
                            "الإجابة عن الأسئلة عبر أكثر من قناة", "Answer questions through more than one channel"
                        ),
                        "sub_points": [],
                    },
                    {
                        "text": t("قياس رضا المستفيدين بانتظام", "Measure beneficiaries' satisfaction regularly"),
                        "sub_points": [
                            t(
                                "التقييم حق للمستفيد، وأداة للتحسين لا للمحاسبة",
                                "Rating the service is the beneficiary's right, and a tool for improvement, not for blame",
                            ),
                            t(
                                "تنشر النتائج على الأقسام لتتعلم منها",
                                "Results are shared with every department to learn from",
                            ),
                        ],
                    },
                ],
            },
        ),
        ("channels", {"heading": "", "channels": channels}),
        (
            "tools",
            {
                "heading": "",
                "items": [
                    t("النظام الأساسي للجمعية", "The association's statutes"),
                    t("دليل البحث الاجتماعي", "The social research guide"),
                    t("دليل سياسة الدعم", "The support policy guide"),
                    t("نموذج طلب الدعم", "The support request form"),
                ],
            },
        ),
        (
            "procedure",
            {
                "heading": "",
                "steps": [
                    {
                        "text": t(
                            "يستقبل الموظف المستفيد بلطف ويجيب عن أسئلته.",
                            "Staff receive the beneficiary courteously and answer their questions.",
                        ),
                        "role": "beneficiary_relations",
                        "period_days": None,
                    },
                    {
                        "text": t(
                            "يتحقق الموظف من اكتمال المستندات وصحة البيانات عند التقديم.",
                            "Staff check that every document is there and the data is valid at the time of submission.",
                        ),
                        "role": "beneficiary_relations",
                        "period_days": None,
                    },
                    {
                        "text": t(
                            "تحال الحالات غير الواضحة إلى الباحث الاجتماعي.",
                            "Unclear cases are referred to the social researcher.",
                        ),
                        "role": "social_researcher",
                        "period_days": None,
                    },
                    {
                        "text": t(
                            "يقر مقدم الطلب بصحة بياناته ويوقع على ذلك، وهو مسؤول عنها مسؤولية مباشرة.",
                            "The applicant declares and signs that the data is accurate, and bears direct responsibility for it.",
                        ),
                        "role": "applicant",
                        "period_days": None,
                    },
                    {"text": period_phrase, "role": "research_committee", "period_days": period_days},
                    {
                        "text": t(
                            "يستكمل التسجيل عند اكتمال الملف، ثم تقدم الخدمة.",
                            "Registration is completed once the file is complete, and the service is delivered.",
                        ),
                        "role": "beneficiary_relations",
                        "period_days": None,
                    },
                ],
            },
        ),
    ]


POLICIES = [
    {
        "slug": "beneficiary-relations-1444",
        "title": t(
            "سياسة تنظيم العلاقة مع المستفيدين (إصدار ١٤٤٤هـ)", "Beneficiary relationship policy (1444 AH edition)"
        ),
        "summary": t(
            "الإصدار الأول من سياسة العلاقة مع المستفيدين، قبل إطلاق خدمات الموقع.",
            "The first edition of the beneficiary relationship policy, before the website's services.",
        ),
        "category": "beneficiaries",
        "body": _relations_body(
            t(
                "تبلغ لجنة البحث المستفيد بقبول طلبه أو رفضه خلال شهر.",
                "The research committee tells the beneficiary within a month whether the request is accepted or rejected.",
            ),
            30,
            with_online=False,
        ),
        "approval": {
            "meeting_number": "118",
            "decision_number": "118/3",
            "approval_calendar": "hijri",
            "approval_date_hijri": "1444-02-10",
            "replaces_note": "",
        },
    },
    {
        "slug": "beneficiary-relations",
        "title": t("سياسة تنظيم العلاقة مع المستفيدين", "Beneficiary relationship policy"),
        "summary": t(
            "كيف نستقبل المستفيدين ونتواصل معهم وندرس طلباتهم، ومتى نجيبهم.",
            "How we receive beneficiaries, stay in touch with them, study their requests, and when we answer.",
        ),
        "category": "beneficiaries",
        "supersedes": "beneficiary-relations-1444",
        "body": _relations_body(
            t(
                "تبلغ لجنة البحث المستفيد بقبول طلبه أو رفضه خلال أسبوعين.",
                "The research committee tells the beneficiary within two weeks whether the request is accepted or rejected.",
            ),
            14,
            with_online=True,
        ),
        "approval": {
            "meeting_number": "161",
            "decision_number": "161/4",
            "approval_calendar": "hijri",
            "approval_date_hijri": "1446-06-25",
            "effective_date": datetime.date(2025, 1, 1),
            "replaces_note": t(
                "تحل محل إصدار ١٤٤٤هـ وكل ما سبقه من أدلة في موضوعها.",
                "It replaces the 1444 AH edition and every earlier guide on the subject.",
            ),
        },
    },
    {
        "slug": "complaints-handling",
        "title": t("سياسة معالجة الشكاوى والمقترحات", "Complaints and suggestions policy"),
        "summary": t(
            "كل شكوى أو اقتراح يسجل برقم، ويرد عليه في موعد معلوم.",
            "Every complaint or suggestion is recorded with a number and answered by a known date.",
        ),
        "category": "beneficiaries",
        "body": [
            (
                "preamble",
                {
                    "heading": "",
                    "text": p(
                        "نرحب بالشكوى والاقتراح والشكر، فهي طريقنا إلى معرفة ما يحتاج إلى إصلاح وما يستحق أن يستمر.",
                        "We welcome complaints, suggestions and thanks alike: they show us what needs fixing and what deserves to go on.",
                    ),
                },
            ),
            (
                "channels",
                {
                    "heading": "",
                    "channels": [
                        _channel(
                            "complaints",
                            t(
                                "نافذة الشكاوى والمقترحات في الموقع",
                                "The complaints and suggestions window on the website",
                            ),
                        ),
                        _channel(
                            "phone",
                            t("الاتصال الهاتفي", "Phone calls"),
                            contact=t("الرقم المجاني 8001240000", "Toll-free 8001240000"),
                        ),
                        _channel(
                            "interview",
                            t("الحضور إلى مكاتب الجمعية", "Visiting the association's offices"),
                            contact=t(
                                "المقر الرئيسي بالرياض وفرع الخرج", "Head office in Riyadh and the Al-Kharj branch"
                            ),
                        ),
                    ],
                },
            ),
            (
                "procedure",
                {
                    "heading": "",
                    "steps": [
                        {
                            "text": t(
                                "تسجل الشكوى ويعطى صاحبها رقمًا لمتابعتها.",
                                "The complaint is recorded and its author given a number to follow it.",
                            ),
                            "role": "beneficiary_relations",
                            "period_days": 1,
                        },
                        {
                            "text": t(
                                "يدرسها المسؤول عن الخدمة المعنية ويقترح الحل.",
                                "The person responsible for the service concerned studies it and proposes a remedy.",
                            ),
                            "role": "beneficiary_relations",
                            "period_days": 5,
                        },
                        {
                            "text": t("يرد على صاحب الشكوى بما تقرر.", "The author is told what was decided."),
                            "role": "beneficiary_relations",
                            "period_days": 7,
                        },
                        {
                            "text": t(
                                "ترفع الشكاوى المتكررة إلى الإدارة لمعالجة أسبابها.",
                                "Recurring complaints go to management so that their causes are dealt with.",
                            ),
                            "role": "management",
                            "period_days": None,
                        },
                    ],
                },
            ),
        ],
        "approval": {
            "meeting_number": "161",
            "decision_number": "161/5",
            "approval_calendar": "gregorian",
            "approval_date": datetime.date(2024, 12, 26),
            "replaces_note": "",
        },
    },
    {
        "slug": "privacy",
        "title": t("سياسة الخصوصية وحماية البيانات الشخصية", "Privacy and personal data protection policy"),
        "summary": t(
            "ما نجمعه من بيانات ولماذا، وكم نحتفظ به، وحقوقك فيه.",
            "What data we collect and why, how long we keep it, and your rights over it.",
        ),
        "category": "governance",
        "body": [
            (
                "preamble",
                {
                    "heading": "",
                    "text": p(
                        "تلتزم الجمعية بنظام حماية البيانات الشخصية، ولا تجمع من بياناتك إلا ما يلزم لخدمتك.",
                        "The association abides by the Personal Data Protection Law and collects only the data needed to serve you.",
                    ),
                },
            ),
            (
                "section",
                {
                    "heading": t("ما نجمعه ولماذا", "What we collect and why"),
                    "text": p(
                        "الاسم ورقم الهوية والجوال وبيانات الأسرة والمستندات المرفقة، لدراسة الطلب والتواصل بشأنه فقط؛ لا نبيعها ولا نشاركها إلا مع جهة رسمية يلزمنا النظام بإبلاغها.",
                        "Name, ID number, mobile number, family details and attached documents, only to study the request and contact you about it; we never sell them and share them only with an authority the law obliges us to inform.",
                    ),
                },
            ),
            (
                "section",
                {
                    "heading": t("مدة الاحتفاظ", "How long we keep it"),
                    "text": p(
                        "خمس سنوات من إغلاق الطلب، ثم يتلف الملف ما لم يوجب نظام مدة أطول.",
                        "Five years from the request's closing, after which the file is destroyed unless a regulation requires longer.",
                    ),
                },
            ),
            (
                "section",
                {
                    "heading": t("حقوقك", "Your rights"),
                    "text": p(
                        "أن تطلع على بياناتك وتصححها وتطلب حذفها، ونجيبك خلال ثلاثين يومًا، ونبلغ الجهة المختصة عن أي تسرب خلال اثنتين وسبعين ساعة.",
                        "To see your data, correct it and ask for it to be deleted; we answer within thirty days, and report any breach to the competent authority within seventy-two hours.",
                    ),
                },
            ),
        ],
        "approval": {
            "meeting_number": "158",
            "decision_number": "158/2",
            "approval_calendar": "hijri",
            "approval_date_hijri": "1446-03-12",
            "replaces_note": "",
        },
    },
]
for _policy in POLICIES:
    ENGLISH[_policy["slug"]] = _policy["slug"]
ENGLISH[BOARD] = "Board of Directors"


def seed(site: Site) -> PolicyIndexPage:
    home = site.root_page.specific
    english = Locale.objects.get(language_code="en")
    categories = create_default_categories(site)
    index = seed_index(home)
    pages = {}
    for spec in POLICIES:  # older versions first: a newer one links to them
        pages[spec["slug"]] = _seed_policy(index, spec, categories, pages, english)
    return index


def seed_index(home) -> PolicyIndexPage:
    """The policy library under `home` (no policies in it), in Arabic and English; also for a new association."""
    english = Locale.objects.get(language_code="en")
    index = PolicyIndexPage.objects.child_of(home).filter(slug=INDEX["slug"]).first()
    if index is None:
        index = home.add_child(
            instance=PolicyIndexPage(title=INDEX["title"], slug=INDEX["slug"], intro=INDEX["intro"], show_in_menus=True)
        )
        index.save_revision().publish()
    if index.get_translation_or_none(english) is None:
        translate_with(index, "en", ENGLISH)
    return index


def _seed_policy(index, spec, categories, pages, english):
    policy = PolicyPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if policy is None:
        policy = PolicyPage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            category=categories[spec["category"]],
            body=_link_forms(spec["body"], index.locale.language_code),
            approving_body=BOARD,
            supersedes=pages.get(spec.get("supersedes")),
            **spec["approval"],
        )
        policy.clean()  # computes the other calendar's date, as the editor would
        index.add_child(instance=policy)
        policy.save_revision().publish()
    elif _channel_links(policy.body) != _channel_links(_link_forms(spec["body"], index.locale.language_code)):
        # The forms appeared since the last run: link the channels to them.
        policy.body = _link_forms(spec["body"], index.locale.language_code)
        policy.save_revision().publish()
        policy.refresh_from_db()
        translate_with(policy, "en", ENGLISH)
    if policy.get_translation_or_none(english) is None:
        translate_with(policy, "en", ENGLISH)
    return policy


def _channel_links(body) -> list:
    """The page each channel links to, in order (a StreamValue or a list of pairs)."""
    links = []
    for item in body:
        kind, value = (item.block_type, item.value) if hasattr(item, "block_type") else item
        if kind == "channels":
            for channel in value["channels"]:
                page = channel["page"]
                links.append(getattr(page, "pk", page))
    return links


def _link_forms(body, language_code):
    """Point online channels at the site's forms, when a colleague's app has made them."""
    linked = []
    for kind, value in body:
        if kind == "channels":
            value = {
                **value,
                "channels": [
                    {**channel, "page": form_page_for(channel["kind"], language_code)}
                    if channel["kind"] in CHANNEL_FORM_KINDS
                    else channel
                    for channel in value["channels"]
                ],
            }
        linked.append((kind, value))
    return linked
