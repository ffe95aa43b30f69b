/**
 * The {@code conclave} command line: {@link io.conclave.cli.Main} dispatches to the commands of
 * {@link io.conclave.cli.command}.
 */
package io.conclave.cli;
