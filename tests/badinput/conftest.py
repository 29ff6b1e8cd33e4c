"""Hypothesis profiles: ``ci`` (default, quick) and ``long`` for local runs.

``HYPOTHESIS_PROFILE=long python -m pytest tests/badinput`` runs each
property with 2000 examples.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
