"""Mark the lab sessions, enrolment restrictions and fact sources deleted together with their
program, so the program can later be restored with exactly those (curation/restore.py)."""

from django.db.models import QuerySet
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from programs.models import EnrollmentRestriction, FactSource, LabSession, Program

DELETED_WITH_PROGRAM = "Deleted with its program #{id}"


def deleted_with_program_reason(program_id: int) -> str:
    return DELETED_WITH_PROGRAM.format(id=program_id)


@receiver(pre_delete, sender=LabSession)
@receiver(pre_delete, sender=EnrollmentRestriction)
@receiver(pre_delete, sender=FactSource)
def note_deleted_with_program(sender, instance, origin=None, **kwargs):
    # `origin` is what delete() was called on: a program, or a queryset of programs (the
    # admin's bulk delete). django-simple-history reads _change_reason for the history.
    if isinstance(origin, Program) or (isinstance(origin, QuerySet) and origin.model is Program):
        instance._change_reason = deleted_with_program_reason(instance.program_id)
