// Load the bundled mini HuBERT checkpoint and encode one keyword clip.
// sure4j.root is the repository root (the working directory of ./sure4j shell).
Path root = Path.of(System.getProperty("sure4j.root", "."));
Path checkpoint = root.resolve("models/mini-hubert");
NDManager manager = NDManager.newBaseManager();
SpeechEncoder encoder = HfCheckpointLoader.load(checkpoint, manager);
AudioPipeline audio = AudioPipeline.builder().optCheckpoint(checkpoint).build();

// A 16 kHz clip becomes [1, samples]; the encoder gives [1, frames, hidden].
float[] wave = audio.load(root.resolve("data/mini/kws/test/off_000.wav"));
EncoderOutput out = encoder.encode(manager.create(wave).expandDims(0), null);
System.out.println("samples " + wave.length + " -> last hidden state " + out.lastHiddenState().getShape());

manager.close();
/exit
