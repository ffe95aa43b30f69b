/**
 * Meetings (DESIGN.md, "Meeting lifecycle"): {@link io.conclave.server.meeting.MeetingService}
 * creates and closes meetings, admits participants (limits, resume tokens, reconnect grace) and
 * dispatches their control messages to the delivery service. It wires the lower layers
 * (delivery service, media forwarding, routing, store) together for one meeting.
 */
package io.conclave.server.meeting;
