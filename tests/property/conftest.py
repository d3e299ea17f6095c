"""Hypothesis profiles for the property tests.

"ci" (the default, what `make test` runs): few examples per test, so every property test
together stays under a minute. "fuzz" (`make fuzz`, or HYPOTHESIS_PROFILE=fuzz): thousands of
examples per parser. Failing examples are saved in .hypothesis/ (git-ignored) and replayed
first on the next run; a real bug found this way is pinned as a regular test in tests/unit.
"""

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # file writes and DuckDB reads vary with the machine's load
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=12, **_COMMON)
# FUZZ_EXAMPLES bounds a fuzz run (e.g. 300 for a run of about ten minutes)
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", 2_000)), **_COMMON
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
