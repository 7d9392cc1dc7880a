# expect:
import numpy as np
from sklearn.datasets import fetch_california_housing
from sklearn.preprocessing import StandardScaler
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.optimizers import Adam

housing = fetch_california_housing()
X = np.array([[8.3252, 41.0, 6.98, 1.02, 322.0, 2.55, 37.88, -122.23],
              [8.3014, 21.0, 6.24, 0.97, 2401.0, 2.11, 37.86, -122.22]])
X = np.vstack([X, housing.data])
y = np.concatenate([[4.526, 3.585], housing.target])

scaler = StandardScaler()
X_scaled = scaler.fit_transform(X)

model = Sequential()
model.add(Dense(30, activation="relu", input_shape=X_scaled.shape[1:]))
model.add(Dense(30, activation="relu"))
model.add(Dense(1))
model.compile(loss="mse", optimizer=Adam(learning_rate=1e-3))
model.fit(X_scaled, y, epochs=20, validation_split=0.1)
