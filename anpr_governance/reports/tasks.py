"""Background work for compliance packs: thin, primary keys in, one service call each."""

from celery import Task, group, shared_task

from . import parts, services


@shared_task(name="reports.build_pack", acks_late=True)
def build_pack(pack_id: int) -> None:
    """Build a queued pack. A force-wide pack is prepared here and laid out in parts by
    `build_pack_part` tasks, which any number of workers share; the part that completes the
    set sends `assemble_pack`. Idempotent (the service claims the pack with a conditional
    UPDATE), so a task redelivered after a lost worker is safe."""
    indices = parts.start(pack_id=pack_id)
    if indices is None:
        services.pack_build(pack_id=pack_id)
    elif indices:
        group(build_pack_part.si(pack_id, index) for index in indices).apply_async()


class _PartTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Every retry failed: the pack cannot be finished, so say so on it."""
        services.mark_failed(args[0], exc)


@shared_task(name="reports.build_pack_part", base=_PartTask, acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(Exception,), max_retries=3, retry_backoff=1, retry_jitter=False)
def build_pack_part(pack_id: int, index: int) -> None:
    """Lay out one part of a force-wide pack; retried on failure. Safe to run twice (acks_late:
    redelivered if the worker is lost): a part's output is recorded once (parts.lay_out_part)."""
    if parts.lay_out_part(pack_id=pack_id, index=index):
        assemble_pack.delay(pack_id)


@shared_task(name="reports.assemble_pack", acks_late=True, reject_on_worker_lost=True)
def assemble_pack(pack_id: int) -> None:
    """Join the laid-out parts into the pack's one PDF. Idempotent (parts.assemble)."""
    try:
        parts.assemble(pack_id=pack_id)
    except Exception as error:
        services.mark_failed(pack_id, error)
