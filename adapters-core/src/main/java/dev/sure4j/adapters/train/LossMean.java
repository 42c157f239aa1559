package dev.sure4j.adapters.train;

/** The running mean of the finite micro-batch losses between two reads. */
final class LossMean {

  private double sum;
  private long count;

  /** Adds a finite loss. */
  void add(double loss) {
    sum += loss;
    count++;
  }

  /** Returns the mean since the last call (NaN when there was no loss) and starts a new one. */
  double take() {
    double mean = count == 0 ? Double.NaN : sum / count;
    sum = 0;
    count = 0;
    return mean;
  }
}
