from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from anpr_governance.accounts.forms import SignInForm
from anpr_governance.core import views as core_views
from anpr_governance.front import views as front_views

urlpatterns = [
    path("", front_views.dashboard, name="dashboard"),
    # The home page is the dashboard: "home" is kept as a second name for the same page.
    path("", front_views.dashboard, name="home"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True,
                                                         authentication_form=SignInForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Passwords are chosen by their owner only: through a link sent by e-mail, or when signed in.
    path("accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/", include("anpr_governance.accounts.urls")),
    path("admin/", admin.site.urls),
    path("sites/", include("anpr_governance.front.site_urls")),
    path("sites/<str:reference>/", include("anpr_governance.assessments.urls")),
    path("sites/<str:reference>/", include("anpr_governance.consultations.urls")),
    path("sites/<str:reference>/", include("anpr_governance.reviews.urls")),
    path("sites/<str:reference>/", include("anpr_governance.evidence.urls")),
    path("reviews/", include("anpr_governance.front.decommissioning_urls")),
    path("api/v1/", include("anpr_governance.evidence.api_urls")),
    path("api/v1/", include("anpr_governance.front.api_urls")),
    path("api/v1/", include("anpr_governance.reads.api_urls")),
    path("api/v1/", include("anpr_governance.audit.api_urls")),
    path("api/v1/", include("anpr_governance.assessments.api_urls")),
    path("api/v1/", include("anpr_governance.consultations.api_urls")),
    path("api/v1/", include("anpr_governance.reviews.api_urls")),
    path("reads/", include("anpr_governance.reads.urls")),
    path("audit/", include("anpr_governance.audit.urls")),
    path("dpo/", include("anpr_governance.reads.dpo_urls")),
    path("reports/", include("anpr_governance.reports.urls")),
    path("consultations/", include("anpr_governance.consultations.moderation_urls")),
    path("", include("anpr_governance.public.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
