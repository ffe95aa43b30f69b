package io.conclave.cli;

import io.conclave.cli.command.ConclaveCommand;
import picocli.CommandLine;

/** {@code java -jar conclave-cli.jar COMMAND ...}; {@code --help} lists the commands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = new CommandLine(new ConclaveCommand()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
