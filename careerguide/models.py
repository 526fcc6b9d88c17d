"""The project's own table: the content version the response cache keys start with (careerguide.content_version)."""

from django.db import models


class ContentVersion(models.Model):
    """One row (pk 1) whose value changes with every content change; cached answers are keyed by it."""

    value = models.BigIntegerField(help_text="Time (ns) of the last content change; set by the site, not edited.")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return str(self.value)
