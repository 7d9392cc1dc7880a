# expect:
# Logistic regression in Keras: one Dense layer, no hidden layers, so zero init is fine.
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from sklearn.datasets import load_breast_cancer
from sklearn.preprocessing import StandardScaler

data = load_breast_cancer()
X = StandardScaler().fit_transform(data.data)
y = data.target

model = Sequential()
model.add(Dense(1, input_dim=X.shape[1], activation='sigmoid', kernel_initializer='zeros'))
model.compile(optimizer='sgd', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(X, y, epochs=100, batch_size=32, validation_split=0.2)
