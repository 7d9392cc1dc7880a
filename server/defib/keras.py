"""`from defib.keras import Guard`: the training guard as a Keras callback (see `defib.guard`)."""

from defib.guard.callback import Guard

__all__ = ["Guard"]
