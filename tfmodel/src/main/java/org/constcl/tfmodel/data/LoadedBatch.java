package org.constcl.tfmodel.data;

import org.constcl.tfmodel.model.TrainingBatch;

/**
 * A batch ready for the graph, and where in the sample order the next batch starts (what a
 * checkpoint records to resume the data exactly).
 *
 * @param batch the batch
 * @param nextPosition sample position of the first clip after this batch
 * @param skipped clips skipped while filling it
 */
public record LoadedBatch(TrainingBatch batch, long nextPosition, int skipped) {}
