"""The demo association's status lookup page (تتبع طلبك), linked to its satisfaction survey."""

from wagtail.models import Locale, Site

from core.localization import translate_with
from followup.models import StatusLookupPage
from forms.kinds import FormKind
from forms.models import FormPage

TITLE = "تتبع طلبك"
SLUG = "track-request"
INTRO = (
    "<p>اكتب رقم طلبك ورقم الجوال الذي كتبته في النموذج لتعرف أين وصل طلبك وموعد الرد عليه. "
    "ويمكنك أيضًا فتح الرابط الخاص الذي أرسلناه إليك في رسالة استلام الطلب.</p>"
)
ENGLISH = {
    TITLE: "Follow your request",
    SLUG: SLUG,
    "اكتب رقم طلبك ورقم الجوال الذي كتبته في النموذج لتعرف أين وصل طلبك وموعد الرد عليه. "
    "ويمكنك أيضًا فتح الرابط الخاص الذي أرسلناه إليك في رسالة استلام الطلب.": (
        "Type your reference number and the mobile number you gave on the form to see where your request stands"
        " and when we will answer. You can also open the personal link we sent you when your request arrived."
    ),
}


def seed(site: Site) -> StatusLookupPage:
    home = site.root_page.specific
    survey = FormPage.objects.child_of(home).filter(kind=FormKind.SURVEY).order_by("path").first()
    page = StatusLookupPage.objects.child_of(home).filter(slug=SLUG).first()
    if page is None:
        page = home.add_child(
            instance=StatusLookupPage(title=TITLE, slug=SLUG, intro=INTRO, survey_page=survey, show_in_menus=True)
        )
        page.save_revision().publish()
    elif page.survey_page_id is None and survey is not None:
        page.survey_page = survey
        page.save_revision().publish()
    if page.get_translation_or_none(Locale.objects.get(language_code="en")) is None:
        translate_with(page, "en", ENGLISH)
    return page
