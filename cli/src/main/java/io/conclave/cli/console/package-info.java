/**
 * The interactive side of {@code join} and {@code create}: meeting events printed as lines (roster
 * with key fingerprints, the security code of each epoch, chat, warnings), and chat read from
 * standard input.
 */
package io.conclave.cli.console;
