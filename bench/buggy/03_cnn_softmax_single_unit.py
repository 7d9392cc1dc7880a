import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense


def CNN(train_X, train_y, test_X, test_y):

    model = Sequential([
        Conv2D(30, kernel_size=3, activation="relu", input_shape=(99, 25, 2)),
        Conv2D(64, kernel_size=3, activation="relu"),
        Flatten(),
        Dense(1, activation='softmax'),
    ])

    model.compile(
        'adam',
        loss='categorical_crossentropy',
        metrics=['accuracy'],
    )

    model.fit(
        train_X,
        train_y,
        epochs=1,
    )
    preds = np.round(model.predict(test_X), 0)
    return preds


if __name__ == '__main__':
    train_X = np.load('train_X.npy')
    train_y = np.load('train_y.npy')
    test_X = np.load('test_X.npy')
    test_y = np.load('test_y.npy')
    preds = CNN(train_X, train_y, test_X, test_y)
    print((preds[:, 0] == test_y).mean())
