package org.constcl.transforms.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} read through Beam's {@link FileSystems} (seekable schemes). */
final class BeamInputFile implements InputFile {
  private final ResourceId resource;

  BeamInputFile(ResourceId resource) {
    this.resource = resource;
  }

  @Override
  public long getLength() throws IOException {
    return FileSystems.matchSingleFileSpec(resource.toString()).sizeBytes();
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    if (!(FileSystems.open(resource) instanceof SeekableByteChannel channel)) {
      throw new IOException(resource + ": the file system cannot seek, which Parquet needs");
    }
    InputStream in = Channels.newInputStream(channel);
    return new DelegatingSeekableInputStream(in) {
      @Override
      public long getPos() throws IOException {
        return channel.position();
      }

      @Override
      public void seek(long newPos) throws IOException {
        channel.position(newPos);
      }
    };
  }
}
