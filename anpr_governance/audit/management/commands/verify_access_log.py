"""`manage.py verify_access_log`: check the access log's hash chain from its first entry."""

from django.core.management.base import BaseCommand, CommandError

from anpr_governance.audit.chain import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the access log: every entry's hash, its link to the entry before, and that none is missing. "
        "Exits 0 when intact; otherwise non-zero, naming the first bad entry."
    )

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.intact:
            raise CommandError(f"Access log NOT intact. {result.problem}")
        self.stdout.write(f"Access log intact: {result.entries} entries, last hash {result.last_hash}.")
