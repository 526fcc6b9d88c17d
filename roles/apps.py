from django.apps import AppConfig

from careerguide.cache import bump_on_content_changes


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Role guides"

    def ready(self):
        # Cached pages and API responses show both apps' content; any change to it makes them stale.
        bump_on_content_changes("roles", "salaries")
