"""The public program directory: listings, the search and its one FilterSet, facets, compare,
program pages, the JSON API and its OpenAPI document.

programs imports only core: shortlists, curation and careers build on it, never the reverse.
"""
