/**
 * The MLS key schedule (RFC 9420 §8): from the previous epoch's {@code init_secret}, the commit
 * secret, the PSK secret and the new {@code GroupContext} to the secrets of the new epoch.
 *
 * <pre>
 *                  init_secret_[n-1]
 *                        |
 *   commit_secret --> Extract
 *                        |
 *             ExpandWithLabel(., "joiner", GroupContext_[n], Nh) = joiner_secret
 *                        |
 *   psk_secret ----> Extract ----> DeriveSecret(., "welcome") = welcome_secret
 *                        |
 *             ExpandWithLabel(., "epoch", GroupContext_[n], Nh) = epoch_secret
 *                        |
 *                        +--> DeriveSecret(., label) = sender_data, encryption, exporter, external,
 *                        |        confirm, membership, resumption, authentication secrets
 *                        V
 *             DeriveSecret(., "init") = init_secret_[n]
 * </pre>
 *
 * {@link io.conclave.mls.schedule.KeySchedule} runs it, {@link io.conclave.mls.schedule.EpochSecrets}
 * holds one epoch's results (and the exporter, §8.5), {@link io.conclave.mls.schedule.PskSecret}
 * chains pre-shared keys into {@code psk_secret} (§8.4).
 */
package io.conclave.mls.schedule;
