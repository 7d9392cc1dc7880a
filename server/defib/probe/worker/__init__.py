"""The probe's worker: runs inside the user's Python with Keras and its backend.

Pure stdlib + numpy + Keras + the selected backend's framework (TensorFlow, JAX or PyTorch:
only that one is imported). Modules import each other relatively only, so the package
works both as `defib.probe.worker` and when `entry.py` loads it by file path under a private
name in an interpreter that has no defib installed.
"""
