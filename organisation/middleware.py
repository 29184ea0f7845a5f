"""Which association each request's person works in, read when the person is."""

from django.utils.functional import SimpleLazyObject

from organisation.associations import working_site_id


class WorkingAssociationMiddleware:
    """Marks the signed-in user with the association they work in, before any permission is read.
    Lazy, like Django's own `request.user`: a request that never asks who is signed in costs nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user

        def at_work():
            if user.is_authenticated:
                user.working_site_id = working_site_id(request)
            return user

        request.user = SimpleLazyObject(at_work)
        return self.get_response(request)
