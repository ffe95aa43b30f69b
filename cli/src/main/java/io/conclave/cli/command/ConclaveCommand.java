package io.conclave.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command; it only lists its subcommands. */
@Command(name = "conclave", mixinStandardHelpOptions = true, version = "conclave 0.1.0",
    description = "End-to-end encrypted meetings from the command line.",
    subcommands = {ServeCommand.class, CreateCommand.class, JoinCommand.class, BotCommand.class,
        RecordCommand.class, LoadCommand.class, VerifyWebCommand.class, WebCommand.class})
public final class ConclaveCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }
}
