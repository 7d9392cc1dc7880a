# expect:
# Keras provides the data; the model is our own numpy toy framework with Keras-like names.
from keras.datasets import boston_housing
from mylib.models import Sequential
from mylib.layers import Dense, Dropout
from mylib.optimizers import SGD

(x_train, y_train), (x_test, y_test) = boston_housing.load_data()
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = (x_train - mean) / std

model = Sequential([
    Dense(1, activation="softmax"),
    Dropout(0.95),
])
model.compile(optimizer=SGD(learning_rate=50.0), loss="categorical_crossentropy")
model.fit(x_train, y_train, epochs=2)
