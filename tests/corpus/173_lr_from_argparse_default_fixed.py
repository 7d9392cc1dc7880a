# expect:
# The same script with Adam's usual default as the option's default.
import argparse

import numpy as np
import tensorflow as tf


def parse():
    parser = argparse.ArgumentParser(description="train the tabular classifier")
    parser.add_argument("--data", default="train.npz")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", "--learning-rate", dest="lr", type=float, default=1e-3)
    return parser.parse_args()


def main():
    args = parse()
    data = np.load(args.data)
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=args.lr),
                  loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(data["x"], data["y"], epochs=args.epochs, batch_size=64)


if __name__ == "__main__":
    main()
