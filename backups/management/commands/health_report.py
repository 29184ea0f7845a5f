"""What to watch, in one command (docs/deploy.md, "What to watch"): exits 1 when something needs a person.

deploy/manage.sh health_report            # for a person
deploy/manage.sh health_report --quiet    # for a monitor: prints only the problems, exit status 0 or 1
"""

import datetime
import os

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from backups.backup import sets
from backups.stores import Store
from forms.models import Notification


def _minutes(since, now) -> int:
    return int((now - since).total_seconds() // 60) if since else 0


class Command(BaseCommand):
    help = "Task queue, owed notifications and the latest backup; exit status 1 when one is past its threshold."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print only the problems.")
        parser.add_argument("--queue-minutes", type=int, default=10, help="Oldest waiting task (10).")
        parser.add_argument("--running-minutes", type=int, default=30, help="Oldest running task (30).")
        parser.add_argument("--notification-minutes", type=int, default=60, help="Oldest overdue notification (60).")
        parser.add_argument("--backup-hours", type=int, default=26, help="Age of the latest backup (26).")

    def handle(self, *args, quiet=False, **limits):
        now = timezone.now()
        lines, problems = [], []

        tasks = {
            row["status"]: row
            for row in DBTaskResult.objects.values("status").annotate(count=Count("pk"), oldest=Min("enqueued_at"))
        }  # fmt: skip
        ready = tasks.get("READY", {"count": 0, "oldest": None})
        waiting = _minutes(ready["oldest"], now)
        lines.append(f"tasks waiting: {ready['count']} (oldest {waiting} min)")
        if ready["count"] and waiting > limits["queue_minutes"]:
            problems.append(
                f"tasks have waited {waiting} min: are the workers running? systemctl status 'website-worker@*'"
            )
        running = DBTaskResult.objects.filter(status="RUNNING").aggregate(count=Count("pk"), oldest=Min("started_at"))
        running_for = _minutes(running["oldest"], now)
        lines.append(f"tasks running: {running['count']} (longest {running_for} min)")
        if running["count"] and running_for > limits["running_minutes"]:
            problems.append(
                f"a task has been running for {running_for} min: a worker was probably killed in it "
                "(its notification is retried by forms_maintenance)"
            )
        day_ago = now - datetime.timedelta(days=1)
        failed = DBTaskResult.objects.filter(status="FAILED", finished_at__gte=day_ago).count()
        lines.append(f"tasks failed in the last 24 h: {failed}")

        pending = Notification.objects.filter(status=Notification.Status.PENDING)
        overdue = pending.filter(next_attempt_at__lte=now).aggregate(count=Count("pk"), oldest=Min("next_attempt_at"))
        late = _minutes(overdue["oldest"], now)
        lines.append(f"notifications pending: {pending.count()} ({overdue['count']} due, oldest {late} min late)")
        if overdue["count"] and late > limits["notification_minutes"]:
            problems.append(
                f"{overdue['count']} notification(s) owed for up to {late} min: is forms_maintenance running "
                "(systemctl list-timers 'website-*'), and do mail and SMS answer?"
            )
        gave_up = Notification.objects.filter(status=Notification.Status.FAILED, next_attempt_at__gte=day_ago).count()
        lines.append(f"notifications given up in the last 24 h: {gave_up}")
        if gave_up:
            problems.append(
                f"{gave_up} notification(s) could not be sent after every retry (see the request's timeline)"
            )

        location = os.environ.get("BACKUP_LOCATION", "").strip()
        if location:
            try:
                complete = sets(Store.parse(location))
            except Exception as error:  # the monitor must say so, not crash
                complete = None
                problems.append(f"cannot list the backups at {location}: {error}")
            if complete:
                taken = datetime.datetime.strptime(complete[-1], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
                age = (now - taken).total_seconds() / 3600
                lines.append(f"latest backup: {complete[-1]} ({age:.1f} h ago, {len(complete)} kept)")
                if age > limits["backup_hours"]:
                    problems.append(f"the latest backup is {age:.0f} h old: journalctl -u website-backup.service")
            elif complete is not None:
                problems.append(f"no complete backup at {location}")
        else:
            lines.append("latest backup: BACKUP_LOCATION is not set")

        if not quiet:
            for line in lines:
                self.stdout.write(line)
        for problem in problems:
            self.stdout.write(f"PROBLEM: {problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s)", returncode=1)
        if not quiet:
            self.stdout.write("OK")
