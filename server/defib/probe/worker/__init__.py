"""The probe's worker: runs inside the user's Python with TensorFlow.

Pure stdlib + numpy + TensorFlow. Modules import each other relatively only, so the package
works both as `defib.probe.worker` and when `entry.py` loads it by file path under a private
name in an interpreter that has no defib installed.
"""
