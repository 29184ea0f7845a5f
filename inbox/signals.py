"""Signals other apps listen to, so the inbox never imports them.

`case_moved` is sent after the transaction of a move commits (a staff move,
a bulk action, or the applicant's own: documents sent, withdrawal), with
`case`, `from_status`, `to_status` and `user` (None for the applicant).
A receiver runs outside that transaction: what it does cannot undo the move.

`personal_link_renewed` is sent inside the transaction in which staff sent the
applicant a new personal link (inbox.services.send_new_link), with `case` and
`user`: a receiver may owe more messages in that transaction (followup sends an
open survey link again, as its old one died with the old secret).
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

case_moved = Signal()
personal_link_renewed = Signal()


def send_after_commit(case, from_status, to_status, user=None):
    def send():
        for _receiver, result in case_moved.send_robust(
            sender=type(case), case=case, from_status=from_status, to_status=to_status, user=user
        ):
            if isinstance(result, Exception):
                logger.error("A receiver of case_moved failed for request %s: %r", case.pk, result, exc_info=result)

    transaction.on_commit(send)
