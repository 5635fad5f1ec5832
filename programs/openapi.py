"""The OpenAPI 3.1 document for the JSON API, with parameters taken from the FilterSet."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from .filters import ProgramFilter


def _parameter(name, field) -> dict:
    schema: dict
    if isinstance(field, forms.MultipleChoiceField):
        schema = {
            "type": "array",
            "items": {"type": "string", "enum": [c for c, _ in field.choices]},
        }
    elif isinstance(field, forms.ChoiceField):
        schema = {"type": "string", "enum": [c for c, _ in field.choices if c != ""]}
    elif isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        # Bounds set with min_value/max_value or with validators (the filters use both).
        for validator in field.validators:
            if isinstance(validator, MinValueValidator):
                schema["minimum"] = max(
                    schema.get("minimum", validator.limit_value), validator.limit_value
                )
            elif isinstance(validator, MaxValueValidator):
                schema["maximum"] = min(
                    schema.get("maximum", validator.limit_value), validator.limit_value
                )
    elif getattr(field, "openapi_enum", None):
        schema = {"type": "string", "enum": field.openapi_enum}
    else:
        schema = {"type": "string"}
        if getattr(field, "max_length", None):
            schema["maxLength"] = field.max_length
        if getattr(field, "openapi_pattern", None):
            schema["pattern"] = field.openapi_pattern
    if schema["type"] != "array":
        # An empty value means "not given", as when the list page's form sends an empty field.
        schema = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
    parameter = {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": str(field.help_text or field.label or name),
    }
    if schema.get("type") == "array":
        parameter.update(style="form", explode=True)
    return parameter


def document(base_url: str) -> dict:
    form = ProgramFilter().form
    parameters = [_parameter(name, field) for name, field in form.fields.items()]
    parameters.append(
        {
            "name": "page",
            "in": "query",
            "required": False,
            "schema": {
                "anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "maxLength": 0}]
            },
            "description": "Page number, from 1; empty means 1",
        }
    )
    errors = {
        "description": "Invalid parameters, with the message for each field",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "MLT Portal program directory API",
            "version": "1.0",
            "description": "Online Medical Laboratory Technician programs: accreditation, "
            "campus lab sessions and where they happen, cost, length and outcomes.",
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": {
            "/api/programs/": {
                "get": {
                    "operationId": "listPrograms",
                    "summary": "Search published programs (20 a page)",
                    "parameters": parameters,
                    "responses": {
                        "200": {
                            "description": "A page of programs",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ProgramPage"}
                                }
                            },
                        },
                        "400": errors,
                        "404": {**errors, "description": "Page past the end"},
                        "414": {
                            "description": "The request line is longer than the server "
                            "accepts (gunicorn: 4,094 bytes); not JSON, as the app never sees it"
                        },
                    },
                }
            },
            "/api/programs/{slug}/": {
                "get": {
                    "operationId": "getProgram",
                    "summary": "One published program",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The program",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Program"}
                                }
                            },
                        },
                        "404": {**errors, "description": "No published program has this slug"},
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Errors": {
                    "type": "object",
                    "properties": {
                        "errors": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        }
                    },
                    "required": ["errors"],
                },
                "TrueCost": {
                    "type": "object",
                    "description": "What the program takes from a student at `zip`: trips, "
                    "nights away and miles (choosing the nearest site for each campus "
                    "requirement, straight-line distances), and the estimated cost of "
                    "attendance with every term, its basis and its source. The same figures "
                    "as the program's card, page, compare table and CSV. Without `zip` the "
                    "travel figures are null and the total is tuition and fees only, except "
                    "for a program with no campus trips at all: its travel cost is 0 and "
                    "`summary` says why.",
                    "properties": {
                        "trips": {"type": ["integer", "null"]},
                        "nights_away": {"type": ["integer", "null"]},
                        "campus_days": {"type": ["integer", "null"]},
                        "total_miles": {
                            "type": ["integer", "null"],
                            "description": "Straight-line miles there and back, all trips",
                        },
                        "farthest_trip_miles": {"type": ["integer", "null"]},
                        "travel_is_minimum": {
                            "type": "boolean",
                            "description": "Some requirement's days, visits or site are not "
                            "published: the travel figures are a minimum",
                        },
                        "overnight_miles": {"type": ["number", "null"]},
                        "estimated_travel_cost": {"type": ["integer", "null"]},
                        "estimated_total": {
                            "type": ["integer", "null"],
                            "description": "US dollars; null when nothing is published to "
                            "count (no tuition total, nothing else known)",
                        },
                        "estimated_total_is_minimum": {"type": "boolean"},
                        "summary": {
                            "type": "string",
                            "examples": ["4 trips, 8 nights away, about $2,000 of travel"],
                        },
                        "trips_summary": {"type": "string"},
                        "terms": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "key": {
                                        "type": "string",
                                        "enum": ["tuition", "fees", "driving", "lodging", "meals"],
                                    },
                                    "label": {"type": "string"},
                                    "amount": {"type": ["integer", "null"]},
                                    "basis": {"type": "string"},
                                    "source": {"type": "string"},
                                    "source_url": {"type": "string"},
                                    "yours": {"type": "boolean"},
                                },
                            },
                        },
                    },
                },
                "ProgramPage": {
                    "type": "object",
                    "properties": {
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "pages": {"type": "integer"},
                        "next": {"type": ["string", "null"]},
                        "previous": {"type": ["string", "null"]},
                        "results": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Program"},
                        },
                    },
                    "required": ["count", "page", "pages", "next", "previous", "results"],
                },
                "Program": {
                    "type": "object",
                    "properties": {
                        "slug": {"type": "string"},
                        "name": {"type": "string"},
                        "url": {"type": "string"},
                        "institution": {"type": "object"},
                        "credential": {"type": "string"},
                        "delivery": {"type": "string"},
                        "accreditation": {
                            "type": "object",
                            "properties": {
                                "agency": {"type": "string"},
                                "status": {"type": "string"},
                                "badge": {"type": "string"},
                                "meaning": {"type": "string"},
                                "note": {
                                    "type": "string",
                                    "description": "Empty, or what to know about an old, "
                                    "second-hand or contradicted source of the status",
                                },
                            },
                        },
                        "certification": {"type": "object"},
                        "length_months": {"type": "integer"},
                        "tuition_total": {"type": ["integer", "null"]},
                        "tuition_per_credit": {
                            "type": ["string", "null"],
                            "description": "Dollars per credit, as a decimal string "
                            "(one program only).",
                        },
                        "fees_total": {
                            "type": ["integer", "null"],
                            "description": "Published fees for the whole program, on top "
                            "of tuition (one program only).",
                        },
                        "fees_per_credit": {
                            "type": ["string", "null"],
                            "description": "Published fees per credit, as a decimal string "
                            "(one program only).",
                        },
                        "fees_in_tuition": {
                            "type": "boolean",
                            "description": "The published tuition figure includes the fees "
                            "(one program only).",
                        },
                        "clinical_arrangement": {"type": "string"},
                        "campus_days": {"type": "integer"},
                        "outcomes": {"type": "object"},
                        "last_verified": {"type": "string", "format": "date"},
                        "lab_sessions": {"type": "array", "items": {"type": "object"}},
                        "travel_miles": {"type": ["number", "null"]},
                        "true_cost": {"$ref": "#/components/schemas/TrueCost"},
                        "facts": {
                            "type": "object",
                            "description": "Each compared fact as the site writes it "
                            "(e.g. tuition '$9,000', pass rate '85% (2025)').",
                            "additionalProperties": {"type": "string"},
                        },
                    },
                    "required": ["slug", "name", "url", "institution", "accreditation"],
                },
            }
        },
    }
