"""Site-wide page plumbing: the mixins every public page uses, and robots.txt."""

import functools

from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .cache import serve_cached

# Pages change when editors publish; five minutes keeps them fresh while letting browsers and proxies
# absorb repeat visits. Static files carry hashed names and are cached for a year by whitenoise.
PAGE_MAX_AGE = 300


def public_page(view):
    """A function view (such as Django's sitemap views) served like the public pages: from the shared
    cache for anonymous readers while the content is unchanged, with `Cache-Control: public` on success.

    At 10,000 roles the sitemap index took ~150 ms to count its sections and a section ~1.2 s to build;
    both change only with the content."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        def respond():
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
            return response

        return serve_cached(request, respond, early=True)

    return cached_view


class PublicPageMixin:
    """A public, cacheable HTML page: served from the shared cache for anonymous readers while the
    content is unchanged, `Cache-Control: public` on success, and a canonical URL. Compressed like
    every answer (careerguide.compression; cached ones once, when stored).

    Pages carry no per-user content and no CSRF token (their forms use GET), so compressing them
    reveals no secret and shared caches may keep them.
    """

    http_method_names = ["get", "head"]
    # Set by a view that shows staff an unpublished page: never cached, never indexed.
    is_preview = False

    def dispatch(self, request, *args, **kwargs):
        # Anonymous reads come from the shared cache while the content is unchanged (careerguide.cache).
        return serve_cached(request, lambda: self.respond(request, *args, **kwargs), early=True)

    def respond(self, request, *args, **kwargs):
        """The view's own response, with the cache headers a public page or a preview needs."""
        response = super().dispatch(request, *args, **kwargs)
        if self.is_preview:
            patch_cache_control(response, private=True, no_store=True)
            response["X-Robots-Tag"] = "noindex, nofollow"
        elif response.status_code == 200:
            patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
        else:
            patch_cache_control(response, no_cache=True)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["canonical_url"] = self.request.build_absolute_uri(self.request.path)
        context["is_preview"] = self.is_preview
        return context


class FilteredListMixin:
    """A list narrowed by a FilterSet from `filters.py`; invalid filters show their errors with status 400."""

    filterset_class = None

    def get_base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET or None, queryset=self.get_base_queryset())
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        if self.filterset.errors:
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", "Allow: /", f"Sitemap: {sitemap}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=86_400)
    return response
