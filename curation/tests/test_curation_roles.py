"""Curators and Editors: each group can do its work in the admin, and nothing more."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from careers.tests.factories import PageFactory, SalaryFigureFactory, SourceFactory
from programs.tests.factories import LabSessionFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_curators_have_exactly_the_directory_permissions_they_need():
    assert codenames("Curators") == {
        "programs.add_program",
        "programs.change_program",
        "programs.view_program",
        "programs.add_institution",
        "programs.change_institution",
        "programs.view_institution",
        "programs.add_site",
        "programs.change_site",
        "programs.view_site",
        "programs.add_labsession",
        "programs.change_labsession",
        "programs.delete_labsession",
        "programs.view_labsession",
        "programs.add_enrollmentrestriction",
        "programs.change_enrollmentrestriction",
        "programs.delete_enrollmentrestriction",
        "programs.view_enrollmentrestriction",
        # The travel rates behind the cost estimate (issue #15): kept current, never deleted.
        "programs.add_travelrate",
        "programs.change_travelrate",
        "programs.view_travelrate",
        # Where each group of facts came from, edited inline on the program.
        "programs.add_factsource",
        "programs.change_factsource",
        "programs.delete_factsource",
        "programs.view_factsource",
    }


def test_editors_have_the_guide_permissions_but_cannot_delete_pages_or_sources():
    permissions = codenames("Editors")
    assert all(p.startswith("careers.") for p in permissions)
    assert {"careers.add_page", "careers.change_page", "careers.view_page"} <= permissions
    assert {"careers.delete_salaryfigure", "careers.delete_pagesource"} <= permissions
    assert "careers.delete_page" not in permissions
    assert "careers.delete_source" not in permissions
    assert len(permissions) == 11 * 4 - 2


@pytest.fixture
def directory():
    session = LabSessionFactory()
    return {
        "program": session.program,
        "institution": session.program.institution,
        "site": session.sites.first(),
        "labsession": session,
    }


@pytest.mark.parametrize("model", ["program", "institution", "site", "labsession"])
def test_curator_can_list_open_and_add_directory_records(curator_client, directory, model):
    obj = directory[model]
    assert curator_client.get(reverse(f"admin:programs_{model}_changelist")).status_code == 200
    assert (
        curator_client.get(reverse(f"admin:programs_{model}_change", args=[obj.pk])).status_code
        == 200
    )
    assert curator_client.get(reverse(f"admin:programs_{model}_add")).status_code == 200
    history = curator_client.get(reverse(f"admin:programs_{model}_history", args=[obj.pk]))
    assert history.status_code == 200


def post_program(curator_client, program, **changes):
    """Post the program's admin form as it stands, with `changes` (and empty inlines)."""
    url = reverse("admin:programs_program_change", args=[program.pk])
    form = curator_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["institution"] = program.institution.pk
    for prefix in ("lab_sessions", "enrollment_restrictions", "fact_sources"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    return curator_client.post(url, data)


def test_curator_can_edit_a_program(curator_client, directory):
    program = directory["program"]
    response = post_program(curator_client, program, tuition_total=12345)
    assert response.status_code == 302, response.context["adminform"].form.errors
    program.refresh_from_db()
    assert program.tuition_total == 12345


def test_curator_adds_a_fact_source_on_the_program_and_the_page_cites_it(
    client, curator_client, directory
):
    """Sources could only be loaded from the real-data file: a curator who re-checked a
    program's tuition page had nowhere to record the new address or date."""
    program = directory["program"]
    program.status = "published"
    program.save()
    source = {
        "group": "tuition",
        "position": 0,
        "url": "https://college.example/tuition-2026",
        "title": "Tuition and fees 2026-27",
        "edition": "2026-27",
        "checked_on": "2026-12-07",
        "note": "Per-credit rate, first table",
    }
    fields = {f"fact_sources-0-{name}": value for name, value in source.items()}
    response = post_program(curator_client, program, **{"fact_sources-TOTAL_FORMS": 1}, **fields)
    assert response.status_code == 302, response.context["inline_admin_formsets"][2].formset.errors
    (source,) = program.fact_sources.all()
    assert (source.group, source.edition, str(source.checked_on)) == (
        "tuition",
        "2026-27",
        "2026-12-07",
    )
    page = client.get(program.get_absolute_url()).text
    assert 'href="https://college.example/tuition-2026">Tuition and fees 2026-27</a>' in page
    assert '(checked <time datetime="2026-12-07">7 Dec 2026</time>)' in page
    change = curator_client.get(reverse("admin:programs_program_change", args=[program.pk]))
    assert "Tuition and fees 2026-27" in change.text  # and the curator sees it there


@pytest.mark.parametrize("model", ["program", "institution", "site"])
def test_curator_cannot_delete_programs_institutions_or_sites(curator_client, directory, model):
    obj = directory[model]
    url = reverse(f"admin:programs_{model}_delete", args=[obj.pk])
    assert curator_client.get(url).status_code == 403
    assert curator_client.post(url, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_curator_has_no_bulk_delete_but_has_the_review_actions(curator_client, directory):
    response = curator_client.get(reverse("admin:programs_program_changelist"))
    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions
    assert {"publish", "archive", "mark_verified_today"} <= set(actions)
    assert "Deleted listings" in response.text
    assert ">Import<" in response.text and ">Export<" in response.text


def test_curator_sees_nothing_of_the_guide_or_the_users(curator_client):
    page = PageFactory()
    assert curator_client.get(reverse("admin:careers_page_changelist")).status_code == 403
    assert curator_client.get(reverse("admin:careers_page_change", args=[page.pk])).status_code in (
        302,
        403,
    )
    assert curator_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert curator_client.get(reverse("admin:shortlists_shortlist_changelist")).status_code == 403
    index = curator_client.get(reverse("admin:index"))
    assert "Program directory" in index.text
    assert "Career guide" not in index.text and "Users" not in index.text


def test_editor_can_work_on_the_guide(editor_client):
    page = PageFactory()
    figure = SalaryFigureFactory()
    assert editor_client.get(reverse("admin:careers_page_changelist")).status_code == 200
    assert (
        editor_client.get(reverse("admin:careers_page_change", args=[page.pk])).status_code == 200
    )
    assert editor_client.get(reverse("admin:careers_page_history", args=[page.pk])).status_code == (
        200
    )
    url = reverse("admin:careers_salaryfigure_delete", args=[figure.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not type(figure).objects.filter(pk=figure.pk).exists()


def test_editor_cannot_delete_pages_or_sources(editor_client):
    page = PageFactory()
    source = SourceFactory()
    assert (
        editor_client.post(reverse("admin:careers_page_delete", args=[page.pk])).status_code == 403
    )
    assert (
        editor_client.post(reverse("admin:careers_source_delete", args=[source.pk])).status_code
        == 403
    )


def test_editor_sees_nothing_of_the_directory(editor_client):
    program = ProgramFactory()
    for url in [
        reverse("admin:programs_program_changelist"),
        reverse("admin:programs_program_import"),
        reverse("admin:programs_program_export"),
        reverse("admin:programs_program_deleted"),
        reverse("admin:programs_institution_changelist"),
        reverse("admin:programs_program_history", args=[program.pk]),
    ]:
        assert editor_client.get(url).status_code == 403, url
    index = editor_client.get(reverse("admin:index"))
    assert "Career guide" in index.text
    assert "Keeping the directory accurate" not in index.text


def test_a_curator_without_import_rights_cannot_import(client, curator):
    group = Group.objects.get(name="Curators")
    curator.groups.remove(group)
    viewer_group = Group.objects.create(name="Viewers")
    viewer_group.permissions.set(group.permissions.filter(codename="view_program"))
    curator.groups.add(viewer_group)
    client.force_login(curator)
    assert client.get(reverse("admin:programs_program_changelist")).status_code == 200
    assert client.get(reverse("admin:programs_program_import")).status_code == 403
    assert client.get(reverse("admin:programs_program_deleted")).status_code == 403
    program = ProgramFactory()
    history = program.history.first()
    url = reverse("admin:programs_program_simple_history", args=[program.pk, history.pk])
    assert client.get(url).status_code == 200  # may look at a past version...
    assert client.post(url, {}).status_code == 403  # ...but not revert to it


def test_staff_without_a_group_see_no_directory_or_guide(client):
    from programs.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:programs_program_changelist")).status_code == 403
    assert client.get(reverse("admin:careers_page_changelist")).status_code == 403


def test_a_group_whose_sources_were_checked_on_different_days_says_so(client, directory):
    """The page gave only the first source's day: a source re-checked by a curator (or one
    not re-checked) was dated as the other."""
    from programs.models import FactSource

    program = directory["program"]
    program.status = "published"
    program.save()
    for day, url in (("2026-12-08", "https://a.example/"), ("2026-11-30", "https://b.example/")):
        FactSource.objects.create(
            program=program, group="tuition", url=url, title=url, checked_on=day
        )
    page = client.get(program.get_absolute_url()).text
    assert (
        '(checked between <time datetime="2026-11-30">30 Nov 2026</time> and '
        '<time datetime="2026-12-08">8 Dec 2026</time>)'
    ) in page


def test_a_source_cited_twice_for_one_group_is_refused_in_plain_words(curator_client, directory):
    program = directory["program"]
    rows = {}
    for index in range(2):
        for name, value in {
            "group": "tuition",
            "position": 0,
            "url": "https://college.example/fees",
            "title": "Fees",
            "checked_on": "2026-12-07",
        }.items():
            rows[f"fact_sources-{index}-{name}"] = value
    response = post_program(curator_client, program, **{"fact_sources-TOTAL_FORMS": 2}, **rows)
    assert response.status_code == 200
    assert "Two sources of the same fact group have the same address" in response.text
    assert not program.fact_sources.exists()


def test_a_programs_history_lists_its_sources_changes_with_a_way_back(curator_client, directory):
    from programs.models import FactSource

    program = directory["program"]
    source = FactSource.objects.create(
        program=program, group="tuition", url="https://college.example/fees", title="Fees"
    )
    source_id = source.pk
    source.delete()
    history = curator_client.get(reverse("admin:programs_program_history", args=[program.pk]))
    assert "sources of this program" in history.text
    assert f"Fact source #{source_id}: " in history.text
    versions = curator_client.get(reverse("admin:programs_factsource_history", args=[source_id]))
    assert versions.status_code == 200


def test_the_sources_list_puts_the_longest_unchecked_first(curator_client, directory):
    from programs.models import FactSource

    program = directory["program"]
    for day, title in (("2026-11-02", "Checked lately"), ("2024-05-01", "Checked long ago")):
        FactSource.objects.create(
            program=program,
            group="tuition",
            url=f"https://x.example/{day}",
            title=title,
            checked_on=day,
        )
    page = curator_client.get(reverse("admin:programs_factsource_changelist"))
    assert page.status_code == 200
    assert page.text.index("Checked long ago") < page.text.index("Checked lately")
