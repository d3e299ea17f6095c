"""Every landing source, by its descriptor. A new source is a package beside these with a
source.py, one line here, its DDL and SQL, and its tests."""

from pipelines.lib.sources.customs.source import SOURCE as CUSTOMS
from pipelines.lib.sources.industry.source import SOURCE as INDUSTRY
from pipelines.lib.sources.plants.source import SOURCE as PLANTS
from pipelines.lib.sources.policy.source import SOURCE as POLICY
from pipelines.lib.sources.releases.source import SOURCE as RELEASES
from pipelines.lib.sources.source import Source

SOURCES: tuple[Source, ...] = (CUSTOMS, RELEASES, INDUSTRY, POLICY, PLANTS)


def written_with() -> dict[str, str]:
    """Raw tables a loader writes beside the table its asset is named after, by that table."""
    return {t: s.raw_table for s in SOURCES for t in s.raw_tables if t != s.raw_table}
