"""Defib: finds why a Keras model always outputs the same value."""

__version__ = "0.1.0"
