/** SFrame (RFC 9605): end-to-end encryption of media frames. */
package io.conclave.sframe;
