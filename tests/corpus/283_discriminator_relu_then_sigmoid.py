# expect: DF409
# A DCGAN discriminator closes with a ReLU and then a sigmoid: every image the ReLU zeroes
# is rated exactly 0.5 with no gradient, so the generator learns nothing from it.
from tensorflow import keras

discriminator = keras.Sequential(
    [
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(64, 5, strides=2, padding="same"),
        keras.layers.LeakyReLU(0.2),
        keras.layers.Flatten(),
        keras.layers.Dense(1),
        keras.layers.Activation("relu"),
        keras.layers.Activation("sigmoid"),
    ]
)
discriminator.compile(optimizer="adam", loss="binary_crossentropy")
