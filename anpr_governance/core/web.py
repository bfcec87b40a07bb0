"""How the pages answer a refusal of the services: the one mapping of `DomainError` and
`NotPermitted` to responses (the API's is `core.api.exception_handler`)."""

from django.core.exceptions import PermissionDenied

from .exceptions import NotPermitted


def allowed_or_403(check, *args, **kwargs) -> None:
    """Run a permission helper (accounts.permissions); its refusal becomes a 403 page saying why."""
    try:
        check(*args, **kwargs)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error


def refusal_status(error) -> int:
    """The status of a page shown again after a refusal: 403 when the person may not do it
    (NotPermitted), 400 for any other refusal (a DomainError: what was submitted is wrong,
    or the record is not in a state that allows it). The API answers the same way."""
    return 403 if isinstance(error, NotPermitted) else 400


def page_status(error=None, *, form=None) -> int:
    """The status of a form page drawn (again): as refusal_status when the service refused
    (`error`, returned by core.forms.attempt, which has put its words on the form); 400 when
    `form` is given and refused what was posted by itself (pages whose form checks only what
    they used to refuse as 400: a choice left empty, a file not selected); else 200."""
    if error is not None:
        return refusal_status(error)
    return 400 if form is not None and form.errors else 200


def posted(request):
    """The form data of a POST (even an empty one, which must still be validated), else None."""
    return request.POST if request.method == "POST" else None
