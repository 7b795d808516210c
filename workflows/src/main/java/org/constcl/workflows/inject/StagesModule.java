package org.constcl.workflows.inject;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.constcl.eval.benchmark.BenchmarkProtocol;
import org.constcl.eval.benchmark.ClassificationProtocol;
import org.constcl.eval.benchmark.LocalizationProtocol;
import org.constcl.eval.benchmark.PropagationProtocol;
import org.constcl.eval.benchmark.RetrievalProtocol;
import org.constcl.eval.benchmark.TrackingProtocol;
import org.constcl.workflows.stage.DatasetIngestStage;
import org.constcl.workflows.stage.DatasetMakeStage;
import org.constcl.workflows.stage.IngestStage;
import org.constcl.workflows.stage.ProposalsStage;
import org.constcl.workflows.stage.Stage;
import org.constcl.workflows.stage.TrainStage;

/**
 * The stage kinds and benchmark protocols the engine knows, as Guice Multibinder sets read by
 * {@link org.constcl.workflows.stage.StageRegistry}. Adding a benchmark: one {@link
 * BenchmarkProtocol} class in eval and one line here. Binding order is the order the experiment
 * format and reports list them in.
 */
public final class StagesModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder<Stage> stages = Multibinder.newSetBinder(binder(), Stage.class);
    stages.addBinding().to(IngestStage.class);
    stages.addBinding().to(ProposalsStage.class);
    stages.addBinding().to(DatasetMakeStage.class);
    stages.addBinding().to(DatasetIngestStage.class);
    stages.addBinding().to(TrainStage.class);

    Multibinder<BenchmarkProtocol> protocols = Multibinder.newSetBinder(binder(), BenchmarkProtocol.class);
    protocols.addBinding().toInstance(ClassificationProtocol.LINEAR);
    protocols.addBinding().toInstance(ClassificationProtocol.FINETUNE);
    protocols.addBinding().to(LocalizationProtocol.class);
    protocols.addBinding().to(TrackingProtocol.class);
    protocols.addBinding().to(PropagationProtocol.class);
    protocols.addBinding().to(RetrievalProtocol.class);
  }
}
