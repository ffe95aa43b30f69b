/**
 * The media bot: encoded frames read from IVF (VP8, camera track) and Ogg Opus (audio track)
 * files, sent in real time paced by their timestamps, each file looping on its own period.
 */
package io.conclave.cli.bot;
