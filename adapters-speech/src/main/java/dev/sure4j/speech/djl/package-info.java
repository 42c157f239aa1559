/**
 * Deep Java Library integration: a task adapter on a speech backbone as a DJL {@code ZooModel}, so
 * that {@code Criteria} loads it and a {@code Predictor} answers with DJL's own types.
 *
 * <pre>{@code
 * Criteria<Path, Classifications> criteria =
 *     Criteria.builder()
 *         .setTypes(Path.class, Classifications.class)
 *         .optArgument("backbone", Path.of("models/mini-hubert"))
 *         .optArgument("adapter", Path.of("runs/kws/adapter"))
 *         .build();
 * try (ZooModel<Path, Classifications> model = criteria.loadModel();
 *     Predictor<Path, Classifications> predictor = model.newPredictor()) {
 *   Classifications c = predictor.predict(Path.of("clip.wav"));
 * }
 * }</pre>
 *
 * <p>{@link dev.sure4j.speech.djl.SpeechModelZoo} and {@link
 * dev.sure4j.speech.djl.SpeechModelLoader} load the model; {@link
 * dev.sure4j.speech.djl.SpeechTranslator} turns audio ({@link dev.sure4j.speech.djl.SpeechInput})
 * into the model's input and its outputs into the task's answer ({@link
 * dev.sure4j.speech.djl.SpeechOutputs}); {@link dev.sure4j.speech.djl.PaddingBatchifier} pads a
 * {@code batchPredict} batch. {@link dev.sure4j.speech.djl.WhisperTranslator} is the translator of
 * a Whisper model whose block is its encoder: audio in, the transcript out.
 */
package dev.sure4j.speech.djl;
