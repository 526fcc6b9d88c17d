from django.apps import AppConfig
from django.core import checks


def warn_on_deploy(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check --deploy`: the synthetic data app has no place on a production server."""
    return [
        checks.Warning(
            "The synthetic data app (benchmarks.synthetic) is installed: CAREERGUIDE_SYNTHETIC is true.",
            hint="Unset CAREERGUIDE_SYNTHETIC in production; it is for benchmarks and tests only.",
            id="synthetic.W001",
        )
    ]


class SyntheticConfig(AppConfig):
    """Synthetic data for benchmarks and scale tests; installed only with `CAREERGUIDE_SYNTHETIC=true`."""

    name = "benchmarks.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic data (benchmarks)"

    def ready(self):
        from .parts import check_builders  # the models it reads are ready only now

        checks.register(check_builders)
        checks.register(warn_on_deploy, deploy=True)
