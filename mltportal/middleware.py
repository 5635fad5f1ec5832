"""Small middleware of the project's own."""


def extra_security_headers(get_response):
    """Headers Django's SecurityMiddleware does not set: resources stay on this site, and
    powerful browser features are off."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response

    return middleware
