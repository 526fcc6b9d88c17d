from django.apps import AppConfig
from django.core import checks


class SyntheticConfig(AppConfig):
    """Synthetic data for benchmarks and scale tests; installed only with `CAREERGUIDE_SYNTHETIC=true`."""

    name = "benchmarks.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic data (benchmarks)"

    def ready(self):
        from .parts import check_builders  # the models it reads are ready only now

        checks.register(check_builders)
