"""Demo home page in Arabic, translated into English through wagtail-localize."""

from wagtail.models import Locale, Page, Site

from core.localization import translate_with
from home.models import HomePage, StandardPage
from services.demo import related_policy
from services.models import ServiceIndexPage, ServicePage

TITLE = "الرئيسية"
INTRO = "جمعية أهلية تخدم الأسر المحتاجة في الرياض والخرج: نستقبل طلباتكم، وندرسها بعناية، ونجيبكم في وقت معلوم."
BODY = [
    ("heading", {"text": "من نحن"}),
    (
        "paragraph",
        "<p>نعمل منذ سنوات مع الأسر والأيتام والأرامل وذوي الإعاقة، ونقدم خدماتنا حضوريًا في فروعنا وإلكترونيًا عبر هذا الموقع.</p>",
    ),
    ("heading", {"text": "كيف تطلب المساعدة"}),
    (
        "paragraph",
        "<p>قدّم طلبك من الموقع وأرفق مستنداتك، واحتفظ برقم الطلب الذي يظهر لك لمتابعته. تدرس لجنة البحث الطلب وتجيبك خلال أسبوعين.</p>",
    ),
]
ENGLISH = {
    TITLE: "Home",
    "home": "home",
    INTRO: (
        "A community association serving families in need in Riyadh and Al-Kharj: we receive your requests,"
        " study them with care and answer you by a known date."
    ),
    "من نحن": "Who we are",
    "نعمل منذ سنوات مع الأسر والأيتام والأرامل وذوي الإعاقة، ونقدم خدماتنا حضوريًا في فروعنا وإلكترونيًا عبر هذا الموقع.": (
        "For years we have worked with families, orphans, widows and people with disabilities, in person at our"
        " branches and online through this website."
    ),
    "كيف تطلب المساعدة": "How to ask for help",
    "قدّم طلبك من الموقع وأرفق مستنداتك، واحتفظ برقم الطلب الذي يظهر لك لمتابعته. تدرس لجنة البحث الطلب وتجيبك خلال أسبوعين.": (
        "Send your request from the website with your documents, and keep the reference number you are shown"
        " to follow it up. The research committee studies the request and answers you within two weeks."
    ),
}


FEATURED = ["food-basket", "rent-and-bills", "family-counselling", "training-and-employment"]
FRONT_PAGE_ENGLISH = {
    "كيف نخدمك": "How we can help",
    "اطلب مساعدة": "Ask for help",
    "قدّم طلب دعم لأسرتك وأرفق مستنداتك من بيتك.": "Send a support request for your family, with your documents, from home.",
    "قدّم طلبك": "Apply",
    "تطوّع معنا": "Volunteer with us",
    "شاركنا وقتك وخبرتك في برامج الجمعية.": "Give your time and skills to the association's programmes.",
    "سجّل متطوعًا": "Sign up to volunteer",
    "الشكاوى والمقترحات": "Complaints and suggestions",
    "نافذتك لإيصال شكواك أو اقتراحك أو شكرك، ونرد على كل رسالة.": (
        "Your window for a complaint, a suggestion or a thank-you; we answer every message."
    ),
    "أرسل رسالتك": "Send your message",
    "تابع طلبك": "Follow up your request",
    "اعرف حالة طلبك برقم الطلب ورقم جوالك.": "See where your request stands with its reference number and your mobile number.",
    "خدمات مختارة": "Featured services",
    "سياسة تنظيم العلاقة مع المستفيدين": "Beneficiary relationship policy",
    "تبين السياسة حقوقك عندنا: أن نستقبلك بلطف، وأن نجيب طلبك خلال أسبوعين، وأن نسمع شكواك ونقيس رضاك.": (
        "The policy sets out your rights with us: a courteous welcome, an answer to your request within two weeks,"
        " a hearing for your complaints and a say in how satisfied you are."
    ),
    "اقرأ السياسة": "Read the policy",
    "تواصل معنا": "Contact us",
    "يسعدنا استقبالك في فروعنا أو الرد على اتصالك في أوقات العمل.": (
        "We are glad to welcome you at our branches, or to answer your call during working hours."
    ),
}

