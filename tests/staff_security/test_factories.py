"""staff_security.factories: staff of any role with a verified second factor, and a signed-in client."""

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken

from organisation.factories import PASSWORD, ROLES, UserFactory
from staff_security import policy
from staff_security.factories import StaffFactory, app_code, signed_in_client

pytestmark = pytest.mark.django_db

LOGIN, VERIFY = "/admin/login/", "/admin/two-step/verify/"


@pytest.mark.parametrize("role", ROLES)
def test_staff_of_each_role_open_the_admin(role):
    user = StaffFactory(role=role)
    assert user.device.confirmed and policy.app_device(user) == user.device
    assert len(user.recovery_codes) == 10 and StaticToken.objects.filter(device__user=user).count() == 10
    client = signed_in_client(user)
    response = client.get("/admin/")
    assert response.status_code == 200 and 'id="wagtail-sidebar"' in response.content.decode()
    assert response.wsgi_request.user.is_verified()


def test_the_app_signs_in_as_a_phone_would():
    """The device is a working authenticator app: the password, then its next code, reach the admin."""
    user = StaffFactory(role="relations")
    client = Client()
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD, "next": "/admin/inbox/"})
    assert response.status_code == 302
    assert client.get("/admin/inbox/")["Location"].startswith(VERIFY)
    # The code that confirmed the app is spent: its next one is typed.
    response = client.post(VERIFY, {"code": app_code(user.device, steps_ahead=1), "next": "/admin/inbox/"})
    assert response.status_code == 302 and response["Location"] == "/admin/inbox/"
    assert client.get("/admin/inbox/").status_code == 200


def test_without_a_second_factor():
    editor = UserFactory(role="editor")
    assert signed_in_client(editor).get("/admin/").status_code == 200  # editors need none
    relations = StaffFactory(role="relations", second_factor=False)
    assert policy.app_device(relations) is None
    with pytest.raises(ValueError, match="no authenticator app"):
        signed_in_client(relations)
