# expect:
# expect-info:
# One linear unit learning a unit conversion with Adam at 0.1: a high rate for Adam, but a model
# of one Dense layer reaches the answer at it (bench/calibrate_one_layer_adaptive.py), so
# nothing is said.
import numpy as np
import tensorflow as tf

miles = np.array([1, 5, 10, 26.2, 42, 13.1, 3.1], dtype=float)
kilometres = miles * 1.609344

unit = tf.keras.layers.Dense(units=1, input_shape=[1])
model = tf.keras.Sequential([unit])
model.compile(loss="mean_squared_error", optimizer=tf.keras.optimizers.Adam(0.1))
model.fit(miles, kilometres, epochs=500, verbose=False)
print(model.predict(np.array([42.0])))
