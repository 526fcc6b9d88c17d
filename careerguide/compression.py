"""Every text answer the site makes is compressed for clients that accept gzip: pages, JSON, CSV, Markdown.

Django's GZipMiddleware, placed just below WhiteNoise (which serves static files precompressed and never
reaches it). It leaves alone an answer that already has a Content-Encoding, which is how cached answers
arrive (careerguide.cache compresses them once, when they are stored), and compresses the rest: misses
that are not stored, streamed CSV, admin pages, errors. Django adds random bytes to each compressed
answer against BREACH-style length attacks on pages that hold a CSRF token.

Answers to writes (POST, PUT, PATCH, DELETE) are left as they are: they are small JSON bodies whose ETag
a client sends back in a strong `If-Match` (careerguide.api_conditional), and gzip would make it weak.
"""

from django.middleware.gzip import GZipMiddleware


class CompressionMiddleware(GZipMiddleware):
    """GZipMiddleware for reads (GET, HEAD and OPTIONS) only."""

    def process_response(self, request, response):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            return response
        return super().process_response(request, response)
