# expect:
# The same actor with its rate written 2.5e-4.
import numpy as np
from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.models import Model
from tensorflow.keras.optimizers import RMSprop


class Agent:
    def __init__(self, state_size, action_size):
        self.state_size = state_size
        self.action_size = action_size
        self.actor_lr = 2.5e-4
        self.actor = self.build_actor()

    def build_actor(self):
        state = Input(shape=(self.state_size,))
        hidden = Dense(24, activation="relu")(state)
        policy = Dense(self.action_size, activation="softmax")(hidden)
        actor = Model(state, policy)
        actor.compile(optimizer=RMSprop(learning_rate=self.actor_lr), loss="categorical_crossentropy")
        return actor


agent = Agent(4, 2)
states = np.random.rand(64, 4)
actions = np.eye(2)[np.random.randint(0, 2, 64)]
agent.actor.fit(states, actions, epochs=50, verbose=0)
