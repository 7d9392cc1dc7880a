import time
import numpy as np
import matplotlib.pyplot as plt
from keras.layers import Dense, Activation
from keras.models import Sequential

x = np.arange(-100, 100, 0.5) / 100
y = x**4

model = Sequential()
model.add(Dense(50, input_shape=(1,)))
model.add(Activation('sigmoid'))
model.add(Dense(50))
model.add(Activation('elu'))
model.add(Dense(1))
model.compile(loss='mse', optimizer='adam')

t0 = time.time()
for i in range(100):
    model.fit(x, y, epochs=1000, batch_size=len(x), verbose=0)
    predictions = model.predict(x)
    mse = np.mean(np.square(predictions - y))
    print(i, mse, "t:", time.time() - t0)

    plt.cla()
    plt.plot(x, y, 'b', x, predictions, 'r--')
    plt.ylabel('Y / Predicted Value')
    plt.xlabel('X Value')
    plt.title("%d  loss: %g" % (i, mse))
    plt.pause(0.001)

plt.show()
