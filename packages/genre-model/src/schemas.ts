// What the command line and the pipeline config validate before TensorFlow.js loads
// (`@audio-dl/genre-model/schemas`): the models by name and the train options' one declaration. No tfjs import.

export { type ClassifierName, classifierNames, type ModelName, modelNames } from './model-names';
export { type TrainSettings, trainSettingsSchema, trainSettingsShape } from './train-settings';
