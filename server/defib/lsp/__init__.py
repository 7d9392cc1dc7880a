"""The language server: translates between LSP and the engine and the probe.

`server.py` holds the handlers; every other module here is plain translation or state that
the handlers share (positions, settings, scheduling, notebooks, probe results).
"""
