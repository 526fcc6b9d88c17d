"""manage.py clean_checked_uploads: delete the admin's checked uploads that can no longer be confirmed."""

from django.core.management.base import BaseCommand

from careerguide.models import CheckedUpload


class Command(BaseCommand):
    help = (
        "Delete checked import files whose confirmation time (DJANGO_IMPORT_CHECK_MAX_AGE) has passed. Each new "
        "check does this too; run it from cron where the admin's imports are rarely used."
    )

    def handle(self, *args, **options):
        deleted = CheckedUpload.objects.delete_expired()
        self.stdout.write(f"Deleted {deleted} expired checked upload(s).")
