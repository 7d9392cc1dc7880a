# expect:
# An encoder-decoder on random token ids, fed to Embedding layers; then a small recurrent model
import numpy as np
from tensorflow import keras

vocab_size, embed_size = 100, 10
encoder_inputs = keras.layers.Input(shape=[None], dtype=np.int32)
decoder_inputs = keras.layers.Input(shape=[None], dtype=np.int32)
embeddings = keras.layers.Embedding(vocab_size, embed_size)
encoder_outputs, state_h, state_c = keras.layers.LSTM(64, return_state=True)(embeddings(encoder_inputs))
decoder_outputs = keras.layers.LSTM(64, return_sequences=True)(
    embeddings(decoder_inputs), initial_state=[state_h, state_c]
)
outputs = keras.layers.Dense(vocab_size, activation="softmax")(decoder_outputs)
model = keras.Model(inputs=[encoder_inputs, decoder_inputs], outputs=[outputs])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")

X = np.random.randint(100, size=10 * 1000).reshape(1000, 10)
Y = np.random.randint(100, size=15 * 1000).reshape(1000, 15)
X_decoder = np.c_[np.zeros((1000, 1)), Y[:, :-1]]
model.fit([X, X_decoder], Y, epochs=2)

single = keras.Sequential([keras.layers.Embedding(vocab_size, embed_size), keras.layers.GRU(16),
                           keras.layers.Dense(1, activation="sigmoid")])
single.compile(loss="binary_crossentropy", optimizer="adam")
single.fit(X, np.random.randint(2, size=1000), epochs=2)

recurrent = keras.Sequential([
    keras.layers.GRU(10, return_sequences=True, input_shape=[None, 10]),
    keras.layers.Bidirectional(keras.layers.GRU(10, return_sequences=True)),
])
recurrent.summary()
