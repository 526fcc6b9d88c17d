"""Synthetic career guides for benchmarks and scale tests: a Django app outside the product.

It is installed only when `CAREERGUIDE_SYNTHETIC=true` (careerguide/settings.py): the test suite and
`benchmarks/bench.py` set it, a production server never does. It adds the command `manage.py
generate_synthetic_data`; the product apps never import it (an import-linter contract in pyproject.toml).

Every generated row is labelled so that it can never pass for a real guide. A role's slug starts with
`SYNTHETIC_PREFIX` (`synthetic-role-00042-orbital-data-steward`), its title says "Synthetic Role 00042:
Orbital Data Steward" and its summary and description say it is generated test data. The shared rows the
roles use (skills, tool categories, tools, certifications, extra countries) carry the same slug prefix and
"(synthetic)" in their name; sources, which have no slug, carry the prefix in their publisher abbreviation.
`synthetic_data_purge()` removes exactly these rows.

The modules:
- `vocabulary.yaml` / `vocabulary.py`: the names, sentences and figures the builders pick from;
- `schema.py`: the product models it writes, found in one place, in the write order the model layer's
  registry of guide parts (`roles.models.parts`) gives;
- `shared.py`: the shared rows a role points at (sources, taxonomy, countries), read or created once;
- `parts.py`: the role and one small builder per guide part;
- `writer.py`: primary keys and multi-row INSERTs (the speed);
- `services.py`: `synthetic_data_generate()` and `synthetic_data_purge()`.
"""
