"""The release of the code that cache keys carry (core.release): named by MLT_RELEASE, or a
digest that changes with the code and markup and not with tests or collected files."""

from core import release


def write(base, name, text):
    path = base / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_digest_follows_code_templates_and_styles_only(tmp_path):
    write(tmp_path, "app/views.py", "x = 1")
    write(tmp_path, "templates/page.html", "<p>one</p>")
    write(tmp_path, "static/site.css", "p{}")
    first = release.code_digest(tmp_path)
    assert release.code_digest(tmp_path) == first  # the same code, the same release
    write(tmp_path, "app/tests/test_views.py", "assert True")
    write(tmp_path, "staticfiles/site.abc123.css", "p{}")
    write(tmp_path, "docs/notes.md", "notes")
    write(tmp_path, ".git/HEAD", "ref")
    assert release.code_digest(tmp_path, release.SKIPPED_DIRECTORIES | {"staticfiles"}) == first
    write(tmp_path, "templates/page.html", "<p>two</p>")
    second = release.code_digest(tmp_path)
    assert second != first
    write(tmp_path, "static/site.css", "p{color:red}")
    assert release.code_digest(tmp_path) not in (first, second)


def test_a_named_release_wins(monkeypatch):
    release.current.cache_clear()
    monkeypatch.setenv("MLT_RELEASE", "2026-12-04-abc123")
    try:
        assert release.current() == "2026-12-04-abc123"
    finally:
        release.current.cache_clear()
    monkeypatch.delenv("MLT_RELEASE")
    assert len(release.current()) == 16
    release.current.cache_clear()
