// Train LoRA and a classification head on the bundled keyword-spotting task for five steps.
Path root = Path.of(System.getProperty("sure4j.root", "."));
Path kws = root.resolve("data/mini/kws");
TaskData all = TaskData.fromManifests(kws);
// A small slice of the validation and test splits keeps this quick.
TaskData data = new TaskData(all.train(), all.val().subList(0, 8), all.test().subList(0, 16), 0);
ClassificationTask task = new ClassificationTask("kws", "accuracy", Manifest.read(kws.resolve("train.csv")).labels("label"), false);

// The run goes to a temporary directory; 04-predict.jsh loads its adapter from there.
Path runDir = Path.of(System.getProperty("java.io.tmpdir"), "sure4j-jshell", "kws");
// jshell reads line by line: a trailing dot keeps the builder chain open to its last line.
TaskRun run = TaskTrainer.builder().
    setCheckpoint(root.resolve("models/mini-hubert")).
    setMethod(LoraSpec.builder().build()).
    setTask(task).
    setData(data).
    setOutputDir(runDir).
    optConfig(TrainingConfig.builder().optMaxSteps(5).optLearningRate(5e-3).optSeed(0).optBatchSize(8).build()).
    optOverwrite(true).
    build().
    run();
System.out.printf("test accuracy %.3f after 5 steps; adapter in %s%n", run.score(), run.adapterDir());
/exit
