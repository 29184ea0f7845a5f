"""Site search finds Arabic whatever the spelling variant, on SQLite and PostgreSQL.

Each pair differs by one normalisation only: without it, the query misses.
"""

import pytest

from core.search import highlight
from home.models import StandardPage

pytestmark = pytest.mark.django_db

VARIANTS = [
    # (name, written on the page, typed by the visitor)
    ("hamza above alef", "أسطرلاب", "اسطرلاب"),
    ("hamza below alef", "إسطبلات", "اسطبلات"),
    ("madda on alef", "آجرومية", "اجرومية"),
    ("bare alef typed with hamza", "اسطوانات", "أسطوانات"),
    ("taa marbuta typed as haa", "مزرعة", "مزرعه"),
    ("haa typed as taa marbuta", "فاكهه", "فاكهة"),
    ("alef maqsura typed as yaa", "مستشفى", "مستشفي"),
    ("yaa typed as alef maqsura", "كرسي", "كرسى"),
    ("tatweel in the query", "قرطاس", "قرطـــاس"),
    ("tatweel in the page", "دفـــاتر", "دفاتر"),
    ("diacritics on the page", "مِحْبَرَات", "محبرات"),
    ("diacritics in the query", "مساطر", "مَسَاطِر"),
    ("arabic-indic digits in the query", "الصندوق 4821", "٤٨٢١"),
    ("western digits in the query", "الصندوق ٧٣٩٥", "7395"),
]


@pytest.fixture
def page_with(site_pages):
    def make(text):
        page = StandardPage(title=f"صفحة {text}", slug="variant", intro=f"نص فيه كلمة {text} للتجربة.")
        site_pages["home_ar"].add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


@pytest.mark.parametrize(("written", "typed"), [(w, t) for _n, w, t in VARIANTS], ids=[n for n, _w, _t in VARIANTS])
def test_search_finds_every_spelling_variant(client, page_with, written, typed):
    page = page_with(written)
    html = client.get("/ar/search/", {"q": typed}).content.decode()
    assert page.url in html


def test_search_finds_a_policy_with_a_variant_spelling(client, catalogue):
    # The page says "سياسة الخصوصية وحماية البيانات الشخصية"; typed without taa marbuta or hamza.
    html = client.get("/ar/search/", {"q": "سياسه الخصوصيه"}).content.decode()
    assert "/ar/policies/privacy/" in html


def test_search_reaches_text_inside_policy_sections(client, catalogue):
    # A procedure step of the beneficiary relationship policy ("يُقرّ مقدم الطلب"), typed without diacritics.
    html = client.get("/ar/search/", {"q": "يقر مقدم الطلب"}).content.decode()
    assert "/ar/policies/beneficiary-relations/" in html


def test_search_stays_in_the_readers_language(client, catalogue):
    html = client.get("/en/search/", {"q": "complaints"}).content.decode()
    assert "/en/policies/complaints-handling/" in html
    assert "/ar/policies/" not in html
    html = client.get("/ar/search/", {"q": "الشكاوى"}).content.decode()
    assert "/ar/policies/complaints-handling/" in html
    assert "/en/policies/" not in html


def test_results_mark_the_match_as_it_is_written(client, page_with):
    page_with("مِحْبَرَات")
    html = client.get("/ar/search/", {"q": "محبرات"}).content.decode()
    assert "<mark>مِحْبَرَات</mark>" in html


def test_nothing_found_says_so(client, site_pages):
    response = client.get("/ar/search/", {"q": "لاتوجدكلمةكهذه"})
    assert response.status_code == 200
    assert "لم نجد شيئًا" in response.content.decode()


def test_an_empty_query_shows_the_form_only(client, site_pages):
    html = client.get("/ar/search/").content.decode()
    assert 'name="q"' in html and "search-results" not in html


def test_the_query_is_escaped(client, site_pages):
    html = client.get("/en/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_highlight_marks_every_term_and_escapes_the_rest():
    text = "<b> تحل هذه السياسةُ محل السياسات السابقة </b>"
    marked = highlight(text, "السياسه")
    assert "<mark>السياسةُ</mark>" in marked
    assert "&lt;b&gt;" in marked


def test_highlight_excerpt_starts_near_the_match():
    text = "كلمة " * 200 + "الهدف العام"
    marked = highlight(text, "الهدف")
    assert marked.startswith("… ")
    assert "<mark>الهدف</mark>" in marked
