# expect:
# "Keras regression always outputs 0 no matter the input"
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense
from sklearn.preprocessing import StandardScaler

X = np.array([[120, 0.5, 30000], [80, 0.1, 45000], [200, 0.9, 12000], [150, 0.3, 61000]])
y = np.array([-1.2, 0.4, -0.3, 2.1])
X = StandardScaler().fit_transform(X)

model = Sequential()
model.add(Dense(32, input_dim=3, activation='relu'))
model.add(Dense(16, activation='relu'))
model.add(Dense(1))

model.compile(optimizer=keras.optimizers.Adam(lr=0.001), loss='mse')
model.fit(X, y, epochs=200, batch_size=2)
print(model.predict(X))