ABOUT_TITLE = "من نحن"
ABOUT_INTRO = "جمعية أهلية مسجلة، يديرها مجلس إدارة منتخب، ويعمل فيها موظفون ومتطوعون من أهل المنطقة."
ABOUT_BODY = [
    ("heading", {"text": "رسالتنا"}),
    (
        "paragraph",
        "<p>أن يصل العون إلى مستحقه بكرامة ويسر، وأن يعرف كل مستفيد حقوقه وموعد الرد على طلبه.</p>",
    ),
]
ABOUT_ENGLISH = {
    ABOUT_TITLE: "About us",
    "about": "about",
    ABOUT_INTRO: (
        "A registered community association, run by an elected board, with staff and volunteers from the area."
    ),
    "رسالتنا": "Our mission",
    "أن يصل العون إلى مستحقه بكرامة ويسر، وأن يعرف كل مستفيد حقوقه وموعد الرد على طلبه.": (
        "That help reaches those who need it with dignity and ease, and that every beneficiary knows their rights"
        " and when their request will be answered."
    ),
}


def seed(site: Site) -> tuple[HomePage, HomePage]:
    """The home page's identity and the about page; the body comes with `seed_front_page`."""
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage; run the migrations first.")
    changed = home.title != TITLE or home.intro != INTRO
    if changed or not home.live:
        home.title = TITLE
        home.draft_title = TITLE
        home.intro = INTRO
        home.save_revision().publish()
    english = home.get_translation_or_none(_english())
    if english is None or changed:
        english = translate_with(home, "en", ENGLISH | FRONT_PAGE_ENGLISH)
    _seed_about(home)
    return home, english


def seed_front_page(site: Site) -> HomePage:
    """The home page's blocks, linked to the services, forms and policy seeded before it."""
    home = site.root_page.specific
    body = front_page_body(home)
    if _body_differs(home.body, body):
        home.body = body
        home.save_revision().publish()
        translate_with(home, "en", ENGLISH | FRONT_PAGE_ENGLISH)
    return home


def _find(slug):
    return Page.objects.filter(locale__language_code="ar", slug=slug).order_by("path").first()


def _cta(title, text, label, slug, fallback=None):
    return {"title": title, "text": text, "page": _find(slug) or fallback, "url": "", "link_label": label}


def front_page_body(home) -> list:
    index = ServiceIndexPage.objects.child_of(home).first()
    services = (
        list(ServicePage.objects.descendant_of(index).filter(slug__in=FEATURED).order_by("path")) if index else []
    )
    policy = related_policy()
    return [
        (
            "calls_to_action",
            {
                "heading": "كيف نخدمك",
                "items": [
                    _cta(
                        "اطلب مساعدة",
                        "قدّم طلب دعم لأسرتك وأرفق مستنداتك من بيتك.",
                        "قدّم طلبك",
                        "help-request",
                        index,
                    ),
                    _cta("تطوّع معنا", "شاركنا وقتك وخبرتك في برامج الجمعية.", "سجّل متطوعًا", "volunteer"),
                    _cta(
                        "الشكاوى والمقترحات",
                        "نافذتك لإيصال شكواك أو اقتراحك أو شكرك، ونرد على كل رسالة.",
                        "أرسل رسالتك",
                        "complaints",
                    ),
                    _cta("تابع طلبك", "اعرف حالة طلبك برقم الطلب ورقم جوالك.", "تابع طلبك", "track-request"),
                ],
            },
        ),
        (
            "featured_services",
            {
                "heading": "خدمات مختارة",
                "services": services,
                "index_page": index,
            },
        ),
        (
            "policy",
            {
                "heading": "سياسة تنظيم العلاقة مع المستفيدين",
                "text": "تبين السياسة حقوقك عندنا: أن نستقبلك بلطف، وأن نجيب طلبك خلال أسبوعين، وأن نسمع شكواك ونقيس رضاك.",
                "page": policy,
                "link_label": "اقرأ السياسة",
            },
        ),
        *BODY,
        ("contact", {"heading": "تواصل معنا", "text": "يسعدنا استقبالك في فروعنا أو الرد على اتصالك في أوقات العمل."}),
    ]


def _body_differs(stream_value, blocks) -> bool:
    """Like `stream_differs`, but blind to the ids Wagtail gives list items."""

    def shape(block, value):
        return block.get_api_representation(value)

    current = [(child.block_type, shape(child.block, child.value)) for child in stream_value]
    child_blocks = stream_value.stream_block.child_blocks
    wanted = [(name, shape(child_blocks[name], child_blocks[name].normalize(value))) for name, value in blocks]
    return current != wanted


def _seed_about(home: HomePage) -> StandardPage:
    about = StandardPage.objects.child_of(home).filter(slug="about").first()
    if about is None:
        about = home.add_child(
            instance=StandardPage(
                title=ABOUT_TITLE, slug="about", intro=ABOUT_INTRO, body=ABOUT_BODY, show_in_menus=True
            )
        )
        about.save_revision().publish()
    if about.get_translation_or_none(_english()) is None:
        translate_with(about, "en", ABOUT_ENGLISH)
    return about


def _english():
    return Locale.objects.get(language_code="en")
