import { describe, expect, it } from 'vitest';
import {
  MeetingMessageType, lockMessage, mediaStateMessage, muteRequestMessage, parseAppMessage, parseMediaState, parseMuteRequest, parseRecording, recordingMessage,
} from './app-messages.js';

describe('meeting application messages (docs/PROTOCOL.md)', () => {
  it('media state is type 5 with one flags byte', () => {
    expect([...mediaStateMessage({ muted: true, cameraOff: false })]).toEqual([5, 1]);
    expect([...mediaStateMessage({ muted: false, cameraOff: true })]).toEqual([5, 2]);
    expect([...mediaStateMessage({ muted: true, cameraOff: true })]).toEqual([5, 3]);
    expect(parseMediaState(Uint8Array.of(3))).toEqual({ muted: true, cameraOff: true });
    expect(parseMediaState(Uint8Array.of(0xfc))).toEqual({ muted: false, cameraOff: false });
    expect(parseMediaState(Uint8Array.of())).toBeUndefined();
    expect(parseMediaState(Uint8Array.of(1, 0))).toBeUndefined();
  });
  it('mute request is type 6 with the target leaf as uint32 big-endian', () => {
    const m = muteRequestMessage(258);
    expect([...m]).toEqual([6, 0, 0, 1, 2]);
    const p = parseAppMessage(m)!;
    expect(p.type).toBe(MeetingMessageType.MUTE_REQUEST);
    expect(parseMuteRequest(p.body)).toBe(258);
    expect(parseMuteRequest(Uint8Array.of(1, 2, 3))).toBeUndefined();
  });
  it('lock is type 8 with 1 or 0', () => {
    expect([...lockMessage(true)]).toEqual([8, 1]);
    expect([...lockMessage(false)]).toEqual([8, 0]);
  });
  it('recording is type 7 with 1 or 0', () => {
    expect([...recordingMessage(true)]).toEqual([7, 1]);
    expect(parseRecording(Uint8Array.of(0))).toBe(false);
    expect(parseRecording(Uint8Array.of(2))).toBeUndefined();
  });
});
