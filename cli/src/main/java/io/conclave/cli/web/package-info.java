/** {@code conclave verify-web}: what a relay serves against a web client manifest; {@code conclave web}: the packaged client on loopback. */
package io.conclave.cli.web;
