"""Run the daily review sweep now (beat runs it every day; running it again changes nothing)."""

from django.core.management.base import BaseCommand

from anpr_governance.reviews.sweep import review_sweep


class Command(BaseCommand):
    help = "Run the review sweep now: open due reviews, send reminders, mark and escalate overdue reviews."

    def handle(self, *args, **options):
        report = review_sweep()
        self.stdout.write(
            f"Review sweep of {report.day:%d %b %Y}: {report.reviews_opened} review(s) opened, "
            f"{report.reminders} reminder(s), {report.marked_overdue} marked overdue, {report.notices} notice(s), "
            f"flags of {report.flags_evaluated} collecting site(s) evaluated."
        )
