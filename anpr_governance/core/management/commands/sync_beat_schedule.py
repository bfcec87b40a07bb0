"""Write settings.CELERY_BEAT_SCHEDULE to django-celery-beat's tables (one row per entry name)."""

from django.core.management.base import BaseCommand

from anpr_governance.core.schedule import sync_beat_schedule


class Command(BaseCommand):
    help = "Create or update the periodic tasks defined in code (CELERY_BEAT_SCHEDULE); never duplicates them."

    def handle(self, *args, **options):
        result = sync_beat_schedule()
        for name in result.synced:
            self.stdout.write(f"Scheduled: {name}")
        for name in result.disabled:
            self.stdout.write(f"Disabled (no longer in code): {name}")
