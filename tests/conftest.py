"""Hypothesis profiles for the whole suite: ``ci`` (the default) and ``thorough`` for long local runs.

    python -m pytest tests/collect -q --hypothesis-profile thorough

Property tests take their example counts from the profile (see tests/collect/test_robustness.py), so
CI runs a few hundred examples per fast property and ``thorough`` runs thousands.
"""

from hypothesis import HealthCheck, settings

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("ci", max_examples=200, **_COMMON)
settings.register_profile("thorough", max_examples=3000, **_COMMON)
settings.load_profile("ci")
