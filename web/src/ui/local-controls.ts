/**
 * Camera and microphone buttons of the meeting: "off" stops the encoder's source and releases the
 * device ({@link LocalDevices}), "on" asks for the device again and hands the encoder a copy.
 */
import type { MediaController } from '../media/controller.js';
import type { LocalDevices } from '../media/local-devices.js';

/** Turns the camera on or off; resolves with an error text if it could not be turned on. */
export async function setCamera(media: MediaController, devices: LocalDevices, on: boolean): Promise<string | undefined> {
  if (!on) {
    if (media.isSending('camera')) media.stop('camera');
    devices.release('video');
    return undefined;
  }
  try {
    if (await devices.acquire('video') === undefined) return undefined;
  } catch (e) {
    return `The camera cannot be used: ${e instanceof DOMException ? e.name : String(e)}`;
  }
  const copy = devices.take('video');
  if (copy !== undefined) media.send('camera', copy);
  return undefined;
}

/** Mutes (releasing the microphone) or unmutes (asking for it again). */
export async function setMicrophone(media: MediaController, devices: LocalDevices, on: boolean): Promise<string | undefined> {
  if (!on) {
    media.setMuted('audio', true);
    if (media.isSending('audio')) media.stop('audio');
    devices.release('audio');
    return undefined;
  }
  try {
    if (await devices.acquire('audio') === undefined) return undefined;
  } catch (e) {
    return `The microphone cannot be used: ${e instanceof DOMException ? e.name : String(e)}`;
  }
  const copy = devices.take('audio');
  if (copy !== undefined) {
    media.send('audio', copy);
    media.setMuted('audio', false);
  }
  return undefined;
}
