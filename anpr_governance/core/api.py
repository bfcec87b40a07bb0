"""How the API answers a refusal of the services: the one mapping of `DomainError` and
`NotPermitted` to JSON responses (the pages' is `core.web.refusal_status`).

Set as REST_FRAMEWORK["EXCEPTION_HANDLER"], so API handlers call a service and let its
refusal go: 403 when the person may not do it, 400 for anything else, with the service's
words: {"detail": message, "errors": {field: [messages]}} ("errors" only when the refusal
names fields). A serializer's own refusal (DRF's ValidationError) is put in the same shape, as the
schema documents every 400 (found by tests/fuzz/test_api_fuzz.py).

A refusal does not roll back the request's transaction (ATOMIC_REQUESTS). DRF calls this
handler inside the view, within the request's atomic block, and its own handler marks that
block for rollback; this one does not, because a service may have written, on purpose,
the record of the refused attempt (a refused search is logged before the refusal is raised).
What a service wrote before refusing is undone by the service's own transaction, as when
the views caught the refusal themselves.
"""

from rest_framework import status
from rest_framework.exceptions import ParseError, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import DomainError, NotPermitted
from .refusals import record_refused_request


def exception_handler(exc, context):
    """A service's refusal as 403 or 400 with its words; anything else as DRF answers it."""
    if isinstance(exc, DomainError):
        body = {"detail": exc.message}
        if exc.field_errors:
            body["errors"] = exc.field_errors
        code = status.HTTP_403_FORBIDDEN if isinstance(exc, NotPermitted) else status.HTTP_400_BAD_REQUEST
        return Response(body, status=code)
    if _before_the_view(exc) and record_refused_request(context["request"]._request, _reason(exc)):
        # Refused before the view wrote anything; the record of the refusal must be kept
        # (DRF's own handler would roll the request's transaction back).
        return Response({"detail": exc.detail}, status=exc.status_code)
    response = drf_exception_handler(exc, context)  # which also rolls the request's transaction back
    if isinstance(exc, ValidationError) and response is not None:
        # A serializer's own refusal in the same shape as a service's (the schema's Refusal).
        response.data = _refusal(exc.detail)
    return response


def _refusal(detail) -> dict:
    if not isinstance(detail, dict):
        messages = detail if isinstance(detail, list) else [detail]
        return {"detail": " ".join(str(message) for message in messages)}
    errors = {field: [str(m) for m in (messages if isinstance(messages, list) else [messages])]
              for field, messages in detail.items()}
    names = list(errors)
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return {"detail": f"Check {listed}: what each needs is in errors.", "errors": errors}


def _before_the_view(exc) -> bool:
    """A body DRF could not parse (with a session, in its CSRF check) or a failed CSRF check."""
    return isinstance(exc, ParseError) or (
        isinstance(exc, PermissionDenied) and str(exc.detail).startswith("CSRF Failed")
    )


def _reason(exc) -> str:
    if isinstance(exc, ParseError):
        return f"The request body could not be read: {exc.detail}"
    return f"The request was refused: {exc.detail}"
