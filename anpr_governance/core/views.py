from django.db import connection
from django.http import JsonResponse
from django.views import csrf

from .refusals import record_refused_request


def healthz(request):
    """Liveness for operators: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def csrf_failure(request, reason=""):
    """Django's CSRF refusal (403), after recording the refused attempt where its view's app
    asks for it (core.refusals): a refused search is logged even when CSRF fails."""
    record_refused_request(request, f"The request was refused: its CSRF check failed ({reason}).")
    return csrf.csrf_failure(request, reason)
