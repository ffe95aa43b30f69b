/** Extensions (RFC 9420 §13) and the extension types of §17.3. */
package io.conclave.mls.extension;
