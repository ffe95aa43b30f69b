/** {@code conclave verify-web}: what a relay serves against a web client manifest. */
package io.conclave.cli.web;
