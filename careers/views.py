from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import DetailView, ListView

from core.web import absolute_url

from . import eligibility as rules
from .forms import EligibilityForm
from .models import Page, PageSource
from .selectors import block_context, occupation_jsonld, reading_order


class GuideIndexView(ListView):
    template_name = "careers/index.html"
    context_object_name = "pages"

    def get_queryset(self):
        return reading_order()


class PageView(DetailView):
    """A guide page. Drafts are 404 for the public and shown to staff as a preview."""

    template_name = "careers/page.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("page_sources", queryset=PageSource.objects.select_related("source"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        pages = list(reading_order())
        slugs = [p.slug for p in pages]
        position = slugs.index(page.slug) if page.slug in slugs else None
        context.update(
            block_context(page.blocks, self.request),
            pages=pages,
            position=None if position is None else position + 1,
            previous_page=pages[position - 1] if position else None,
            next_page=(
                pages[position + 1] if position is not None and position + 1 < len(pages) else None
            ),
            sources=list(page.page_sources.all()),
            canonical_url=absolute_url(self.request, page.get_absolute_url()),
        )
        if "salary-figures" in page.blocks:
            # Sourced figures only: an untraceable claim is not an estimated salary.
            context["jsonld"] = occupation_jsonld(
                context["canonical_url"], context["salary_figures"]
            )
        return context


def _error_summary(form) -> list[dict]:
    """Each error with the id of the control it belongs to, for the summary's links."""
    items = []
    for name, errors in form.errors.items():
        if name == "__all__":
            items += [{"anchor": "eligibility-form", "message": e} for e in errors]
            continue
        field = form[name]
        anchor = field.auto_id
        if field.field.widget.input_type in ("radio", "checkbox"):
            anchor += "_0"
        items += [{"anchor": anchor, "message": e} for e in errors]
    return items


def _directory_program(request):
    """The published program named by ?program=<slug>, or None (a bad slug is not an error)."""
    from programs.models import Program

    slug = request.GET.get("program", "")
    if not slug or len(slug) > 200:
        return None
    return Program.objects.published().select_related("institution").filter(slug=slug).first()


def eligibility(request):
    """The certification eligibility checker: a GET form, so results can be shared.

    With ?program=<slug> it answers for that directory program: the program's accreditation,
    credential and college come from the listing, and the person answers the rest.
    """
    today = timezone.localdate()
    program = _directory_program(request)
    facts = None
    if program is not None:
        facts = rules.program_facts(
            program.accreditation_agency,
            program.accreditation_status,
            program.institution.accreditor,
            program.credential,
        )
    submitted = bool(set(request.GET) - {"program"})
    form = EligibilityForm(request.GET if submitted else None, today=today, program_facts=facts)
    results = summary = None
    if submitted and form.is_valid():
        applicant = form.applicant()
        results = rules.assess(applicant, today)
        summary = rules.summarise(results, applicant, today)
    context = {
        "form": form,
        "results": results,
        "summary": summary,
        "errors": _error_summary(form) if submitted else [],
        "sources": [rules.ASCP_SOURCE, rules.AMT_SOURCE, rules.AAB_SOURCE],
        "Outcome": rules.Outcome,
        "program": program,
        "program_not_found": bool(request.GET.get("program")) and program is None,
        "canonical_url": absolute_url(request, request.path),
    }
    return render(request, "careers/eligibility.html", context)
