package org.constcl.transforms.video;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/** Process-wide FFmpeg settings and error formatting. */
public final class FfmpegSetup {
  private static volatile boolean initialised;
  private static volatile int logLevel = avutil.AV_LOG_FATAL;

  private FfmpegSetup() {}

  /**
   * Sets FFmpeg's log level for this JVM: {@code verbose} lets warnings through, otherwise only
   * fatal errors print (per-file decode problems become rejects or are tolerated, not stderr noise).
   */
  public static void configureLogging(boolean verbose) {
    logLevel = verbose ? avutil.AV_LOG_WARNING : avutil.AV_LOG_FATAL;
    avutil.av_log_set_level(logLevel);
    initialised = true;
  }

  static void ensureInitialised() {
    if (!initialised) {
      configureLogging(false);
    }
  }

  static String errorString(int err) {
    try (BytePointer buf = new BytePointer(256)) {
      avutil.av_strerror(err, buf, 256);
      byte[] bytes = new byte[256];
      buf.get(bytes);
      int len = 0;
      while (len < bytes.length && bytes[len] != 0) {
        len++;
      }
      return new String(bytes, 0, len, java.nio.charset.StandardCharsets.UTF_8) + " (" + err + ")";
    }
  }

  private static final Pattern FFMPEG_ERROR = Pattern.compile("error (-?\\d+)");

  /** A one-line description of a JavaCV exception, with FFmpeg's own text for its error code. */
  static String describe(Exception e) {
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    Matcher m = FFMPEG_ERROR.matcher(msg);
    if (m.find()) {
      return errorString(Integer.parseInt(m.group(1)));
    }
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }
}
