"""The dynamic probe: runs the user's real model for a few instrumented steps, in a subprocess.

The caller side (`runner`, `report`) never imports TensorFlow; `worker/` runs inside the
user's interpreter and imports nothing else of defib.
"""

from defib.probe.runner import ProbeRequest, ProbeRunner, run_probe

__all__ = ["ProbeRequest", "ProbeRunner", "run_probe"]
