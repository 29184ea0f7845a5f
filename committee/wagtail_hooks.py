from wagtail import hooks

from committee.views import SessionViewSet


@hooks.register("register_admin_viewset")
def register_committee_sessions():
    return SessionViewSet("committee")
