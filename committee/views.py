"""The committee's sessions in the admin: the list, a new session and its edit (a Wagtail ModelViewSet), and the
session's own views (committee.views_session): the agenda, attendance, decisions, opening and closing.

Sessions are reached only within the association worked in (organisation.associations.working_site): another
association's session is a 404."""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from committee import reports, sessions, views_circulation, views_minutes, views_session
from committee.decision_forms import SessionForm
from committee.models import CommitteeSession
from committee.permissions import site_of
from organisation.scoping import scoped_patterns


class SessionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(site=site_of(self.request))


class SessionCreateView(CreateView):
    """A new session belongs to the association worked in, numbered in sequence for its year."""

    def get_initial_form_instance(self):
        return self.model(site=site_of(self.request))

    def save_instance(self):
        session = self.form.save(commit=False)
        sessions.number_session(session)
        self.form.save_m2m()
        return session

    def get_success_url(self):
        """On to the new session's page, where its agenda is built."""
        return views_session.session_url(self.object)

    def get_success_message(self, instance):
        return _("%(session)s was created: build its agenda below.") % {"session": instance.label}


class SessionEditView(EditView):
    """Only a session still being prepared is edited (its date may move it into another year's numbering)."""

    def get_object(self, *args, **kwargs):
        session = super().get_object(*args, **kwargs)
        if session.site_id != site_of(self.request).pk or not session.is_preparing:
            raise Http404
        return session

    def save_instance(self):
        session = self.form.save(commit=False)
        sessions.renumber_if_year_changed(session)
        session.save()
        self.form.save_m2m()
        return session

    def get_success_url(self):
        return views_session.session_url(self.object)

    def get_success_message(self, instance):
        return _("%(session)s was saved.") % {"session": instance.label}


class SessionViewSet(ModelViewSet):
    model = CommitteeSession
    icon = "group"
    menu_label = _("Committee sessions")
    menu_order = 215
    add_to_admin_menu = True
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    list_display = [
        TitleColumn("label", label=_("session"), accessor="label",
               get_url=lambda session: views_session.session_url(session)),
        # The day itself, in both calendars (Wagtail's date column shows how long ago, which a coming session is not).
        Column("date", label=_("date"), accessor="dates_shown"),
        Column("place", label=_("place")),
        Column("status", label=_("status"), accessor="get_status_display"),
    ]  # fmt: skip
    list_per_page = 50
    ordering = ["-year", "-number"]

    def get_form_class(self, for_update=False):
        return SessionForm

    def get_urlpatterns(self):
        """The session's agenda, attendance, decisions, opening and closing (committee.views_session), its minutes
        (committee.views_minutes), circulation between sessions (committee.views_circulation), and the report on
        research and the committee (committee.reports)."""
        return [
            *scoped_patterns(super().get_urlpatterns(), CommitteeSession), *views_session.urlpatterns,
            *views_minutes.urlpatterns, *views_circulation.urlpatterns, path("reports/", reports.report, name="report"),
        ]  # fmt: skip
