# expect:
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

n_users, n_items, dim = 5000, 2000, 32
users = np.random.randint(0, n_users, size=100_000)
items = np.random.randint(0, n_items, size=100_000)
clicked = np.random.randint(0, 2, size=100_000).astype("float32")

user_in = keras.Input(shape=(1,), name="user")
item_in = keras.Input(shape=(1,), name="item")
u = layers.Flatten()(layers.Embedding(n_users, dim)(user_in))
v = layers.Flatten()(layers.Embedding(n_items, dim)(item_in))
x = layers.Concatenate()([u, v])
x = layers.Dense(64, activation="relu")(x)
x = layers.Dense(32, activation="relu")(x)
out = layers.Dense(1, activation="sigmoid")(x)

model = keras.Model([user_in, item_in], out)
model.compile(optimizer=keras.optimizers.Adagrad(learning_rate=0.05),
              loss="binary_crossentropy", metrics=[keras.metrics.AUC()])
model.fit([users, items], clicked, batch_size=1024, epochs=5)
