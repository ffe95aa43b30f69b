/**
 * Interop tests of the Java MLS library ({@code io.conclave.mls.group.Group}) against ts-mls 1.6.4,
 * the browser client's MLS library, run as a Node process through {@link io.conclave.interop.TsMlsPeer}
 * (ts-mls-driver/driver.mjs). Scenarios: Welcome joins both ways and application data
 * ({@code WelcomeInteropTest}), external-sender Removes ({@code ExternalSenderInteropTest}), external
 * commits ({@code ExternalCommitInteropTest}) and a churned tree with unmerged leaves
 * ({@code ChurnedTreeInteropTest}); hostile commits and Welcomes that both must reject
 * ({@code HostileMessagesInteropTest}, outcomes in interop/README.md). After every step both sides
 * must derive the same MLS-Exporter("SFrame 1.0 Base Key", "", 16) and epoch authenticator
 * (RFC 9420 §8.5, §8.7).
 */
package io.conclave.interop;
