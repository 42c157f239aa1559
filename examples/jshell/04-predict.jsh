// Serve the adapter that 03-train-kws.jsh wrote and label three test clips.
Path root = Path.of(System.getProperty("sure4j.root", "."));
Path adapter = Path.of(System.getProperty("java.io.tmpdir"), "sure4j-jshell", "kws", "adapter");
SpeechSession session = SpeechSession.open(root.resolve("models/mini-hubert"));
session.load("kws", adapter);

List<Path> clips = List.of(
    root.resolve("data/mini/kws/test/off_000.wav"),
    root.resolve("data/mini/kws/test/off_001.wav"),
    root.resolve("data/mini/kws/test/off_002.wav"));
List<String> labels = session.predict("kws", clips);
for (int i = 0; i < clips.size(); i++) {
  System.out.println("predicted " + clips.get(i).getFileName() + " -> " + labels.get(i));
}

session.close();
/exit
