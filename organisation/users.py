"""Wagtail's users and groups, each association's own: an association's administrator lists, edits and makes
only the groups tied to the association worked in (AssociationGroup) and the people in them, and gives only
those groups. A superuser (the operator) keeps the whole deployment. Installed by `UsersAppConfig`."""

from django.contrib.auth.models import Group
from django.http import Http404
from wagtail.users.views import groups, users

from organisation.associations import staff_of_site_q, working_site_id
from organisation.models import AssociationGroup


def scoped(request) -> bool:
    return not request.user.is_superuser


def groups_here(request):
    return Group.objects.filter(association_link__site_id=working_site_id(request))


def users_here(queryset, request):
    """The people who work here: in a group of the association worked in or in one tied to no association
    (whose permissions count everywhere, organisation.backends)."""
    return queryset.filter(staff_of_site_q(working_site_id(request))).distinct()


def ours_to_manage(queryset, request):
    """The people an association's administrator edits, deletes and reads the history of: those in its own
    groups. A person only in groups tied to no association (the operators) is listed but is the
    deployment's to manage."""
    return queryset.filter(groups__association_link__site_id=working_site_id(request)).distinct()


class UserFilterSet(users.UserFilterSet):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and scoped(request):
            self.filters["group"].queryset = groups_here(request)


class UserIndexView(users.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return users_here(queryset, self.request) if scoped(self.request) else queryset


class _OneOfOurs:
    """A person of another association is none here (404)."""

    def get_object(self, *args, **kwargs):
        person = super().get_object(*args, **kwargs)
        one = type(person)._default_manager.filter(pk=person.pk)
        if scoped(self.request) and not ours_to_manage(one, self.request):
            raise Http404
        return person


class _GroupsOfOurs:
    """The form offers only the association's groups; the person's groups elsewhere are kept as they were."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if scoped(self.request) and "groups" in form.fields:
            form.fields["groups"].queryset = groups_here(self.request)
        return form

    def save_instance(self):
        elsewhere = []
        if scoped(self.request) and self.form.instance.pk:
            elsewhere = list(self.form.instance.groups.exclude(pk__in=groups_here(self.request)))
        instance = super().save_instance()
        if elsewhere:
            instance.groups.add(*elsewhere)
        return instance


class UserCreateView(_GroupsOfOurs, users.CreateView):
    pass


class UserEditView(_OneOfOurs, _GroupsOfOurs, users.EditView):
    pass


class UserDeleteView(_OneOfOurs, users.DeleteView):
    pass


class UserHistoryView(_OneOfOurs, users.HistoryView):
    pass


class UserViewSet(users.UserViewSet):
    filterset_class = UserFilterSet
    index_view_class = UserIndexView
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView
    history_view_class = UserHistoryView


class GroupIndexView(groups.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.filter(pk__in=groups_here(self.request)) if scoped(self.request) else queryset


class _GroupOfOurs:
    def get_object(self, *args, **kwargs):
        group = super().get_object(*args, **kwargs)
        if scoped(self.request) and not groups_here(self.request).filter(pk=group.pk).exists():
            raise Http404
        return group


class GroupCreateView(groups.CreateView):
    """A new group works for the association its maker works in."""

    def save_instance(self):
        group = super().save_instance()
        AssociationGroup.objects.get_or_create(group=group, defaults={"site_id": working_site_id(self.request)})
        return group


class GroupEditView(_GroupOfOurs, groups.EditView):
    pass


class GroupDeleteView(_GroupOfOurs, groups.DeleteView):
    pass


class GroupViewSet(groups.GroupViewSet):
    index_view_class = GroupIndexView
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView
    delete_view_class = GroupDeleteView
