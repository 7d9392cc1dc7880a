# expect:
# Keras's IMDB reviews (published in random order) fed as a tf.data pipeline with no shuffle,
# and a validation pipeline that is never shuffled either: neither needs it.
import tensorflow as tf
from tensorflow import keras

VOCAB, LENGTH = 20000, 200

(x_train, y_train), (x_val, y_val) = keras.datasets.imdb.load_data(num_words=VOCAB)
x_train = keras.utils.pad_sequences(x_train, maxlen=LENGTH)
x_val = keras.utils.pad_sequences(x_val, maxlen=LENGTH)

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(32).cache()
val_ds = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(32)

inputs = keras.Input(shape=(LENGTH,), dtype="int32")
h = keras.layers.Embedding(VOCAB, 64)(inputs)
h = keras.layers.Bidirectional(keras.layers.LSTM(32))(h)
outputs = keras.layers.Dense(1, activation="sigmoid")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=3)
