# expect: DF101
# A one-unit linear regression learning Fahrenheit from Celsius over a range of temperatures:
# plain SGD's step grows with the square of the inputs, and at this rate it diverges.
import numpy as np
import tensorflow as tf

celsius = np.array(range(-40, 150), dtype="float32")
fahrenheit = celsius * 1.8 + 32

model = tf.keras.Sequential([tf.keras.layers.Dense(units=1, input_shape=[1])])
model.compile(loss="mean_squared_error", optimizer=tf.keras.optimizers.SGD(learning_rate=0.001))
history = model.fit(celsius, fahrenheit, epochs=50, batch_size=8, verbose=0)
print(model.predict(np.array([100.0])))
