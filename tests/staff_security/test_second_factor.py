"""Staff accounts: a second factor (TOTP) for those who can see requests, recovery codes,
an administrator's reset, idle sessions ending, and a password change signing out everywhere."""

import html as html_lib
import io
import re
import time
from binascii import unhexlify
from datetime import timedelta
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry, Page, PageViewRestriction

from core.arabic import to_arabic_indic_digits
from home.factories import StandardPageFactory
from organisation.factories import home_of
from scripts.signin import app_code, sign_in, verified_device
from staff_security import policy, sessions

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
VERIFY = "/admin/two-step/verify/"
SETUP = "/admin/two-step/setup/"
PASSWORD = "a-long-Correct-passphrase-41"
GROUPS = {
    "relations": "Beneficiary relations",
    "researcher": "Social researchers",
    "committee": "Research committee",
    "admin": "Administrators",
    "editor": "Editors",
    "moderator": "Moderators",
}


def translated(text):
    """`text` as the default (Arabic) admin shows it, escaped as in the page."""
    with translation.override("ar"):
        return html_lib.escape(translation.gettext(text))


@pytest.fixture
def staff(db, django_user_model):
    users = {}
    for name, group in GROUPS.items():
        user = django_user_model.objects.create_user(name, email=f"{name}@example.org", password=PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        users[name] = user
    users["chief"] = django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    return users


def password_step(client, username, next_url="/admin/"):
    response = client.post(LOGIN, {"username": username, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def pending_key(client):
    return client.session[sessions.PENDING_KEY]


def code_for_key(key, steps_ahead=0):
    totp = TOTP(unhexlify(key))
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def wrong_code(device_or_key):
    """Six digits that no step around now accepts."""
    if isinstance(device_or_key, str):
        valid = {code_for_key(device_or_key, offset) for offset in (-1, 0, 1, 2)}
    else:
        valid = {app_code(device_or_key, offset) for offset in (-1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222", "333333", "444444") if code not in valid)


def enrol(client, username):
    """Password, then the enrolment a first sign-in leads to; returns the recovery codes shown."""
    password_step(client, username)
    client.get(SETUP)
    response = client.post(SETUP, {"code": code_for_key(pending_key(client)), "next": "/admin/"})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


def unthrottle(user):
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


# --- who must ------------------------------------------------------------------------------


def test_everyone_who_can_see_requests_must_use_a_second_factor(staff, django_user_model):
    must = {name for name, user in staff.items() if policy.must_use_second_factor(user)}
    assert must == {"relations", "researcher", "committee", "admin", "chief"}
    # A role given to one person, without a group, counts too.
    person = django_user_model.objects.create_user("one-off", password=PASSWORD)
    person.user_permissions.add(Permission.objects.get(content_type__app_label="inbox", codename="decide_case"))
    assert policy.must_use_second_factor(django_user_model.objects.get(pk=person.pk))


@pytest.mark.parametrize("name", ["relations", "researcher", "committee", "admin", "chief"])
def test_a_password_alone_leads_those_roles_to_enrolment(client, staff, name):
    password_step(client, name, "/admin/pages/")
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == SETUP + "?next=%2Fadmin%2Fpages%2F"
    # Nothing else of the admin either.
    assert client.get("/admin/inbox/")["Location"].startswith(SETUP)


@pytest.mark.parametrize("name", ["editor", "moderator"])
def test_editors_and_moderators_sign_in_with_their_password_alone(client, staff, name):
    password_step(client, name)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200


def test_with_an_app_the_password_leads_to_the_code(client, staff):
    device = verified_device(staff["relations"])
    password_step(client, "relations", "/admin/inbox/")
    assert client.get("/admin/inbox/")["Location"] == VERIFY + "?next=%2Fadmin%2Finbox%2F"
    # The sign-in page of a half-signed-in session goes to the code too, keeping where it was headed.
    assert client.get(LOGIN, {"next": "/admin/inbox/"})["Location"] == VERIFY + "?next=%2Fadmin%2Finbox%2F"
    page = client.get(VERIFY, {"next": "/admin/inbox/"})
    html = page.content.decode()
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert 'id="wagtail-sidebar"' not in html  # no menu before the second step

    wrong = client.post(VERIFY, {"code": wrong_code(device), "next": "/admin/inbox/"})
    assert wrong.status_code == 200
    assert translated("That code is not right. Type the code your app shows now.") in wrong.content.decode()
    assert client.get("/admin/inbox/").status_code == 302

    unthrottle(staff["relations"])
    code = app_code(device)
    response = client.post(VERIFY, {"code": code, "next": "/admin/inbox/"})
    assert response.status_code == 302 and response["Location"] == "/admin/inbox/"
    assert client.get("/admin/inbox/").status_code == 200
    # The same code cannot be used twice.
    other = Client()
    password_step(other, "relations")
    assert other.post(VERIFY, {"code": code}).status_code == 200


def test_a_code_in_arabic_indic_digits_is_accepted_at_sign_in(client, staff):
    device = verified_device(staff["committee"])
    password_step(client, "committee")
    response = client.post(VERIFY, {"code": " " + to_arabic_indic_digits(app_code(device)) + " ", "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_next_address_must_be_on_this_site(client, staff):
    device = verified_device(staff["relations"])
    password_step(client, "relations")
    response = client.post(VERIFY, {"code": app_code(device), "next": "https://evil.example/admin/"})
    assert response["Location"] == "/admin/"


def test_a_throttled_device_asks_to_wait_and_a_wrong_code_counts_against_the_sign_in_limit(client, staff, settings):
    device = verified_device(staff["relations"])
    password_step(client, "relations")
    typed = wrong_code(device)
    client.post(VERIFY, {"code": typed})
    # Right away, even the right code waits: django-otp doubles the wait after each failure.
    waiting = client.post(VERIFY, {"code": app_code(device)})
    assert waiting.status_code == 200 and client.get("/admin/").status_code == 302
    with translation.override("ar"):
        message = translation.ngettext(
            "Too many wrong codes in a row. Try again in %(seconds)s second.",
            "Too many wrong codes in a row. Try again in %(seconds)s seconds.",
            1,
        ) % {"seconds": 1}
    assert html_lib.escape(message) in waiting.content.decode()
    attempts = AccessAttempt.objects.get(username="relations")
    assert attempts.failures_since_start == 1  # the throttled try is not counted
    assert typed not in attempts.post_data  # django-axes keeps no code (AXES_SENSITIVE_PARAMETERS)
    # A second later the right code is taken.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=2))
    assert client.post(VERIFY, {"code": app_code(device)})["Location"] == "/admin/"


def test_wrong_codes_and_wrong_passwords_share_one_limit(client, staff, settings):
    device = verified_device(staff["relations"])
    client.post(LOGIN, {"username": "relations", "password": "wrong-guess", "next": "/admin/"})
    client.post(LOGIN, {"username": "relations", "password": "wrong-guess", "next": "/admin/"})
    password_step(client, "relations")  # the right password does not forget the typos yet
    assert AccessAttempt.objects.get(username="relations").failures_since_start == 2
    statuses = []
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        unthrottle(staff["relations"])
        statuses.append(client.post(VERIFY, {"code": wrong_code(device)}).status_code)
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 3) + [429]
    # The half-done sign-in ended, and the password is refused for the cool-off.
    assert "_auth_user_id" not in client.session
    assert client.post(LOGIN, {"username": "relations", "password": PASSWORD}).status_code == 429


def test_a_complete_sign_in_forgets_the_typos(client, staff):
    device = verified_device(staff["relations"])
    client.post(LOGIN, {"username": "relations", "password": "wrong-guess"})
    password_step(client, "relations")
    client.post(VERIFY, {"code": app_code(device)})
    assert not AccessAttempt.objects.filter(username="relations").exists()
    # An editor's sign-in is complete with the password.
    client.post(LOGIN, {"username": "editor", "password": "wrong-guess"})
    password_step(Client(), "editor")
    assert not AccessAttempt.objects.filter(username="editor").exists()


# --- enrolment -----------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_as_inline_svg_and_the_secret_as_text(client, staff):
    password_step(client, "researcher")
    page = client.get(SETUP, {"next": "/admin/"})
    html = page.content.decode()
    assert page.status_code == 200
    key = pending_key(client)
    secret = " ".join(re.findall(".{1,4}", policy_secret(key)))
    assert re.search(r'<svg[^>]+role="img"[^>]+aria-label="[^"]+"', html)
    assert "<path" in html and "<img" not in html.split('id="main"', 1)[1]
    assert secret in html and 'dir="ltr"' in html
    assert "<script>" not in html.split('id="main"', 1)[1]  # nothing inline: the site's CSP stays whole
    # Reloading keeps the same secret (the phone may have scanned it already).
    client.get(SETUP)
    assert pending_key(client) == key
    assert not TOTPDevice.objects.filter(user=staff["researcher"]).exists()


def policy_secret(key):
    from staff_security.qr import base32_secret

    return base32_secret(key)


def test_the_right_code_confirms_the_app_and_shows_ten_recovery_codes_once(client, staff):
    codes = enrol(client, "researcher")
    device = TOTPDevice.objects.get(user=staff["researcher"])
    assert device.confirmed and device.last_t >= 0
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = StaticToken.objects.filter(device__user=staff["researcher"]).values_list("token", flat=True)
    assert sorted(codes) == sorted(stored)
    # The session is signed in now; the codes are on no other page.
    assert client.get("/admin/").status_code == 200
    assert not any(code in client.get("/admin/two-step/").content.decode() for code in codes)
    entry = ModelLogEntry.objects.get(action="staff_security.enrol")
    assert entry.user_id == staff["researcher"].pk
    assert entry.label == f"#{staff['researcher'].pk}" and "researcher" not in str(entry.data)


def test_a_wrong_code_at_enrolment_changes_nothing_and_says_so(client, staff):
    password_step(client, "researcher")
    client.get(SETUP)
    key = pending_key(client)
    response = client.post(SETUP, {"code": wrong_code(key), "next": "/admin/"})
    assert response.status_code == 200
    message = (
        "That code is not right. Check that your phone sets its time automatically, "
        "and type the code the app shows now."
    )
    assert translated(message) in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff["researcher"]).exists()
    assert not StaticDevice.objects.filter(user=staff["researcher"]).exists()
    assert pending_key(client) == key
    assert client.get("/admin/").status_code == 302
    # Letters are not a code either.
    assert client.post(SETUP, {"code": "abcdef"}).status_code == 200


def test_arabic_indic_digits_confirm_the_app(client, staff):
    password_step(client, "researcher")
    client.get(SETUP)
    code = to_arabic_indic_digits(code_for_key(pending_key(client)))
    assert client.post(SETUP, {"code": code}).status_code == 200
    assert TOTPDevice.objects.get(user=staff["researcher"]).confirmed
    # Eastern Arabic-Indic (Persian keyboards) at sign-in too.
    other = Client()
    password_step(other, "researcher")
    device = TOTPDevice.objects.get(user=staff["researcher"])
    eastern = app_code(device, steps_ahead=1).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert other.post(VERIFY, {"code": eastern})["Location"] == "/admin/"


def test_an_app_cannot_be_replaced_with_the_password_alone(client, staff):
    verified_device(staff["relations"])
    password_step(client, "relations")
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "123456"})["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff["relations"]).count() == 1


def test_moving_to_a_new_phone_replaces_the_app_and_signs_out_other_sessions(client, staff):
    sign_in(client, staff["relations"])
    elsewhere = sign_in(Client(), staff["relations"])
    old = TOTPDevice.objects.get(user=staff["relations"])
    assert client.get(SETUP).status_code == 200
    assert client.post(SETUP, {"code": code_for_key(pending_key(client))}).status_code == 200
    assert list(TOTPDevice.objects.filter(user=staff["relations"])) != [old]
    assert client.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/")["Location"].startswith(LOGIN)


def test_editors_may_enrol_and_then_need_the_code_and_may_turn_it_off(client, staff):
    sign_in(client, staff["editor"])
    overview = client.get("/admin/two-step/").content.decode()
    assert "/admin/two-step/setup/" in overview and "/admin/two-step/turn-off/" not in overview
    assert client.get(SETUP).status_code == 200
    assert client.post(SETUP, {"code": code_for_key(pending_key(client))}).status_code == 200
    assert "/admin/two-step/turn-off/" in client.get("/admin/two-step/").content.decode()

    later = Client()
    password_step(later, "editor")
    assert later.get("/admin/")["Location"].startswith(VERIFY)

    assert client.post("/admin/two-step/turn-off/")["Location"] == "/admin/two-step/"
    assert not TOTPDevice.objects.filter(user=staff["editor"]).exists()
    assert client.get("/admin/").status_code == 200  # this session stays signed in
    assert ModelLogEntry.objects.filter(action="staff_security.turned_off").count() == 1


def test_those_who_must_cannot_turn_it_off(client, staff):
    sign_in(client, staff["relations"])
    assert client.post("/admin/two-step/turn-off/").status_code == 302
    assert TOTPDevice.objects.filter(user=staff["relations"]).exists()


def test_the_account_menu_leads_to_two_step_verification(client, staff):
    sign_in(client, staff["editor"])
    assert 'href="/admin/two-step/"' in client.get("/admin/account/").content.decode()


# --- recovery codes ------------------------------------------------------------------------


def test_a_recovery_code_works_once(client, staff):
    codes = enrol(client, "committee")
    first = Client()
    password_step(first, "committee")
    assert first.get(VERIFY, {"method": "recovery"}).status_code == 200
    response = first.post(VERIFY, {"code": codes[0].upper(), "method": "recovery", "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/two-step/"
    assert first.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=staff["committee"]).count() == 9
    assert ModelLogEntry.objects.filter(action="staff_security.recovery_code_used").count() == 1

    again = Client()
    password_step(again, "committee")
    unthrottle(staff["committee"])
    refused = again.post(VERIFY, {"code": codes[0], "method": "recovery"})
    assert refused.status_code == 200
    assert translated("That recovery code is not right, or it was used already.") in refused.content.decode()
    assert again.get("/admin/").status_code == 302


def test_new_recovery_codes_void_the_old_ones_and_keep_the_session(client, staff):
    old = enrol(client, "committee")
    response = client.post("/admin/two-step/recovery-codes/")
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert "no-store" in response["Cache-Control"]
    assert client.get("/admin/").status_code == 200
    assert ModelLogEntry.objects.filter(action="staff_security.recovery_codes").count() == 1


# --- reset by an administrator, and by the command ----------------------------------------


def test_an_administrator_resets_a_lost_phone_and_the_sessions_of_that_account_end(client, staff):
    victim = sign_in(Client(), staff["relations"])
    StaticDevice.objects.create(user=staff["relations"], name="recovery")
    sign_in(client, staff["admin"])
    listing = client.get("/admin/users/").content.decode()
    url = f"/admin/two-step/reset/{staff['relations'].pk}/"
    assert url in listing
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff["relations"]).exists()
    assert not StaticDevice.objects.filter(user=staff["relations"]).exists()
    entry = ModelLogEntry.objects.get(action="staff_security.reset")
    assert entry.user_id == staff["admin"].pk and entry.object_id == str(staff["relations"].pk)
    assert entry.label == f"#{staff['relations'].pk}" and entry.data == {"via": "admin"}
    # Their session that passed its second step ends at its next request.
    assert victim.get("/admin/inbox/")["Location"].startswith(LOGIN)
    # Signing in again leads to a new enrolment.
    password_step(victim, "relations")
    assert victim.get("/admin/")["Location"].startswith(SETUP)


def test_only_user_managers_may_reset_and_only_superusers_a_superuser(client, staff):
    verified_device(staff["relations"])
    verified_device(staff["chief"])
    url = f"/admin/two-step/reset/{staff['relations'].pk}/"
    sign_in(client, staff["editor"])
    # Wagtail answers a refusal in the admin with a redirect to the dashboard and a message.
    assert client.get(url)["Location"] == "/admin/"
    assert client.post(url)["Location"] == "/admin/"
    sign_in(client, staff["admin"])
    assert client.post(f"/admin/two-step/reset/{staff['chief'].pk}/")["Location"] == "/admin/"
    assert f"/admin/two-step/reset/{staff['chief'].pk}/" not in client.get("/admin/users/").content.decode()
    assert TOTPDevice.objects.filter(user__in=[staff["relations"], staff["chief"]]).count() == 2
    sign_in(client, staff["chief"])
    assert client.post(f"/admin/two-step/reset/{staff['admin'].pk}/")["Location"] == "/admin/users/"
    assert not TOTPDevice.objects.filter(user=staff["admin"]).exists()


def test_the_command_resets_the_last_administrator(staff):
    verified_device(staff["chief"])
    StaticDevice.objects.create(user=staff["chief"], name="recovery")
    out = io.StringIO()
    call_command("reset_second_factor", "chief", stdout=out)
    assert "chief" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=staff["chief"]).exists()
    assert not StaticDevice.objects.filter(user=staff["chief"]).exists()
    entry = ModelLogEntry.objects.get(action="staff_security.reset")
    assert entry.user_id is None and entry.data == {"via": "command"}
    with pytest.raises(CommandError):
        call_command("reset_second_factor", "nobody", stdout=io.StringIO())


# --- idle sessions -------------------------------------------------------------------------


def set_last_seen(client, seconds_ago):
    session = client.session
    session[sessions.SEEN_KEY] = sessions.now() - seconds_ago
    session.save()


def test_the_idle_limit_is_thirty_minutes(settings):
    assert settings.STAFF_SESSION_IDLE_SECONDS == 1800


def test_a_staff_session_ends_after_thirty_minutes_without_a_request(client, staff):
    sign_in(client, staff["relations"])
    set_last_seen(client, 1700)
    assert client.get("/admin/").status_code == 200
    assert sessions.now() - client.session[sessions.SEEN_KEY] < 5  # that request counted
    set_last_seen(client, 1801)
    response = client.get("/admin/inbox/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"]).content.decode()
    with translation.override("ar"):
        message = translation.ngettext(
            "You were signed out after %(minutes)s minute without activity. Please sign in again.",
            "You were signed out after %(minutes)s minutes without activity. Please sign in again.",
            30,
        ) % {"minutes": 30}
    assert html_lib.escape(message) in login_page


def test_a_public_page_visit_counts_and_an_idle_one_signs_out_too(client, staff):
    sign_in(client, staff["relations"])
    set_last_seen(client, 1801)
    assert client.get(home_of().url).status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_open_editors_pings_keep_the_session(client, staff):
    sign_in(client, staff["chief"])
    page = home_of()
    set_last_seen(client, 1790)
    # What Wagtail's page editor posts every 10 seconds while its tab is visible.
    ping = client.post(f"/admin/editing-sessions/ping/wagtailcore/page/{page.pk}/0/")
    assert ping.status_code == 200 and "html" in ping.json()
    assert sessions.now() - client.session[sessions.SEEN_KEY] < 5
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_editors_sessions_have_no_idle_limit(client, staff):
    sign_in(client, staff["editor"])
    set_last_seen(client, 5 * 3600)
    assert client.get("/admin/").status_code == 200


# --- passwords -----------------------------------------------------------------------------


def form_data(form):
    """What a browser would post for `form` left as it is shown."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value in (None, False) or hasattr(field, "allow_empty_file"):
            continue
        if value is True:
            value = "on"
        data[form.add_prefix(name)] = value
    return data


def test_changing_ones_password_signs_out_every_other_session(client, staff, rf):
    from wagtail.admin.views.account import AccountView

    user = staff["relations"]
    sign_in(client, user)
    elsewhere = sign_in(Client(), user)
    request = rf.get("/admin/account/")
    request.user = user
    view = AccountView()
    view.setup(request)
    data = {}
    for panel in view.get_panels():
        data.update(form_data(panel.get_form()))
    new_password = "another-Long-passphrase-77"
    data.update({"name_email-first_name": "Rana", "name_email-last_name": "Alharbi"})
    data.update({"password-old_password": PASSWORD, "password-new_password1": new_password,
                 "password-new_password2": new_password})  # fmt: skip
    response = client.post("/admin/account/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert client.get("/admin/").status_code == 200  # the session that changed it stays
    assert elsewhere.get("/admin/")["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in elsewhere.session


def test_an_administrator_setting_someones_password_signs_them_out_everywhere(client, staff):
    from wagtail.users.forms import UserEditForm

    user = staff["relations"]
    one, two = sign_in(Client(), user), sign_in(Client(), user)
    sign_in(client, staff["admin"])
    data = form_data(UserEditForm(instance=user, editing_self=False))
    data.update({"first_name": "Rana", "last_name": "Alharbi"})
    data.update({"password1": "set-By-the-administrator-5", "password2": "set-By-the-administrator-5"})
    response = client.post(reverse("wagtailusers_users:edit", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    for session in (one, two):
        assert session.get("/admin/inbox/")["Location"].startswith(LOGIN)
    assert client.get("/admin/").status_code == 200


# --- what is not affected ------------------------------------------------------------------


def test_public_pages_and_the_api_are_unaffected(client, staff):
    home_url = home_of().url
    assert client.get(home_url).status_code == 200
    api = client.get("/api/v3/pages/")
    assert api.status_code == 200 and api["Content-Type"].startswith("application/json")
    # A session between the password and the code sees them as any visitor does.
    password_step(client, "relations")
    assert client.get(home_url).status_code == 200
    assert client.get("/api/v3/pages/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_a_password_alone_does_not_open_pages_kept_for_signed_in_users(client, staff):
    about_ar = StandardPageFactory(title="من نحن")
    PageViewRestriction.objects.create(page=Page.objects.get(pk=about_ar.pk), restriction_type="login")
    url = about_ar.url
    password_step(client, "relations")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/ar/_util/login/")
    # Wagtail's sign-in link leads to the second step (here the enrolment: no app yet), with no loop.
    assert client.get(response["Location"])["Location"] == SETUP + "?next=" + quote(url, safe="")
    sign_in(client, staff["relations"])
    assert client.get(url).status_code == 200


def test_the_session_remembers_its_device_as_django_otp_does(client, staff):
    sign_in(client, staff["admin"])
    assert client.session[DEVICE_ID_SESSION_KEY] == TOTPDevice.objects.get(user=staff["admin"]).persistent_id
