/**
 * JMH benchmarks of the MLS group state machine ({@code io.conclave.mls.group}): the commit,
 * process and join operations at several group sizes, the same scenarios that
 * {@code interop/ts-mls-driver/bench.mjs} measures on ts-mls ({@code bench/compare-mls.sh} runs
 * both side by side).
 */
package io.conclave.bench.mls.group;
