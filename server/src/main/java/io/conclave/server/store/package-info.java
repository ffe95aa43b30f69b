/**
 * Persistence behind {@link io.conclave.server.store.MeetingStore}: embedded H2 under the data
 * directory by default, PostgreSQL by JDBC URL, both through {@link io.conclave.server.store.Database}
 * (HikariCP pool, Flyway migrations in {@code db/migration}).
 */
package io.conclave.server.store;
