from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from ponte.core.converters import CodeConverter
from ponte.network.auth_forms import LoginForm, PasswordResetRequestForm
from ponte.network.two_factor.views import PasswordSetView

register_converter(CodeConverter, "code")

admin.site.site_header = "Ponte"
admin.site.site_title = "Ponte"

urlpatterns = [
    path("", include("ponte.core.urls")),
    path("", include("ponte.network.urls")),
    path("percorsi/", include("ponte.pathways.urls")),
    path("opportunita/", include("ponte.openings.urls")),
    path("opportunita/", include("ponte.matching.urls")),
    path("mercato/", include("ponte.marketplace.urls")),
    path("catalogo/", include("ponte.marketplace.catalogue_urls")),
    path("progetti/", include("ponte.projects.urls")),
    path("tavoli/", include("ponte.governance.urls")),
    path("cruscotto/", include("ponte.reports.urls")),
    path("dati/", include("ponte.reports.opendata_urls")),
    path("api/v1/", include("ponte.api.urls")),
    path("account/api/", include("ponte.api.account_urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetRequestForm),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordSetView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/due-fattori/", include("ponte.network.two_factor.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
