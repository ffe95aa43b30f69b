/**
 * The SFrame header (RFC 9605 §4.3): a config byte, then the KID and the CTR as compact unsigned
 * big-endian integers.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+------------+------------+
 * |X|  K  |Y|  C  |   KID...   |   CTR...   |
 * +-+-+-+-+-+-+-+-+------------+------------+
 * </pre>
 *
 * A value 0–7 sits in K (or C) with X (or Y) = 0; otherwise X (or Y) = 1, K (or C) holds the byte
 * length minus one and the value follows in the minimum number of bytes. Decoding rejects
 * truncated and non-minimal encodings, so every header has exactly one encoding.
 */
package io.conclave.sframe.header;
