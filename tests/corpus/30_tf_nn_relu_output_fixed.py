# expect:
import numpy as np
import tensorflow as tf

# daily returns: standardised, centred on zero
returns = np.load("returns.npy")
window = 20
X = np.stack([returns[i:i + window] for i in range(len(returns) - window)])
y = returns[window:]

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation=tf.nn.relu, input_shape=(window,)),
    tf.keras.layers.Dense(32, activation=tf.nn.relu),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer=tf.keras.optimizers.Adam(0.001), loss=tf.keras.losses.Huber())
model.fit(X, y, epochs=30, batch_size=64, validation_split=0.1)
