import time

from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("careerguide", "ContentVersion").objects.create(pk=1, value=time.time_ns())


class Migration(migrations.Migration):


    dependencies = [("careerguide", "0001_checked_uploads")]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "value",
                    models.BigIntegerField(
                        help_text="Time (ns) of the last content change; set by the site, not edited."
                    ),
                ),
            ],
            options={"ordering": ["pk"]},
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
