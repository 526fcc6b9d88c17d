"""The project's own tables: the content version the response cache keys start with
(`careerguide.content_version`), and files an editor uploaded and an import checked, kept on the server until
the editor confirms them.

The admin's two-step imports (`careerguide.checked_uploads`) store the checked files here and send
only the upload's id back to the page, so a confirmation posts a few bytes whatever the files weigh.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class CheckedUploadQuerySet(models.QuerySet):
    def expired(self):
        """Uploads past their expiry, used or not: nothing can confirm them any more."""
        return self.filter(expires_at__lte=timezone.now())

    def delete_expired(self) -> int:
        """Delete expired uploads and their files (two DELETEs); returns how many uploads went."""
        _, deleted = self.expired().delete()
        return deleted.get(CheckedUpload._meta.label, 0)


class CheckedUpload(models.Model):
    """One checked batch of files of one import kind, waiting for its owner's confirmation.

    A confirmation claims the upload by setting `used_at` in one UPDATE that only matches an unused,
    unexpired upload of that owner, so two confirmations of one check import it once.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="checked_uploads",
        help_text="Who checked the files; only they may confirm the import.",
    )
    kind = models.CharField(max_length=40, help_text="Which import checked the files, e.g. “guides”.")
    # JSON text rather than a JSONField, whose system check needs a database connection on SQLite.
    options = models.TextField(default="{}", blank=True, help_text="The choices made with the upload, as JSON.")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(help_text="After this the files must be uploaded and checked again.")
    used_at = models.DateTimeField(null=True, blank=True, help_text="When a confirmation imported the files.")

    objects = CheckedUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        # The clean-up's `expires_at <= now` (on every check, and `manage.py clean_checked_uploads`).
        indexes = [models.Index(fields=["expires_at"], name="checked_upload_expiry")]

    def __str__(self):
        return f"{self.kind} upload {self.id} by {self.owner_id}"


class CheckedFile(models.Model):
    """One file of a checked upload, byte for byte, with its SHA-256 to prove it is what was checked."""

    upload = models.ForeignKey(CheckedUpload, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField(help_text="The file's place in the upload.")
    name = models.CharField(max_length=255)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["upload", "position"]
        constraints = [models.UniqueConstraint(fields=["upload", "position"], name="checked_file_position_unique")]

    def __str__(self):
        return self.name


class ContentVersion(models.Model):
    """One row (pk 1) whose value changes with every content change; cached answers are keyed by it."""

    value = models.BigIntegerField(help_text="Time (ns) of the last content change; set by the site, not edited.")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return str(self.value)
