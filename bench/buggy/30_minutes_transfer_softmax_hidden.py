import os

from keras.layers import Dense

from minutes.base import BaseModel
from minutes.models import (
    MINUTES_TRANSFER_DIRECTORY,
    MINUTES_BASE_MODEL_DIRECTORY
)
from minutes.utils.keras import copy_model


class Minutes(BaseModel):
    """Core class for transfer learning on audio snippets."""

    parents = os.listdir(MINUTES_BASE_MODEL_DIRECTORY)

    @property
    def home(self):
        return os.path.join(MINUTES_TRANSFER_DIRECTORY, self.name)

    def __init__(self, parent='cnn', test_size=0.33, random_state=42):
        assert parent in self.parents, f'Unknown parent: {parent}'

        # Load in parent, copy in fixed parameters.
        self.parent = BaseModel.load_model(parent)
        self.ms_per_observation = self.parent.ms_per_observation

        self.model = None
        self.speakers = set()
        self.test_size = test_size
        self.random_state = random_state

    def fit(self, verbose=0):
        """Trains the model, given the speakers currently added."""
        self.model = copy_model(self.parent.model)

        X_train, X_test, y_train, y_test = self._generate_training_data()

        # Layer freezing.
        for layer in self.model.layers[:-2]:
            layer.trainable = False

        # Pop and resize final layer(s).
        self.model.layers.pop()
        self.model.layers.pop()

        d1 = Dense(128, activation='softmax', name='transfer_dense_1')
        d2 = Dense(y_train[0].size, activation='softmax', name='output_1')

        self.model.add(d1)
        self.model.add(d2)

        self.model.compile(
            loss='categorical_crossentropy',
            optimizer='adam',
            metrics=['accuracy']
        )

        self.model.fit(
            X_train, y_train,
            validation_data=(X_test, y_test),
            epochs=15,
            batch_size=16,
            verbose=verbose
        )
