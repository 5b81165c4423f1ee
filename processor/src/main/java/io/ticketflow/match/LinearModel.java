package io.ticketflow.match;

/**
 * A fitted logistic regression on standardized features: {@code p = σ(bias + Σ wᵢ (xᵢ − meanᵢ) / scaleᵢ)}.
 */
public record LinearModel(double[] mean, double[] scale, double[] weights, double bias) {

  public LinearModel {
    if (mean.length != scale.length || mean.length != weights.length) {
      throw new IllegalArgumentException("mean, scale and weights must have one value per feature");
    }
  }

  public double probability(double[] x) {
    return LogisticRegression.sigmoid(score(x));
  }

  /** The linear score {@code bias + Σ wᵢ (xᵢ − meanᵢ) / scaleᵢ} whose sigmoid is the probability. */
  public double score(double[] x) {
    if (x.length != weights.length) {
      throw new IllegalArgumentException("expected " + weights.length + " features, got " + x.length);
    }
    double z = bias;
    for (int i = 0; i < x.length; i++) {
      z += weights[i] * (x[i] - mean[i]) / scale[i];
    }
    return z;
  }
}
