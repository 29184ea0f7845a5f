from wagtail import hooks
from wagtail.permissions import register_permission_policy

from forms.admin_views import SubmissionViewSet, submission_policy
from forms.models import Submission

register_permission_policy(Submission, submission_policy, exact_class=True)


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet("submissions")
