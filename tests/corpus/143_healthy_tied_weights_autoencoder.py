# expect:
# A tied-weights autoencoder: the encoder's ReLU coding layer feeds a decoder made of a layer
# class of the file that reuses the encoder's kernels transposed.
import tensorflow as tf


class TransposedDense(tf.keras.layers.Layer):
    def __init__(self, tied, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.tied = tied
        self.activation = tf.keras.activations.get(activation)

    def build(self, input_shape):
        self.bias = self.add_weight(name="bias", shape=self.tied.input_shape[-1],
                                    initializer="zeros")

    def call(self, inputs):
        z = tf.matmul(inputs, self.tied.weights[0], transpose_b=True)
        return self.activation(z + self.bias)


(x_train, _), (x_valid, _) = tf.keras.datasets.fashion_mnist.load_data()
x_train = x_train / 255.0
x_valid = x_valid / 255.0

hidden = tf.keras.layers.Dense(128, activation="relu")
coding = tf.keras.layers.Dense(32, activation="relu")
encoder = tf.keras.Sequential([tf.keras.layers.Flatten(), hidden, coding])
decoder = tf.keras.Sequential([
    TransposedDense(coding, activation="relu"),
    TransposedDense(hidden, activation="sigmoid"),
    tf.keras.layers.Reshape([28, 28]),
])
autoencoder = tf.keras.Sequential([encoder, decoder])
autoencoder.compile(loss="mse", optimizer=tf.keras.optimizers.Nadam())
autoencoder.fit(x_train, x_train, epochs=10, validation_data=(x_valid, x_valid))
