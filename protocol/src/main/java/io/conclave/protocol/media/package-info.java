/**
 * Binary media frames as they cross the WebSocket (docs/PROTOCOL.md, "Media frames"): the
 * Conclave media-frame header of module {@code sframe} followed by SFrame ciphertext (RFC 9605).
 */
package io.conclave.protocol.media;
