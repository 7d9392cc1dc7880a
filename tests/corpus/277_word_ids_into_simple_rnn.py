# expect: DF309
# IMDB reviews as word ids, padded and reshaped to one id per step, read by a SimpleRNN as
# numbers: the model cannot tell which words a review holds.
from tensorflow import keras
from tensorflow.keras.preprocessing.sequence import pad_sequences

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=20000)
x_train = pad_sequences(x_train, maxlen=30).reshape(-1, 30, 1)
x_test = pad_sequences(x_test, maxlen=30).reshape(-1, 30, 1)

model = keras.Sequential(
    [
        keras.Input((30, 1)),
        keras.layers.SimpleRNN(32),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, validation_data=(x_test, y_test))
