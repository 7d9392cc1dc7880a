# expect:
# The same discriminator with the sigmoid alone on its output.
from tensorflow import keras

discriminator = keras.Sequential(
    [
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(64, 5, strides=2, padding="same"),
        keras.layers.LeakyReLU(0.2),
        keras.layers.Flatten(),
        keras.layers.Dense(1),
        keras.layers.Activation("sigmoid"),
    ]
)
discriminator.compile(optimizer="adam", loss="binary_crossentropy")
