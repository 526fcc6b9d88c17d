"""The editor's admin for guides: `guide` (the role page with every section, the taxonomies, the guide
import) and `pay` (the figures a guide states, with the salary CSV import). Importing them registers them."""

from . import guide, pay  # noqa: F401
