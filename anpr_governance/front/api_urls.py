"""The API, mounted at /api/v1/ (see anpr_governance/urls.py)."""

from rest_framework.routers import SimpleRouter

from .api import SiteViewSet

router = SimpleRouter()
router.register("sites", SiteViewSet, basename="api-site")

urlpatterns = router.urls
