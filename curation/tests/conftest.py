# The import tests' listing fixture, for the import test modules beside test_import_export.
from curation.tests.test_import_export import listing  # noqa: F401
