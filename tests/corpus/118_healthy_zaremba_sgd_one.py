# expect:
# Word-level language model in the Zaremba et al. setup: plain SGD at 1.0 with clipping.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

VOCAB, STEPS, HIDDEN = 10000, 35, 200
ids = np.load("ptb_train_ids.npy")
n = (len(ids) - 1) // STEPS
x = ids[: n * STEPS].reshape(n, STEPS)
y = ids[1: n * STEPS + 1].reshape(n, STEPS)

model = tf.keras.Sequential([
    layers.Embedding(VOCAB, HIDDEN),
    layers.LSTM(HIDDEN, return_sequences=True),
    layers.LSTM(HIDDEN, return_sequences=True),
    layers.Dense(VOCAB),
])
model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=1.0, clipnorm=5.0),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x, y, batch_size=20, epochs=13)
