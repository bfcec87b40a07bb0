from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from anpr_governance.accounts.permissions import can_view_sites
from anpr_governance.reviews.selectors import notices_for_user

from .dashboard import bar_chart, dashboard_for


@require_GET
@login_required
def dashboard(request):
    """The home page of signed-in staff: where the sites stand and what waits for them."""
    if not can_view_sites(request.user):
        return render(request, "core/no_role.html")
    board = dashboard_for(request.user)
    return render(request, "core/dashboard.html", {
        "board": board,
        "chart": bar_chart(board.months),
        "notices": notices_for_user(request.user),
    })


def healthz(request):
    """Liveness for operators: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
