"""The person-centred pages of the pathways: caseload, referrals, the person's page, identity,
timeline, care team, consents, assessments, individual plan and diary.

Every person is reached through access.get_person_for_user (404 for who may not know the person
exists, 403 for who may see but not change). Identity and the diary are shown to the care team
(and identity to the referring service); the host's tutor sees what the internship agreement
names and, while the placement is under way and the person consents, the functional profile.
Every page that shows identity or the diary records the read in the audit trail."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.core.concurrency import EditConflict, keep_current_revision
from ponte.core.forms import add_service_errors
from ponte.network.access import (
    SignedInRequest,
    acting_organisation_id,
    current_role,
    member_acting,
    role_required,
)
from ponte.network.models import Role, User
from ponte.pathways import charts, selectors, services
from ponte.pathways.access import (
    HOST_VISIBLE,
    PersonAccess,
    get_person_for_user,
    get_placement_for_user,
    get_referral_for_decision,
    person_access,
)
from ponte.pathways.forms.people import (
    AcceptReferralForm,
    AssessmentForm,
    AttachReferralForm,
    CareTeamForm,
    CaseloadSearchForm,
    ConsentForm,
    DeclineReferralForm,
    DiaryForm,
    PersonForm,
    PlanForm,
    ReferralForm,
    TimelineFilterForm,
    goal_formset,
)
from ponte.pathways.models import Assessment, Consent, Instrument, Person, Referral

CASELOAD_PAGE_SIZE = 25


# Helpers ----------------------------------------------------------------------------------------


def _is_tutor(request: HttpRequest) -> bool:
    return current_role(request) == Role.COMPANY_TUTOR


def _referrer_of(request: HttpRequest) -> int | None:
    """A referring service's organisation: it sees its own referrals of a person only, never who
    else referred them (a person may have several, attached to one record)."""
    if current_role(request) == Role.REFERRER:
        return acting_organisation_id(request)
    return None


def _reader(request: HttpRequest, code: str) -> PersonAccess:
    """Pages about the pathway: the care team, the referring service and the case workers
    deciding a referral. The host's tutor knows only the host's view of the person page."""
    access = get_person_for_user(request, code)
    if _is_tutor(request):
        raise Http404
    return access


def _care_team(request: HttpRequest, code: str) -> PersonAccess:
    """Changes: the care team only (403 for who may see the person)."""
    access = _reader(request, code)
    if not access.can_change:
        raise PermissionDenied
    return access


# Caseload ---------------------------------------------------------------------------------------


@role_required(Role.CASE_WORKER, Role.REFERRER)
def caseload(request: SignedInRequest) -> HttpResponse:
    is_worker = current_role(request) == Role.CASE_WORKER
    form = CaseloadSearchForm(request.GET or None, by_name=is_worker)
    query = form.query()
    organisation_id = member_acting(request).organisation_id
    if is_worker:
        people = selectors.caseload_for_worker(request.user, query=query)
        referrals = list(selectors.referrals_awaiting_decision(organisation_id))
    else:
        people = selectors.caseload_for_referrer(organisation_id, query=query)
        referrals = []
    page = Paginator(people, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    if is_worker:
        # The names of the page are a read of identity.
        services.identity_reads_record(people=page.object_list, by=request.user)
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "pathways/people/caseload.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "is_worker": is_worker,
            "referrals": referrals,
            "query_without_page": query_without_page.urlencode(),
        },
    )


# Referrals --------------------------------------------------------------------------------------


@role_required(Role.CASE_WORKER, Role.REFERRER)
def referral_create(request: SignedInRequest) -> HttpResponse:
    membership = member_acting(request)
    by_worker = membership.role == Role.CASE_WORKER
    form = ReferralForm(
        request.POST or None,
        own_organisation=membership.organisation,
        recorded_by_worker=by_worker,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_create(
                by=request.user,
                from_organisation=data["from_organisation"]
                if by_worker
                else membership.organisation,
                to_organisation=membership.organisation if by_worker else data["to_organisation"],
                service_kind=data["service_kind"],
                reason=data["reason"],
                person_fields=form.person_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The referral has been recorded: the person's code is %(code)s.")
                % {"code": referral.person.code},
            )
            if by_worker:
                return redirect("pathways:referral", code=referral.code)
            return redirect("pathways:person", code=referral.person.code)
    return render(
        request, "pathways/people/referral_form.html", {"form": form, "by_worker": by_worker}
    )


def _referral_or_already_decided(request: HttpRequest, code: str) -> Referral | None:
    """The referral to decide; None when a case worker of the receiving organisation opens one
    that has been decided already (they are told so, rather than given a bare 404)."""
    referral = Referral.objects.select_related("person").filter(code=code).first()
    if (
        referral is not None
        and referral.status != Referral.Status.RECEIVED
        and current_role(request) == Role.CASE_WORKER
        and referral.person.organisation_id == member_acting(request).organisation_id
    ):
        return None
    return get_referral_for_decision(request, code)


@login_required
def referral_decide(request: SignedInRequest, code: str) -> HttpResponse:
    referral = _referral_or_already_decided(request, code)
    if referral is None:
        messages.warning(request, _("This referral has already been decided."))
        return redirect("pathways:caseload")
    person = referral.person
    case_workers = selectors.case_workers_of(person.organisation_id)
    duplicates = selectors.possible_duplicates(referral)
    decision = request.POST.get("decision") if request.method == "POST" else None
    accept_form = AcceptReferralForm(
        request.POST if decision == "accept" else None,
        case_workers=case_workers,
        initial={"case_manager": request.user.pk},
    )
    decline_form = DeclineReferralForm(request.POST if decision == "decline" else None)
    attach_form = AttachReferralForm(
        request.POST if decision == "attach" else None, duplicates=duplicates
    )
    try:
        if decision == "accept" and accept_form.is_valid():
            services.referral_accept(
                referral=referral,
                by=request.user,
                case_manager=accept_form.cleaned_data["case_manager"],
            )
            messages.success(request, _("The referral has been accepted: the pathway is open."))
            return redirect("pathways:person", code=person.code)
        if decision == "decline" and decline_form.is_valid():
            services.referral_decline(
                referral=referral,
                by=request.user,
                reason=decline_form.cleaned_data["reason"],
                note=decline_form.cleaned_data["note"],
            )
            messages.success(request, _("The referral has been declined."))
            return redirect("pathways:caseload")
        if decision == "attach":
            if attach_form.is_valid():
                return _attached(request, referral, attach_form.chosen())
            if not duplicates:
                messages.error(request, _("Choose one of the possible duplicates shown."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pathways:caseload")
    services.identity_read_record(person=person)
    # Seeing that someone is a possible duplicate is a read of their identity too.
    services.identity_reads_record(people=[match.person for match in duplicates], by=request.user)
    return render(
        request,
        "pathways/people/referral_decide.html",
        {
            "referral": referral,
            "person": person,
            "accept_form": accept_form,
            "decline_form": decline_form,
            "duplicates": duplicates,
            "attach_form": attach_form,
        },
    )


def _attached(request: SignedInRequest, referral: Referral, existing: Person) -> HttpResponse:
    referral = services.referral_attach(referral=referral, to=existing, by=request.user)
    if referral.status == Referral.Status.ACCEPTED:
        messages.success(
            request,
            _(
                "The referral has been attached to %(code)s, whose pathway is already open; "
                "the duplicate record has been removed."
            )
            % {"code": existing.code},
        )
        if person_access(request, existing) is not None:
            return redirect("pathways:person", code=existing.code)
        return redirect("pathways:caseload")
    messages.success(
        request,
        _(
            "The referral has been attached to %(code)s and the duplicate record removed: "
            "now accept or decline it."
        )
        % {"code": existing.code},
    )
    return redirect("pathways:referral", code=referral.code)


# The person -------------------------------------------------------------------------------------


@login_required
def person_detail(request: SignedInRequest, code: str) -> HttpResponse:
    access = get_person_for_user(request, code)
    person = access.person
    if access.as_host:
        return _host_view(request, access)
    services.identity_read_record(person=person)
    referrals = person.referrals.select_related("from_organisation")
    if (referrer := _referrer_of(request)) is not None:
        referrals = referrals.filter(from_organisation_id=referrer)
    referral = referrals.first()
    team = selectors.care_team_of(person)
    candidates: list[User] = []
    if access.can_change:
        members = {member.pk for member in team}
        candidates = [
            worker
            for worker in selectors.case_workers_of(person.organisation_id)
            if worker.pk not in members
        ]
    return render(
        request,
        "pathways/people/person_detail.html",
        {
            "person": person,
            "access": access,
            "referral": referral,
            "consents": selectors.consents_by_purpose(person),
            "care_team": team,
            "team_candidates": candidates,
            "plan": selectors.latest_plan(person),
            "assessments": selectors.assessments_of(person),
            "chart": charts.score_chart(person),
            "placements": selectors.placements_of(person),
        },
    )


def _host_view(request: SignedInRequest, access: PersonAccess) -> HttpResponse:
    """The host's page of a person (docs/privacy.md, "Company tutors, field by field"): what the
    internship agreement names and the placements with the host; the functional profile and the
    latest scores only while a placement is under way and the person consents to sharing them
    with companies. Never the basis of disadvantage, the referral, the diary, consents, the plan
    or assessments made by others."""
    person = access.person
    services.identity_read_record(person=person)
    context: dict[str, Any] = {
        "person": person,
        "access": access,
        "placements": selectors.hosted_placements(
            person, member_acting(request).organisation_id, HOST_VISIBLE
        ),
    }
    if access.host_sees_profile:
        context.update(selectors.functional_profile(person))
    return render(request, "pathways/people/host_view.html", context)


@login_required
def person_edit(request: SignedInRequest, code: str) -> HttpResponse:
    person = _care_team(request, code).person
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("pathways:person", code=person.code)
    services.identity_read_record(person=person)
    return render(request, "pathways/people/person_form.html", {"form": form, "person": person})


@login_required
def person_timeline(request: SignedInRequest, code: str) -> HttpResponse:
    access = _reader(request, code)
    person = access.person
    form = TimelineFilterForm(request.GET or None, with_diary=access.can_change)
    kinds = form.kinds()
    events = selectors.timeline(
        person, kinds=kinds, with_diary=access.can_change, referrals_from=_referrer_of(request)
    )
    if access.can_change and (not kinds or selectors.EventKind.DIARY in kinds):
        services.identity_read_record(person=person)
    return render(
        request,
        "pathways/people/timeline.html",
        {"person": person, "access": access, "form": form, "events": events},
    )


@require_POST
@login_required
def care_team(request: SignedInRequest, code: str) -> HttpResponse:
    person = _care_team(request, code).person
    form = CareTeamForm(
        request.POST, case_workers=selectors.case_workers_of(person.organisation_id)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a case worker of the organisation in charge."))
        return redirect("pathways:person", code=person.code)
    worker = form.cleaned_data["user"]
    name = worker.get_full_name() or worker.username
    try:
        if form.cleaned_data["action"] == "add":
            services.care_team_add(person=person, user=worker)
            messages.success(request, _("%(name)s is now in the care team.") % {"name": name})
        else:
            services.care_team_remove(person=person, user=worker)
            messages.success(request, _("%(name)s is no longer in the care team.") % {"name": name})
            if worker.pk == request.user.pk:
                return redirect("pathways:caseload")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("pathways:person", code=person.code)


# Consents ---------------------------------------------------------------------------------------


@login_required
def consent_create(request: SignedInRequest, code: str) -> HttpResponse:
    person = _care_team(request, code).person
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.consent_record(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The consent has been recorded: %(purpose)s.")
                % {"purpose": consent.get_purpose_display()},
            )
            return redirect("pathways:person", code=person.code)
    return render(request, "pathways/people/consent_form.html", {"form": form, "person": person})


@require_POST
@login_required
def consent_withdraw(request: SignedInRequest, code: str, purpose: str) -> HttpResponse:
    person = _care_team(request, code).person
    if purpose not in Consent.Purpose.values:
        raise Http404
    try:
        services.consents_withdraw(person=person, purpose=purpose, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The consent has been withdrawn, from today: %(purpose)s.")
            % {"purpose": Consent.Purpose(purpose).label},
        )
    return redirect("pathways:person", code=person.code)


# Assessments ------------------------------------------------------------------------------------


@login_required
def assessment_create(request: SignedInRequest, code: str) -> HttpResponse:
    person = _care_team(request, code).person
    instrument = Instrument.objects.filter(is_default=True).first()
    if instrument is None:
        raise Http404
    form = AssessmentForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_record(
                person=person,
                by=request.user,
                instrument=instrument,
                assessed_on=data["assessed_on"],
                setting=data["setting"],
                scores=form.scores(),
                confirmed_level=data["confirmed_level"],
                confirmation_reason=data["confirmation_reason"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The assessment has been recorded."))
            return redirect("pathways:assessment", code=assessment.code)
    return render(request, "pathways/people/assessment_form.html", {"form": form, "person": person})


def _assessment_for_reader(request: HttpRequest, code: str) -> Assessment:
    assessment = (
        Assessment.objects.select_related(
            "person__level", "confirmed_level", "assessor", "instrument", "placement__service"
        )
        .filter(code=code)
        .first()
    )
    if assessment is None:
        raise Http404
    if _is_tutor(request):
        # The host's tutor reads the evaluations made on the host's side, nothing else.
        placement = assessment.placement
        if (
            placement is None
            or not selectors.host_evaluations(placement).filter(pk=assessment.pk).exists()
        ):
            raise Http404
        get_placement_for_user(request, placement.code)
        return assessment
    if person_access(request, assessment.person) is None:
        raise Http404
    return assessment


@login_required
def assessment_detail(request: SignedInRequest, code: str) -> HttpResponse:
    assessment = _assessment_for_reader(request, code)
    return render(
        request,
        "pathways/people/assessment_detail.html",
        {
            "assessment": assessment,
            "person": assessment.person,
            "for_host": _is_tutor(request),
            "scores": selectors.assessment_with_scores(assessment),
        },
    )


# Individual plan --------------------------------------------------------------------------------


@login_required
def plan_detail(request: SignedInRequest, code: str, version: int | None = None) -> HttpResponse:
    access = _reader(request, code)
    person = access.person
    plans = selectors.plans_of(person)
    if version is None:
        plan = plans[0] if plans else None
    else:
        plan = next((p for p in plans if p.version == version), None)
        if plan is None:
            raise Http404
    return render(
        request,
        "pathways/people/plan_detail.html",
        {
            "person": person,
            "access": access,
            "plan": plan,
            "goals": list(plan.goals.all()) if plan else [],
            "plans": plans,
            "is_latest": bool(plans) and plan == plans[0],
        },
    )


@login_required
def plan_create(request: SignedInRequest, code: str) -> HttpResponse:
    person = _care_team(request, code).person
    latest = selectors.latest_plan(person)
    initial_goals: list[dict[str, Any]] = []
    initial: dict[str, Any] = {}
    if latest is not None:
        initial["objectives"] = latest.objectives
        initial_goals = [
            {"text": goal.text, "target_date": goal.target_date} for goal in latest.goals.all()
        ]
    data = request.POST if request.method == "POST" else None
    initial["revision"] = latest.version if latest else 0
    form = PlanForm(data, initial=initial)
    goals = goal_formset(data=data, initial=initial_goals)
    if data is not None and form.is_valid() and goals.is_valid():
        try:
            plan = services.plan_write(
                person=person,
                by=request.user,
                objectives=form.cleaned_data["objectives"],
                goals=[
                    (goal.cleaned_data.get("text", ""), goal.cleaned_data.get("target_date"))
                    for goal in goals
                ],
                next_review=form.cleaned_data["next_review"],
                signed_on=form.cleaned_data["signed_on"],
                read_version=form.cleaned_data["revision"],
            )
        except EditConflict as error:
            add_service_errors(form, error)
            keep_current_revision(form, error.revision)
            latest = selectors.latest_plan(person)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of the plan has been saved.") % {"version": plan.version},
            )
            return redirect("pathways:plan", code=person.code)
    return render(
        request,
        "pathways/people/plan_form.html",
        {"form": form, "goals": goals, "person": person, "latest": latest},
    )


# Diary ------------------------------------------------------------------------------------------


@login_required
def diary(request: SignedInRequest, code: str) -> HttpResponse:
    access = _reader(request, code)
    if not access.can_change:
        # The diary is for the care team only; nobody else learns it exists.
        raise Http404
    person = access.person
    form = DiaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.diary_write(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The note has been added to the diary."))
            return redirect("pathways:diary", code=person.code)
    services.identity_read_record(person=person)
    notes = person.diary.select_related("author")
    return render(
        request,
        "pathways/people/diary.html",
        {"person": person, "form": form, "notes": notes},
    )
