/**
 * A task-agnostic training engine over an {@link dev.sure4j.adapters.model.AdapterModel} and DJL
 * {@link ai.djl.training.dataset.Dataset}s: AdamW with a warm-up and decay schedule ({@link
 * dev.sure4j.adapters.train.LrSchedule}), gradient accumulation, global-norm gradient clipping,
 * periodic evaluation with named metrics, early stopping, best and last checkpoints written
 * atomically with the optimizer state ({@link dev.sure4j.adapters.train.AdamW}), exact resume after
 * a crash, seeding, a progress bar, CSV/JSONL logs and learning-curve plots.
 *
 * <pre>{@code
 * TrainingResult r = AdapterTrainer.builder()
 *     .setModel(model).setAdapter("emotion")
 *     .setLoss(Loss.softmaxCrossEntropyLoss())
 *     .setTrainData(train).optEvalData(dev).optEvaluator(new Accuracy())
 *     .setConfig(TrainingConfig.builder().optLearningRate(5e-4).optEpochs(20)
 *         .optMetric("accuracy", true).build())
 *     .setOutputDir(Path.of("runs/emotion"))
 *     .build().fit();
 * }</pre>
 *
 * <p>Entry points: {@link dev.sure4j.adapters.train.TrainingConfig} (the recipe), {@link
 * dev.sure4j.adapters.train.AdapterTrainer} (the adapter training run), {@link
 * dev.sure4j.adapters.train.TrainingEngine} (the optimizer steps every sure4j loop runs on,
 * pre-training and the demo included), {@link dev.sure4j.adapters.train.TrainingResult} (what came
 * out), {@link dev.sure4j.adapters.train.CheckpointWriter} and {@link
 * dev.sure4j.adapters.train.CheckpointReader} (how weights reach the disk).
 */
package dev.sure4j.adapters.train;
