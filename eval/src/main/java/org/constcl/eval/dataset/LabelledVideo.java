package org.constcl.eval.dataset;

/**
 * One video of a labelled dataset split as an official split file names it.
 *
 * @param path path relative to the dataset's video root
 * @param label class name, or null for an unlabelled test video (Kinetics test CSV)
 * @param split {@code train} or {@code test}
 * @param origin where it was named ({@code file:line}), for messages
 */
public record LabelledVideo(String path, String label, String split, String origin) {}
