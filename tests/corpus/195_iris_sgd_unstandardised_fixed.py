# expect:
# "Iris classifier stuck around 60% accuracy with SGD". The four measurements (centimetres, 0.1
# to 7.9) are split and fed to the network exactly as sklearn returns them.
from keras.layers import Dense
from keras.models import Sequential
from keras.optimizers import SGD
from keras.utils import to_categorical
from sklearn import datasets
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

iris = datasets.load_iris()
features = StandardScaler().fit_transform(iris.data)
targets = to_categorical(iris.target, 3)
train_x, test_x, train_y, test_y = train_test_split(features, targets, test_size=0.25)

net = Sequential()
net.add(Dense(16, input_dim=4, activation="tanh"))
net.add(Dense(16, activation="tanh"))
net.add(Dense(3, activation="softmax"))
net.compile(optimizer=SGD(learning_rate=0.05, momentum=0.9), loss="categorical_crossentropy")
net.fit(train_x, train_y, epochs=100, batch_size=16, validation_data=(test_x, test_y))
print(net.evaluate(test_x, test_y))
