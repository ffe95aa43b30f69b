package io.conclave.cli;

import io.conclave.cli.command.ConclaveCommand;
import io.conclave.cli.media.MalformedMediaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** {@code java -jar conclave-cli.jar COMMAND ...}; {@code --help} lists the commands. */
public final class Main {
  private Main() {}

  /** Bad links, unreadable files, an unreachable server, no admission in time: one line, exit 1. */
  private static int report(Exception e, CommandLine command, ParseResult parsed) throws Exception {
    if (e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException
        || e instanceof TimeoutException || e instanceof MalformedMediaException) {
      command.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
    throw e;
  }

  public static void main(String[] args) {
    int code = new CommandLine(new ConclaveCommand())
        .setExecutionExceptionHandler(Main::report)
        .execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
