"""Background work for compliance packs: thin, primary keys in, one service call."""

from celery import shared_task

from . import services


@shared_task(name="reports.build_pack", acks_late=True)
def build_pack(pack_id: int) -> None:
    """Build a queued pack. Idempotent (the service claims the pack with a conditional
    UPDATE), so a task redelivered after a lost worker is safe."""
    services.pack_build(pack_id=pack_id)
