package org.constcl.workflows.stage;

/** What every stage shares: its {@link StageInfo}, held once. */
public abstract class StageBase implements Stage {
  private final StageInfo info;

  protected StageBase(StageInfo info) {
    this.info = info;
  }

  @Override
  public final StageInfo info() {
    return info;
  }
}
