# expect:
# A reply model trained with a cosine loss to predict a word vector, read back by nearest
# neighbour: a dropout after the output leaves the vectors' direction, all the loss reads.
import numpy as np
from gensim.models import KeyedVectors
from keras.models import Sequential
from keras.layers import LSTM, Dropout

vectors = KeyedVectors.load("conversation_vectors.kv")
questions = np.load("question_vectors.npy")  # (n, 15, 300) word vectors, already unit length
answers = np.load("answer_vectors.npy")

model = Sequential()
model.add(LSTM(300, return_sequences=True, input_shape=questions.shape[1:]))
model.add(Dropout(0.3))
model.add(LSTM(300, return_sequences=True))
model.add(Dropout(0.5))
model.compile(loss="cosine_proximity", optimizer="adam", metrics=["accuracy"])
model.fit(questions, answers, epochs=200, validation_split=0.2)

reply = model.predict(questions[:1])[0]
print([vectors.most_similar([step], topn=1)[0][0] for step in reply])
