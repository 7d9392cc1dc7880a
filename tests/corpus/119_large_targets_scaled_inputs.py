# expect: DF302
# Inputs are standardised, but the targets are raw prices: after these 500 epochs the model
# predicted 500 to 1,400 for prices of 232,000 to 539,900 (measured, TensorFlow 2.21). Seven
# whole numbers, each once, are prices here, not class ids.
import numpy as np
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

X = np.array([[2104, 3], [1600, 3], [2400, 3], [1416, 2], [3000, 4], [1985, 4], [1534, 3]])
y = np.array([399900, 329900, 369000, 232000, 539900, 299900, 314900], dtype="float32")

scaler = StandardScaler()
X_scaled = scaler.fit_transform(X)

model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
model.fit(X_scaled, y, epochs=500, verbose=0)
print(model.predict(scaler.transform(np.array([[1650, 3]]))))
