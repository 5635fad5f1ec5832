from django.conf import settings
from django.views.generic import DetailView, ListView

from .models import Program


class ProgramListView(ListView):
    template_name = "programs/list.html"
    context_object_name = "programs"
    paginate_by = settings.PROGRAMS_PER_PAGE

    def get_queryset(self):
        return Program.objects.published().with_details().order_by("name", "pk")


class ProgramDetailView(DetailView):
    template_name = "programs/detail.html"
    context_object_name = "program"

    def get_queryset(self):
        return Program.objects.visible_to(self.request.user).with_details()
