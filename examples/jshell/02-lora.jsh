// Wrap the frozen encoder and add a LoRA adapter (r = 8 on every layer's six projections).
Path root = Path.of(System.getProperty("sure4j.root", "."));
NDManager manager = NDManager.newBaseManager();
SpeechEncoder encoder = HfCheckpointLoader.load(root.resolve("models/mini-hubert"), manager);

AdapterModel model = AdapterModel.wrap(encoder);
model.addAdapter("kws", LoraSpec.builder().optRank(8).build());
model.setActiveAdapters("kws");
System.out.println(model.trainableParameters());

manager.close();
/exit
