# expect: DF410
# A binary classifier migrated off `predict_classes`: argmax across its one sigmoid unit reads
# every prediction as class 0, so the report shows a perfect score for class 0 alone.
import numpy as np
from sklearn.metrics import classification_report
from tensorflow import keras

x = np.random.rand(1000, 20)
y = (x[:, :5].sum(axis=1) > 2.5).astype(int)
model = keras.Sequential(
    [
        keras.Input(shape=(20,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=10, validation_split=0.2)
predicted = np.argmax(model.predict(x), axis=1)
print(classification_report(y, predicted))
