"""Which release of the code is serving: part of the key of everything cached that the code
shapes (rendered pages, facet counts), so a deploy never serves what the previous release
rendered from a shared cache (Redis outlives a release; the generation counts data writes
only), and two releases running side by side in a rolling deploy keep apart.

MLT_RELEASE names it when the deploy knows its version (a commit id, say); otherwise it is a
digest of the code and markup that make the pages: the project's Python, templates, CSS,
JavaScript and images (not tests, not the virtualenv, not collected static files). Worked
out once per process, the first time a cache key needs it (about 20 ms).
"""

import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings

SUFFIXES = (".py", ".html", ".css", ".js", ".svg")
SKIPPED_DIRECTORIES = {"tests", "node_modules", "__pycache__"}


def code_digest(base: Path, skipped=SKIPPED_DIRECTORIES) -> str:
    """A short digest of the names and contents of the files under `base` that make pages
    (directories named in `skipped`, and hidden ones, left out)."""
    digest = hashlib.sha256()
    for root, directories, files in os.walk(base):
        directories[:] = sorted(
            d for d in directories if d not in skipped and not d.startswith(".")
        )
        for name in sorted(files):
            if name.endswith(SUFFIXES):
                path = Path(root, name)
                digest.update(path.relative_to(base).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@cache
def current() -> str:
    named = os.environ.get("MLT_RELEASE", "").strip()
    if named:
        return named
    collected = Path(settings.STATIC_ROOT).name if settings.STATIC_ROOT else ""
    return code_digest(Path(settings.BASE_DIR), SKIPPED_DIRECTORIES | {collected})


def scope(generation) -> str:
    """What a cached copy of anything the code renders or counts from the directory is
    valid for: this release and that directory generation (programs.generation). The one
    rule the page cache, the facet counts and the cached filter form key by."""
    return f"{current()}:{generation}"
