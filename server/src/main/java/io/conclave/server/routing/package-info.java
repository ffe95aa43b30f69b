/**
 * Room routing: which connection serves which participant of which meeting, behind
 * {@link io.conclave.server.routing.ParticipantRouter} so that a multi-node router (Redis) can
 * replace {@link io.conclave.server.routing.LocalRouter}. Knows nothing of media or MLS.
 */
package io.conclave.server.routing;
