"""What the report shows: one module per section, in the order the report shows them.

Each module holds its queries, what it draws and a ``SECTION`` (key, the tables and columns it
reads, its build function); common.py has what they share. To add a section, write its module
and its catalogue entries (``<key>.title``, ``<key>.intro`` in i18n.py) and list it here.
"""

from pipelines.report.sections import (
    china_japan,
    columns,
    data_health,
    destinations,
    market_signals,
    national_monthly,
    nev_regions,
    plant_effects,
    policy_overlap,
    powertrains,
    provinces,
)
from pipelines.report.sections.common import Content, Section, missing_requirement

SECTIONS: tuple[Section, ...] = tuple(
    module.SECTION
    for module in (
        national_monthly,
        destinations,
        provinces,
        powertrains,
        china_japan,
        policy_overlap,
        plant_effects,
        nev_regions,
        market_signals,
        data_health,
        columns,
    )
)

__all__ = ["SECTIONS", "Content", "Section", "missing_requirement"]
