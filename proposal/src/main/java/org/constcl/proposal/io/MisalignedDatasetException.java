package org.constcl.proposal.io;

import java.io.IOException;

/** A box dataset whose shards do not match its clip dataset's, row for row. */
public final class MisalignedDatasetException extends IOException {
  private static final long serialVersionUID = 1L;

  public MisalignedDatasetException(String message) {
    super(message);
  }
}
