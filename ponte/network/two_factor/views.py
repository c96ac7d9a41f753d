"""Enrolment, verification, new recovery codes and reset of the second factor."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.network import two_factor
from ponte.network.access import SignedInRequest
from ponte.network.two_factor.forms import TokenForm, VerifyForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _proof_needed(request: SignedInRequest) -> HttpResponse:
    """The enrolment page before any proof beyond the password: it offers to send a one-time
    link to the account's address, and accepts no device."""
    status = 200
    if request.method == "POST":
        if "send_link" not in request.POST:
            status = 403
        else:
            try:
                sent = two_factor.enrolment_link_send(request=request, user=request.user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                if sent:
                    messages.success(
                        request,
                        _(
                            "We sent the link to %(email)s. Open it within %(minutes)d "
                            "minutes, in this browser."
                        )
                        % {
                            "email": two_factor.masked_email(request.user.email),
                            "minutes": two_factor.ENROLMENT_LINK_MINUTES,
                        },
                    )
                else:
                    messages.info(
                        request,
                        _("A link was sent a moment ago: check your e-mail, or wait a minute."),
                    )
            query = urlencode({"next": _next_url(request)})
            return redirect(f"{resolve_url('two_factor:setup')}?{query}")
    context = {
        "email": two_factor.masked_email(request.user.email) if request.user.email else "",
        "minutes": two_factor.ENROLMENT_LINK_MINUTES,
        "next": _next_url(request),
    }
    return render(request, "registration/two_factor_proof.html", context, status=status)


@login_required
def setup(request: SignedInRequest) -> HttpResponse:
    if two_factor.confirmed_totp_device(request.user):
        return redirect("two_factor:manage")
    if not two_factor.enrolment_allowed(request.session, request.user):
        return _proof_needed(request)
    device = two_factor.totp_device_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        try:
            codes = two_factor.totp_device_confirm(
                session=request.session,
                user=request.user,
                device=device,
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            form.add_error("token", error)
        else:
            two_factor.session_verify(request, device)
            context = {"codes": codes, "next": _next_url(request), "enrolled": True}
            return render(request, "registration/two_factor_codes.html", context)
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.secret_of(device),
        "next": _next_url(request),
    }
    return render(request, "registration/two_factor_setup.html", context)


@login_required
def enrolment_link(request: SignedInRequest, token: str) -> HttpResponse:
    """The one-time link of the e-mail: a page with a button (a mail client or a virus scanner
    that opens the link must not spend it), whose POST lets this session enrol."""
    if request.method == "POST":
        try:
            two_factor.enrolment_link_use(session=request.session, user=request.user, token=token)
        except ValidationError:
            pass
        else:
            messages.success(request, _("Thank you: now set up the authenticator app."))
            return redirect("two_factor:setup")
    elif two_factor.enrolment_link_valid(user=request.user, token=token):
        return render(request, "registration/two_factor_link.html", {"valid": True})
    return render(request, "registration/two_factor_link.html", {"valid": False}, status=404)


class PasswordSetView(PasswordResetConfirmView):
    """The page of the invitation link (and of a password reset), where the user chooses a
    password: it also lets this browser enrol the first second factor, for a short time, since
    the link came to the account's e-mail address."""

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        if not two_factor.confirmed_totp_device(user):
            two_factor.enrolment_allow(self.request.session, user)
        return response


@login_required
def verify(request: SignedInRequest) -> HttpResponse:
    if not two_factor.confirmed_totp_device(request.user):
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{resolve_url('two_factor:setup')}?{query}")
    form = VerifyForm(request.POST or None)
    if form.is_valid():
        try:
            device = two_factor.two_factor_check(
                user=request.user,
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            form.add_error("token", error)
        else:
            two_factor.session_verify(request, device)
            if device.persistent_id.startswith("otp_static"):
                left = two_factor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(left)s are left. Generate new ones from "
                        "the two-factor page if you are running out."
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
def manage(request: SignedInRequest) -> HttpResponse:
    context = {
        "device": two_factor.confirmed_totp_device(request.user),
        "codes_left": two_factor.recovery_codes_left(request.user),
        "codes_form": TokenForm(prefix="codes"),
        "reset_form": TokenForm(prefix="reset"),
    }
    return render(request, "registration/two_factor_manage.html", context)


def _manage_with_error(request: SignedInRequest, name: str, form: TokenForm) -> HttpResponse:
    context = {
        "device": two_factor.confirmed_totp_device(request.user),
        "codes_left": two_factor.recovery_codes_left(request.user),
        "codes_form": TokenForm(prefix="codes"),
        "reset_form": TokenForm(prefix="reset"),
        f"{name}_form": form,
    }
    return render(request, "registration/two_factor_manage.html", context, status=400)


@require_POST
@login_required
def recovery_codes(request: SignedInRequest) -> HttpResponse:
    form = TokenForm(request.POST, prefix="codes")
    if form.is_valid():
        try:
            codes = two_factor.recovery_codes_regenerate(
                user=request.user,
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            form.add_error("token", error)
        else:
            context = {"codes": codes, "next": resolve_url("two_factor:manage")}
            return render(request, "registration/two_factor_codes.html", context)
    return _manage_with_error(request, "codes", form)


@require_POST
@login_required
def reset(request: SignedInRequest) -> HttpResponse:
    form = TokenForm(request.POST, prefix="reset")
    if form.is_valid():
        try:
            two_factor.two_factor_reset(
                user=request.user,
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            form.add_error("token", error)
        else:
            two_factor.session_unverify(request)
            # The code just typed is the proof beyond the password for the new device.
            two_factor.enrolment_allow(request.session, request.user)
            messages.success(
                request, _("Two-factor authentication was removed. Set up a new device now.")
            )
            return redirect("two_factor:setup")
    return _manage_with_error(request, "reset", form)
