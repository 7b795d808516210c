package org.constcl.eval.run;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * One evaluation to run.
 *
 * @param dataset dataset name for metrics (e.g. {@code ucf101/split1})
 * @param clips the labelled clip dataset (train and test splits)
 * @param init where the backbone starts: a pre-trained checkpoint or a random init of a spec
 * @param settings the protocol's settings
 * @param output output folder
 * @param force discard an output folder holding a run with other settings
 * @param options Beam options for the feature extraction pipeline
 * @param progress where progress lines go
 * @param scoreTrain also score the train split's videos (multi-view, as the test split): shows how
 *     well the classifier fits the data it trained on
 */
public record EvalRequest(String dataset, Path clips, BackboneSource init, EvalSettings settings, Path output, boolean force, PipelineOptions options, PrintStream progress,
    boolean scoreTrain) {}
