"""`manage.py verify_access_log [--anchor HASH:COUNT]`: check the access log's hash chain from its
first entry, and that it still holds an anchor published earlier (e.g. printed in a pack)."""

from django.core.management.base import BaseCommand, CommandError

from anpr_governance.audit.chain import anchor_holds, verify_chain


def _anchor(value: str) -> tuple[str, int]:
    digest, _, count = value.partition(":")
    if not count.isdigit():
        raise CommandError(f"--anchor must be HASH:COUNT, as printed in a compliance pack (not {value!r}).")
    return digest.strip().lower(), int(count)


class Command(BaseCommand):
    help = (
        "Verify the access log: every entry's hash, its link to the entry before, and that none is missing. "
        "With --anchor HASH:COUNT, also that entry COUNT still has hash HASH. "
        "Exits 0 when intact; otherwise non-zero, naming the first bad entry."
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchor", metavar="HASH:COUNT",
                            help="a head published earlier (a pack prints it): the hash of entry COUNT")

    def handle(self, *args, **options):
        anchor = _anchor(options["anchor"]) if options["anchor"] else None
        result = verify_chain()
        if not result.intact:
            raise CommandError(f"Access log NOT intact. {result.problem}")
        self.stdout.write(f"Access log intact: {result.entries} entries, last hash {result.last_hash}.")
        if anchor is not None:
            holds, problem = anchor_holds(*anchor)
            if not holds:
                raise CommandError(f"Anchor NOT held. {problem}")
            self.stdout.write(f"Anchor held: entry {anchor[1]} still has hash {anchor[0]}.")
