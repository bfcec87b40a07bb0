from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """Liveness for operators: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
