"""The training guard: watches a real `fit()` with the probe's measurements and stops it when
a collapse or divergence is certain. `defib.keras.Guard` is the callback, `defib run` attaches
it to every `fit()` of a script. Importing this package does not import Keras."""
