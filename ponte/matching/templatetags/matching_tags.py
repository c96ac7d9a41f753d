"""The explanation of a score and the one-click proposal, rendered in Python: they repeat for
every candidate of a list, where an {% include %} per row would cost more than the rest of the
page."""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ponte.matching.selectors import ShownScore

register = template.Library()


@register.simple_tag
def factors(score: ShownScore | None) -> SafeString:
    """The total, then each factor with its weight-free value and its sentence."""
    if score is None:
        return SafeString("")
    headline = format_html(
        '<p class="mb-1"><strong>{}</strong>{}</p>',
        _("Score %(total)s out of 100") % {"total": _number(score.total)},
        ""
        if score.eligible
        else format_html(' · <span class="text-danger">{}</span>', _("not a candidate")),
    )
    items = format_html_join(
        "",
        '<li><span class="fw-semibold">{}</span> <span class="text-muted">({}%)</span>: {}</li>',
        ((factor.label, factor.percent, factor.sentence) for factor in score.factors),
    )
    return format_html('{}<ul class="list-unstyled small mb-0">{}</ul>', headline, items)


@register.simple_tag(takes_context=True)
def propose_button(
    context: template.Context, opening_code: str, person_code: str, opening_title: str
) -> SafeString:
    """A form posting to the proposal of the person for the opening, back to this page."""
    request = context["request"]
    return format_html(
        '<form method="post" action="{}" class="d-inline">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">'
        '<button type="submit" class="btn btn-sm btn-primary">{}'
        '<span class="visually-hidden"> {} · {}</span></button></form>',
        reverse("matching:propose", args=[opening_code, person_code]),
        get_token(request),
        request.get_full_path(),
        _("Propose"),
        person_code,
        opening_title,
    )


def _number(value: float) -> str:
    from django.utils.formats import number_format

    return number_format(value, decimal_pos=1)
