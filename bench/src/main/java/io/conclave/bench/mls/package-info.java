/** JMH benchmarks of the MLS library (module {@code mls}), one class per operation family. */
package io.conclave.bench.mls;
