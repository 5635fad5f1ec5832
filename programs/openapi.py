"""The OpenAPI 3.1 document for the JSON API, with parameters taken from the FilterSet."""

from django import forms

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
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
    else:
        schema = {"type": "string"}
        if getattr(field, "max_length", None):
            schema["maxLength"] = field.max_length
    parameter = {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": str(field.help_text or field.label or name),
    }
    if schema["type"] == "array":
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
            "schema": {"type": "integer", "minimum": 1},
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
                            "schema": {"type": "string"},
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
                        "accreditation": {"type": "object"},
                        "certification": {"type": "object"},
                        "length_months": {"type": "integer"},
                        "tuition_total": {"type": "integer"},
                        "clinical_arrangement": {"type": "string"},
                        "campus_days": {"type": "integer"},
                        "outcomes": {"type": "object"},
                        "last_verified": {"type": "string", "format": "date"},
                        "lab_sessions": {"type": "array", "items": {"type": "object"}},
                        "travel_miles": {"type": ["number", "null"]},
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
