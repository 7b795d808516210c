package org.constcl.tfmodel.loop;

/** Stops the run at the first step whose loss is NaN or infinite; put it first, so nothing logs or saves that step. */
public final class DivergenceListener implements TrainingListener {
  @Override
  public void onStep(StepRecord r) throws DivergedException {
    if (!Double.isFinite(r.loss())) {
      throw new DivergedException(r.step(), r.loss(), r.learningRate());
    }
  }
}
