package io.conclave.cli.record;

import java.io.Closeable;
import java.io.IOException;

/** One participant's track being written to a file. */
interface TrackFile extends Closeable {
  /**
   * Writes a frame, or skips it if the file cannot start with it.
   *
   * @return true if it was written
   */
  boolean write(boolean keyframe, byte[] payload, long arrivalNanos) throws IOException;

  long written();
}
