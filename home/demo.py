"""Demo home page in Arabic, translated into English through wagtail-localize."""

from wagtail.models import Site

from home.models import HomePage, StandardPage
from website.localization import stream_differs, translate_with

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
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage; run the migrations first.")
    changed = home.title != TITLE or home.intro != INTRO or stream_differs(home.body, BODY)
    if changed or not home.live:
        home.title = TITLE
        home.draft_title = TITLE
        home.intro = INTRO
        home.body = BODY
        home.save_revision().publish()
    english = home.get_translation_or_none(_english())
    if english is None or changed:
        english = translate_with(home, "en", ENGLISH)
    _seed_about(home)
    return home, english


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
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en")
