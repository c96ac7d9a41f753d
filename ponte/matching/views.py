"""Proposals, candidates, next steps, the optimal assignment and the weights. Every object is
reached through the access functions (pathways.access, matching.access); every write is one
call to matching.services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.core.forms import add_service_errors
from ponte.matching import access, selectors, services
from ponte.matching.forms import (
    AnswerForm,
    AssignmentForm,
    CandidateFilterForm,
    PlaceForm,
    ProposeForm,
    WeightsForm,
)
from ponte.matching.models import Proposal, Weights
from ponte.network.access import SignedInRequest, current_role, member_acting, role_required
from ponte.network.models import Role
from ponte.openings.access import get_opening_for_user
from ponte.pathways import selectors as pathway_selectors
from ponte.pathways.access import get_person_for_user
from ponte.pathways.models import Consent, Person
from ponte.pathways.selectors import has_consent
from ponte.pathways.services.people import identity_reads_record

PROPOSALS_PAGE_SIZE = 30


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Proposals ----------------------------------------------------------------------------------------


@role_required(Role.CASE_WORKER, Role.COMPANY_TUTOR)
def proposals(request: SignedInRequest) -> HttpResponse:
    is_tutor = current_role(request) == Role.COMPANY_TUTOR
    queryset = (
        access.proposals_for_tutor(member_acting(request).organisation_id)
        if is_tutor
        else access.proposals_for_care_team(request.user)
    )
    page = Paginator(selectors.proposals_list(queryset), PROPOSALS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "matching/proposals.html", {"page": page, "is_tutor": is_tutor})


@login_required
def proposal_detail(request: SignedInRequest, code: str) -> HttpResponse:
    proposal_access = access.get_proposal_for_user(request, code)
    proposal = proposal_access.proposal
    shows_profile = not proposal_access.is_tutor or access.tutor_sees_profile(proposal)
    context: dict[str, Any] = {
        "proposal": proposal,
        "access": proposal_access,
        "shows_profile": shows_profile,
        "score": selectors.explained_score(proposal, for_tutor=proposal_access.is_tutor)
        if shows_profile
        else None,
    }
    if proposal_access.is_tutor:
        if shows_profile:
            context.update(pathway_selectors.functional_profile(proposal.person))
        if proposal.status in Proposal.OPEN:
            context["answer_form"] = AnswerForm(
                decline_only=proposal.status == Proposal.Status.INTERVIEW
            )
    elif proposal.status == Proposal.Status.INTERVIEW:
        context["place_form"] = PlaceForm(initial=selectors.placement_initial(proposal, request))
    return render(request, "matching/proposal_detail.html", context)


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the form was on (candidates, next steps or the assignment)."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@require_POST
@login_required
def propose(request: SignedInRequest, code: str, person_code: str) -> HttpResponse:
    """One click from the candidates, the next steps or the assignment: the person (of the
    user's care team) is proposed to the opening's tutor."""
    if current_role(request) != Role.CASE_WORKER:
        raise Http404
    opening = get_opening_for_user(request, code)
    person = get_person_for_user(request, person_code, for_change=True).person
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note for the tutor is too long."))
        return _back(request, reverse("matching:candidates", args=[code]))
    try:
        proposal = services.proposal_create(
            opening=opening,
            person=person,
            by=request.user,
            note=form.cleaned_data["note"],
            score=selectors.pair_total(person, opening),
        )
    except ValidationError as error:
        _show_errors(request, error)
        return _back(request, reverse("matching:candidates", args=[code]))
    messages.success(
        request,
        _("%(code)s has been proposed to the tutor of “%(opening)s”.")
        % {"code": person.code, "opening": opening.title},
    )
    return redirect("matching:proposal", code=proposal.code)


@require_POST
@login_required
def proposal_answer(request: SignedInRequest, code: str) -> HttpResponse:
    proposal = access.get_proposal_for_user(request, code, as_tutor=True).proposal
    form = AnswerForm(request.POST, decline_only=proposal.status == Proposal.Status.INTERVIEW)
    if form.is_valid():
        try:
            services.proposal_answer(
                proposal=proposal,
                by=request.user,
                interview=form.cleaned_data["decision"] == AnswerForm.INTERVIEW,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answer has been sent to the case worker."))
            return redirect("matching:proposal", code=code)
    context = {
        "proposal": proposal,
        "access": access.get_proposal_for_user(request, code),
        "shows_profile": True,
        "score": selectors.explained_score(proposal, for_tutor=True),
        "answer_form": form,
        **pathway_selectors.functional_profile(proposal.person),
    }
    return render(request, "matching/proposal_detail.html", context, status=400)


@require_POST
@login_required
def proposal_withdraw(request: SignedInRequest, code: str) -> HttpResponse:
    proposal = access.get_proposal_for_user(request, code, as_tutor=False).proposal
    try:
        services.proposal_withdraw(proposal=proposal, by=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("The proposal has been withdrawn."))
    return redirect("matching:proposal", code=code)


@require_POST
@login_required
def proposal_place(request: SignedInRequest, code: str) -> HttpResponse:
    proposal_access = access.get_proposal_for_user(request, code, as_tutor=False)
    proposal = proposal_access.proposal
    form = PlaceForm(request.POST)
    if form.is_valid():
        try:
            placement = services.proposal_place(
                proposal=proposal, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The placement has been proposed to the host, who must accept it.")
            )
            return redirect("pathways:placement", code=placement.code)
    context = {
        "proposal": proposal,
        "access": proposal_access,
        "score": selectors.explained_score(proposal, for_tutor=False),
        "place_form": form,
    }
    return render(request, "matching/proposal_detail.html", context, status=400)


@require_POST
@login_required
def proposal_accept_placement(request: SignedInRequest, code: str) -> HttpResponse:
    proposal = access.get_proposal_for_user(request, code, as_tutor=True).proposal
    try:
        placement = services.proposal_accept_placement(proposal=proposal, by=request.user)
    except ValidationError as error:
        _show_errors(request, error)
        return redirect("matching:proposal", code=code)
    messages.success(request, _("You have accepted the placement: it now takes one of the places."))
    return redirect("pathways:placement", code=placement.code)


# Candidates, next steps ---------------------------------------------------------------------------


@role_required(Role.CASE_WORKER, Role.COMPANY_TUTOR)
def candidates(request: SignedInRequest, code: str) -> HttpResponse:
    """A case worker: the people of their care teams ranked for the opening, with the reasons.
    The host's tutor: only the candidates proposed to them, as functional profiles."""
    opening = get_opening_for_user(request, code)
    if current_role(request) == Role.COMPANY_TUTOR:
        if opening.host_id != member_acting(request).organisation_id:
            raise Http404
        proposed = selectors.proposals_list(
            access.proposals_for_tutor(member_acting(request).organisation_id).filter(
                opening=opening
            )
        )
        rows = [
            (
                proposal,
                selectors.explained_score(proposal, for_tutor=True)
                if access.tutor_sees_profile(proposal)
                else None,
            )
            for proposal in proposed.select_related("placement")
        ]
        return render(request, "matching/candidates_tutor.html", {"opening": opening, "rows": rows})
    form = CandidateFilterForm(request.GET or None)
    people = selectors.candidates_for(
        opening, selectors.care_team_of(request.user), **form.filters()
    )
    identity_reads_record(
        people=Person.objects.filter(pk__in=[c.person.pk for c in people]), by=request.user
    )
    return render(
        request,
        "matching/candidates.html",
        {"opening": opening, "form": form, "candidates": people, "propose_form": ProposeForm()},
    )


@role_required(Role.CASE_WORKER)
def next_steps(request: SignedInRequest, code: str) -> HttpResponse:
    """The openings and services that fit a person of the care team best, with the reasons."""
    person = get_person_for_user(request, code, for_change=True).person
    return render(
        request,
        "matching/next_steps.html",
        {
            "person": person,
            "steps": selectors.next_steps_for(person),
            "consents": has_consent(person, Consent.Purpose.COMPANIES),
        },
    )


# The optimal assignment and the weights ---------------------------------------------------------


@role_required(Role.TABLE_MEMBER, Role.COORDINATOR, Role.CASE_WORKER)
def assignment(request: SignedInRequest) -> HttpResponse:
    """For the Tavolo Tecnico: the assignment of many people to many openings that maximises
    the total score, as a proposal that people then decide on (one click turns a pair into a
    proposal, for the case worker of the person)."""
    if not access.can_use_assignment(request):
        raise PermissionDenied
    form = AssignmentForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        people = selectors.assignment_pool()
        if codes := form.codes():
            people = people.filter(code__in=codes)
        openings = form.cleaned_data["openings"] or form.fields["openings"].queryset  # type: ignore[attr-defined]
        mine: set[int] = set()
        if current_role(request) == Role.CASE_WORKER:
            mine = set(selectors.care_team_of(request.user).values_list("pk", flat=True))
        result = selectors.optimal_assignment(people, openings, viewer_people=mine)
    return render(
        request,
        "matching/assignment.html",
        {"form": form, "result": result, "propose_form": ProposeForm()},
    )


@role_required(Role.COORDINATOR)
def weights(request: SignedInRequest) -> HttpResponse:
    form = WeightsForm(request.POST or None, instance=Weights.current())
    if request.method == "POST" and form.is_valid():
        services.weights_save(weights=form.save(commit=False))
        messages.success(request, _("The weights have been saved: every score now uses them."))
        return redirect("matching:weights")
    return render(request, "matching/weights.html", {"form": form})
