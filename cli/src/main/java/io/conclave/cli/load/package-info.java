/**
 * The load generator and protocol fuzzer behind {@code conclave load}: misbehaving WebSocket
 * connections that send random bytes, oversized frames, messages of the wrong type and protocol
 * steps out of order, each reconnecting when the server closes it, and a tally of what the server
 * answered. Every {@link io.conclave.cli.load.Attack} names the close codes of docs/PROTOCOL.md
 * ({@link io.conclave.protocol.control.CloseCode}) it must end with; anything else is counted as
 * unexpected.
 */
package io.conclave.cli.load;
