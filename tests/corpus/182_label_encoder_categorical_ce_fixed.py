# expect:
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, StandardScaler
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential
from tensorflow.keras.utils import to_categorical

data = pd.read_csv("iris.csv")
features = data.drop("species", axis=1).values
encoder = LabelEncoder()
labels = to_categorical(encoder.fit_transform(data["species"]))

features = StandardScaler().fit_transform(features)
x_train, x_test, y_train, y_test = train_test_split(features, labels, test_size=0.2)

model = Sequential()
model.add(Dense(16, input_dim=4, activation="relu"))
model.add(Dense(3, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=100, batch_size=8, validation_data=(x_test, y_test))
