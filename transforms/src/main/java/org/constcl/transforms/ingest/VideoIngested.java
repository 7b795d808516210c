package org.constcl.transforms.ingest;

import java.io.Serializable;

/**
 * A video the probe accepted, for the dataset summary (duplicate detection and counts).
 *
 * @param videoId the video's id
 * @param sha256 SHA-256 of its file
 * @param segments segments it was split into
 */
record VideoIngested(String videoId, String sha256, int segments) implements Serializable {}
