# expect: DF101
# A training script whose learning rate comes from the command line; run without options, the
# default of 1.0 drives Adam and the loss turns to nan within the first epoch.
import argparse

import numpy as np
import tensorflow as tf


def parse():
    parser = argparse.ArgumentParser(description="train the tabular classifier")
    parser.add_argument("--data", default="train.npz")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", "--learning-rate", dest="lr", type=float, default=1.0)
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
