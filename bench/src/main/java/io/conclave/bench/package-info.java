/** JMH benchmarks; sub-packages mirror the modules they measure. */
package io.conclave.bench;
