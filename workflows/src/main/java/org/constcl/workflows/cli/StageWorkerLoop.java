package org.constcl.workflows.cli;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.constcl.tfmodel.model.TensorFlowPreload;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.engine.WarmWorkers;

/**
 * The inside of a warm stage worker ({@link WarmWorkers}): a JVM that runs {@code constcl <args>}
 * requests one after another, each exactly as {@link Main} would run it in a process of its own,
 * with the stage's Java output going to the stage's log. Requests come on stdin, one per line; the
 * reply to each is a marker line on stdout carrying the exit code. End of stdin ends the worker.
 */
final class StageWorkerLoop {
  private StageWorkerLoop() {}

  static int serve() {
    PrintStream replies = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    // Between stages Java output goes to the worker's stderr, which the engine puts in the log of the stage before.
    OutputStream idle = new FileOutputStream(FileDescriptor.err);
    SwitchableStream out = new SwitchableStream(idle);
    SwitchableStream err = new SwitchableStream(idle);
    // Set before any logger exists: slf4j-simple writes to whatever System.err is at the time.
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    LogSetup.configure(false);
    BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      for (String line; (line = requests.readLine()) != null; ) {
        WarmWorkers.Request r = WarmWorkers.Request.parse(line);
        int code = runOne(r, out, err);
        replies.println(WarmWorkers.replyLine(r.id(), code));
      }
    } catch (IOException | RuntimeException e) {
      e.printStackTrace(replies); // the engine finds no reply marker and fails the stage with the worker's output
      return ExitCodes.INTERNAL;
    }
    return ExitCodes.OK;
  }

  private static int runOne(WarmWorkers.Request r, SwitchableStream out, SwitchableStream err) throws IOException {
    List<String> args = r.args();
    if (!args.isEmpty() && Main.TENSORFLOW_VERBS.contains(args.get(0))) {
      TensorFlowPreload.start(); // once per worker; later TensorFlow stages find it loaded
    }
    try (OutputStream log = Files.newOutputStream(Path.of(r.log()), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      out.target = log;
      err.target = log;
      Console console = new Console(new PrintWriter(System.out, true), new PrintWriter(System.err, true), false);
      try {
        return Main.run(console, args.toArray(String[]::new));
      } catch (Throwable t) {
        // Main's handlers report a command's exceptions; this is what escapes them (an Error).
        System.err.println("constcl " + (args.isEmpty() ? "" : args.get(0)) + ": internal error: " + t);
        t.printStackTrace(System.err);
        return ExitCodes.INTERNAL;
      } finally {
        System.out.flush();
        System.err.flush();
        out.target = out.idle;
        err.target = err.idle;
      }
    }
  }

  /** A stream whose destination changes per request (the stage's log), so that loggers holding it follow. */
  private static final class SwitchableStream extends OutputStream {
    final OutputStream idle;
    volatile OutputStream target;

    SwitchableStream(OutputStream idle) {
      this.idle = idle;
      this.target = idle;
    }

    @Override
    public void write(int b) throws IOException {
      target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }
  }
}
