// The consumer's main printed the last hidden state's shape. Expected, by hand: down_000.wav holds
// 4558 samples at 16 kHz; the seven feature-extractor convolutions (kernel/stride 10/5, 3/2 x4,
// 2/2 x2) give floor((n - k) / s) + 1 = 910, 454, 226, 112, 55, 27, 13 frames; models/mini-hubert
// has hidden_size 128.
def log = new File(consumerLog).text
def expected = 'down_000.wav: 4558 samples -> hidden state (1, 13, 128) on PyTorch'
if (!log.contains(expected)) {
  throw new AssertionError(consumerLog + " lacks '" + expected + "'")
}
return true
