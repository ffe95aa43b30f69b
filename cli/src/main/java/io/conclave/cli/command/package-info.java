/**
 * One picocli command per file: {@code serve}, {@code create}, {@code join}, {@code bot},
 * {@code record}, {@code load}. Commands parse options and wire the pieces; the work is done in
 * {@link io.conclave.cli.bot}, {@link io.conclave.cli.record}, {@link io.conclave.cli.load} and
 * the client library.
 */
package io.conclave.cli.command;
