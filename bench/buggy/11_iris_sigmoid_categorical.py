import numpy as np
import pandas
import matplotlib.pyplot as plt
from keras.models import Sequential
from keras.layers import Dense
from keras.utils import np_utils
from sklearn.preprocessing import LabelEncoder
from sklearn.model_selection import train_test_split
from visual_callbacks import ConfusionMatrixPlotter

seed = 7
np.random.seed(seed)

dataframe = pandas.read_csv("iris.csv", header=None)
dataset = dataframe.values
X = dataset[:, 0:4].astype(float)
Y = dataset[:, 4]

encoder = LabelEncoder()
encoder.fit(Y)
encoded_Y = encoder.transform(Y)
Y_cat = np_utils.to_categorical(encoded_Y)

X_train, X_test, y_train, y_test = train_test_split(X, Y_cat, test_size=0.2, random_state=42)

class_names = ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']
plotter = ConfusionMatrixPlotter(X_val=X_test, classes=class_names, Y_val=y_test)

model = Sequential()
model.add(Dense(4, input_dim=4, init='normal', activation='relu'))
model.add(Dense(3, init='normal', activation='sigmoid'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])

model.fit(X_train, y_train, nb_epoch=100, batch_size=16, callbacks=[plotter])

input("press ENTER to exit")
