"""wagtail.users with each association's own users and groups (organisation.users), in its place in INSTALLED_APPS."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "organisation.users.UserViewSet"
    group_viewset = "organisation.users.GroupViewSet"
