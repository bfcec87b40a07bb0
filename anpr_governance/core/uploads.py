"""Uploads over the limit are refused before any of the file is written to disk.

Django reads a multipart body while parsing the form (the CSRF check does it before the view),
keeping files under FILE_UPLOAD_MAX_MEMORY_SIZE in memory and writing larger ones to a
temporary file. This handler stands first in FILE_UPLOAD_HANDLERS: when the request's
Content-Length is over ANPR_UPLOAD_MAX_MB it skips every file, so the handlers after it (memory,
disk) never receive a byte, while the other fields (the CSRF token) are still read; and it
stops a file whose bytes run past the limit all the same (a Content-Length that lies). The view
says so through `upload_refused(request)`.

A page with a lower limit of its own (evidence files: ANPR_EVIDENCE_MAX_MB) is wrapped in
`with_upload_limit`, which sets the request's limit before anything reads the body: the
CSRF check is moved inside the view (Django's documented pattern for changing upload
handling per view), since the middleware's check would read the body first."""

from functools import wraps

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.views.decorators.csrf import csrf_exempt, csrf_protect


def upload_limit_bytes(megabytes: int | None = None) -> int:
    return (settings.ANPR_UPLOAD_MAX_MB if megabytes is None else megabytes) * 1024 * 1024


def with_upload_limit(megabytes):
    """Give a view's uploads the limit `megabytes()` (read when the request comes)."""

    def decorate(view):
        protected = csrf_protect(view)

        @csrf_exempt  # checked by `protected`, after the limit is set: never skipped
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.upload_limit_bytes = upload_limit_bytes(megabytes())
            return protected(request, *args, **kwargs)

        return wrapped

    return decorate


def upload_refused(request) -> bool:
    """Whether a file of this request was skipped for being over the limit."""
    return getattr(request, "upload_too_large", False)


class SizeLimitUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = getattr(self.request, "upload_limit_bytes", None) or upload_limit_bytes()
        self.too_large = content_length > self.limit
        return None  # let the parser read the fields

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.too_large:
            self.request.upload_too_large = True
            raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = True
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or disk) gives the file
