/** Prometheus metrics of the server (Micrometer), implementing the stats interfaces of the lower layers. */
package io.conclave.server.metrics;
