/**
 * Views and routing: `/` creates a meeting, `/m/ID#SECRET` is the lobby of an invite link (the
 * fragment stays in the page: browsers never send it). The meeting itself is {@link MeetingView}.
 */
import { createMeeting, CreationTokenError, meetingStatus, RateLimitedError, ServerFullError, ServerUnreachableError } from '../protocol/api.js';
import { claimTab, creatorStarts, rememberSeat, retireSeat } from './rejoin.js';
import { encodeInviteSecret, generateInviteSecret, parseInviteSecret } from '../meeting/admission.js';
import { chooseMediaPath, probeCapabilities, type MediaPath } from '../media/capabilities.js';
import { clear, h } from './dom.js';
import { MeetingView, type JoinChoices } from './meeting-view.js';
import { fromBase64, toBase64 } from '../protocol/base64.js';
import { loadOrCreateIdentity } from '../identity/store.js';
import { generateSigningKeys, suite } from '../meeting/mls.js';
import { Prejoin } from './prejoin.js';
import { clientAddress, routeOf, shareableLink } from '../meeting/invite-link.js';
import { openLinkForm, relayField, trustedWayNotice } from './trusted-client.js';
import { LevelMeter } from './devices.js';
import { LocalDevices } from '../media/local-devices.js';

const CREATED = 'conclave-created-';

/** A media path to prefer when this browser has it (tests, debugging): `?media=firefox`. */
function preferredPath(): MediaPath | undefined {
  const p = new URLSearchParams(location.search).get('media');
  return p === 'standard' || p === 'chromium' || p === 'firefox' ? p : undefined;
}

export async function startApp(root: HTMLElement): Promise<void> {
  clear(root);
  root.append(h('p', { class: 'status', role: 'status' }, 'Checking what this browser supports…'));
  const choice = chooseMediaPath(await probeCapabilities(), preferredPath());
  if (choice.path === 'unsupported') {
    unsupported(root, choice.missing);
    return;
  }
  document.documentElement.dataset['mediaPath'] = choice.path;
  // The relay is the page's origin unless the address names one (docs/PROTOCOL.md, "Invite links and client origins").
  let route;
  try {
    route = routeOf(new URL(location.href));
  } catch (e) {
    root.append(h('p', { class: 'status', role: 'status', 'data-state': 'error' }, `This address names no usable relay: ${String(e)}`));
    return;
  }
  if (route.meetingId !== undefined) lobby(root, route.meetingId, route.relay, choice.path);
  else home(root, choice.path);
}

/**
 * Before any lobby: what this browser lacks, and the ways to take part anyway (the Java CLI with
 * this very link, or a browser that has it).
 */
function unsupported(root: HTMLElement, missing: readonly string[]): void {
  clear(root);
  let invite = 'LINK';
  try {
    const route = routeOf(new URL(location.href));
    if (route.meetingId !== undefined) invite = shareableLink(route.relay, route.meetingId, location.hash.slice(1));
  } catch {
    // no usable link
  }
  root.append(h('section', { class: 'card error unsupported', id: 'unsupported', 'data-state': 'unsupported' },
    h('h1', {}, 'This browser cannot join'),
    h('p', {}, 'Conclave encrypts, encodes and decodes media on your device, in the browser. This browser lacks:'),
    h('ul', { id: 'missing' }, ...missing.map((m) => h('li', {}, h('code', {}, m)))),
    h('h2', {}, 'To take part anyway'),
    h('ul', {},
      h('li', {}, 'Open this link in a current Firefox, Chrome, Edge or Safari 18 or later (on a https:// address).'),
      h('li', {}, 'Or use the Java client, which joins from a terminal:', h('pre', { id: 'cli-command' }, `./conclave cli join ${invite} --name NAME`)))));
}

function home(root: HTMLElement, mediaPath: MediaPath): void {
  clear(root);
  const status = h('p', { class: 'status', role: 'status' });
  const button = h('button', { class: 'primary', id: 'create' }, 'Create a meeting');
  // A client that does not run from a relay (extension, conclave web) asks which relay to use.
  const onRelay = location.protocol !== 'chrome-extension:' && !isLocalClient();
  const relayInput = onRelay ? undefined : relayField();
  // Shown when the operator requires a token to create meetings (HTTP 401/403).
  const token = h('input', { id: 'creation-token', type: 'password', autocomplete: 'off', 'aria-label': 'Creation token' });
  const tokenLabel = h('label', { hidden: true }, 'This server needs a creation token from its operator: ', token);
  button.addEventListener('click', () => {
    void (async () => {
      button.disabled = true;
      status.textContent = 'Creating…';
      try {
        const relay = relayInput === undefined ? location.origin : relayInput.relay();
        const created = await createMeeting(relay, token.value.trim() || undefined);
        if (created.cipherSuite !== 1) throw new Error(`server signs with cipher suite ${created.cipherSuite}`);
        sessionStorage.setItem(CREATED + created.meetingId, JSON.stringify({ hostToken: created.hostToken, externalSender: toBase64(created.externalSender) }));
        const secret = encodeInviteSecret(generateInviteSecret());
        history.pushState(null, '', clientAddress(new URL(location.href), relay, created.meetingId, secret));
        lobby(root, created.meetingId, relay, mediaPath);
      } catch (e) {
        status.textContent = creationProblem(e);
        status.setAttribute('data-state', e instanceof ServerFullError ? 'full' : e instanceof RateLimitedError ? 'rate-limited' : 'error');
        if (e instanceof CreationTokenError) {
          tokenLabel.hidden = false;
          token.focus();
        }
        button.disabled = false;
      }
    })();
  });
  root.append(h('section', { class: 'card home' },
    h('h1', {}, 'Conclave'),
    h('p', {}, 'End-to-end encrypted video meetings. Keys are made on the participants\' devices; this server only relays what it cannot read.'),
    relayInput?.element, tokenLabel, button, status, onRelay ? undefined : openLinkForm()));
}

function creationProblem(e: unknown): string {
  if (e instanceof ServerFullError) return 'This server is full: it holds as many meetings as its operator allows. Try again later.';
  if (e instanceof RateLimitedError) return `Too many meetings were created from your address lately. Try again in ${e.retryAfterSeconds} s.`;
  if (e instanceof CreationTokenError) return e.wrong ? 'That creation token was not accepted.' : 'Enter the creation token this server\'s operator gave you.';
  if (e instanceof ServerUnreachableError) return 'The server cannot be reached. Try again in a moment.';
  return `Could not create a meeting: ${String(e)}`;
}

/**
 * Whether this start page is served by `conclave web`, which prints it as `/?client=local`: its
 * files are byte for byte the relay's bundle, so only the address can say it.
 */
function isLocalClient(): boolean {
  return new URLSearchParams(location.search).get('client') === 'local';
}

async function devices(kind: MediaDeviceKind): Promise<MediaDeviceInfo[]> {
  try {
    return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind);
  } catch {
    return [];
  }
}

function lobby(root: HTMLElement, meetingId: string, relay: string, mediaPath: MediaPath): void {
  clear(root);
  const fragment = location.hash.slice(1);
  let secret: Uint8Array | undefined;
  let linkError: string | undefined;
  if (fragment.length > 0) {
    try {
      secret = parseInviteSecret(fragment);
    } catch {
      linkError = 'The invite link is damaged: a host will have to let you in.';
    }
  }
  const createdJson = sessionStorage.getItem(CREATED + meetingId);
  const created = createdJson === null ? undefined : (JSON.parse(createdJson) as { hostToken: string; externalSender: string });
  const name = h('input', { id: 'name', type: 'text', maxlength: '64', autocomplete: 'name', placeholder: 'Your name', value: localStorage.getItem('conclave-name') ?? '' });
  const camera = h('select', { id: 'camera', 'aria-label': 'Camera' });
  const mic = h('select', { id: 'microphone', 'aria-label': 'Microphone' });
  const muted = h('input', { id: 'start-muted', type: 'checkbox' });
  const cameraOff = h('input', { id: 'start-camera-off', type: 'checkbox' });
  const preview = h('video', { id: 'preview', autoplay: true, muted: true, playsinline: true });
  preview.muted = true;
  const deviceNote = h('p', { class: 'note', id: 'device-note' });
  const meter = new LevelMeter();
  const status = h('p', { class: 'status', role: 'status' });
  const join = h('button', { class: 'primary', id: 'join' }, created !== undefined ? 'Start the meeting' : 'Join');
  // While the person types a name: the device key, the MLS crypto, the workers and the relay
  // connection, so that joining waits only for the members to add this device.
  const identity = loadOrCreateIdentity(generateSigningKeys);
  identity.catch(() => undefined);
  void suite().catch(() => undefined);
  // One tab per meeting; a reloaded tab first gives up the seat it held; the creator's tab starts
  // the group (again, if every member left) or joins with the link.
  let secondTab = false;
  const prejoinReady: Promise<Prejoin | undefined> = (async () => {
    if (!await claimTab(meetingId)) {
      status.textContent = 'This meeting is already open in another tab of this browser. Use that tab, or close it and reload this one.';
      status.setAttribute('data-state', 'second-tab');
      join.disabled = true;
      // Nor does it take the devices again (the preview lets them go below).
      for (const control of [camera, mic, muted, cameraOff]) control.disabled = true;
      secondTab = true;
      return undefined;
    }
    await retireSeat(relay, meetingId);
    let create = created === undefined ? undefined : { externalSender: fromBase64(created.externalSender), hostToken: created.hostToken };
    if (created !== undefined) {
      const starts = await creatorStarts(relay, meetingId);
      if (starts !== undefined && !starts.start && secret !== undefined) {
        // Others are in the meeting: come back in through the link, like everyone.
        create = undefined;
        join.textContent = 'Join again';
      }
    }
    return new Prejoin(relay, meetingId, secret, create, (s) => {
      // Only what ends the lobby is shown here; the meeting view shows the rest after the click.
      if (s.kind === 'closed' && s.reason !== 'left') {
        status.textContent = s.reason === 'meeting-closed' ? 'This meeting was closed.' : s.detail;
        status.setAttribute('data-state', s.reason === 'meeting-closed' ? 'closed' : s.reason);
        join.disabled = true;
      }
    }, mediaPath, {
      ...(created === undefined ? {} : { hostToken: created.hostToken }),
      onSeat: (t) => rememberSeat(meetingId, t),
    });
  })();

  // The preview's devices: "Start with camera off" and "Start muted" release them at once.
  const deviceIds: { video?: string | undefined; audio?: string | undefined } = {};
  const local = new LocalDevices(new MediaStream(), deviceIds);
  preview.srcObject = local.stream;
  const openPreview = async (): Promise<void> => {
    local.releaseAll();
    deviceIds.video = camera.value || undefined;
    deviceIds.audio = mic.value || undefined;
    const problems: string[] = [];
    for (const [kind, off] of [['video', cameraOff.checked], ['audio', muted.checked]] as const) {
      if (off) continue;
      try {
        await local.acquire(kind);
      } catch (e) {
        problems.push(`${kind === 'video' ? 'camera' : 'microphone'} (${e instanceof DOMException ? e.name : 'unavailable'})`);
      }
    }
    meter.attach(local.stream.getAudioTracks()[0]);
    deviceNote.textContent = problems.length === 0 ? '' : `No access to the ${problems.join(' and ')}. You can still join and see and hear the others.`;
    for (const [select, kind] of [[camera, 'videoinput'], [mic, 'audioinput']] as const) {
      const current = select.value;
      clear(select);
      for (const d of await devices(kind)) select.append(h('option', { value: d.deviceId }, d.label || kind));
      if (current) select.value = current;
    }
  };
  let previewReady = openPreview();
  // A second tab cannot join: it leaves the camera and microphone to the tab that holds the meeting
  // (the preview may have opened them before the tab knew; its controls are disabled by now).
  void prejoinReady.catch(() => undefined).then(() => previewReady).then(() => {
    if (!secondTab) return;
    local.releaseAll();
    meter.stop();
  });
  camera.addEventListener('change', () => { previewReady = openPreview(); });
  mic.addEventListener('change', () => { previewReady = openPreview(); });
  for (const [box, kind] of [[cameraOff, 'video'], [muted, 'audio']] as const) {
    box.addEventListener('change', () => {
      if (box.checked) local.release(kind);
      else previewReady = previewReady.then(() => local.acquire(kind)).then(() => undefined, () => undefined);
      if (kind === 'audio') previewReady = previewReady.then(() => meter.attach(local.stream.getAudioTracks()[0]));
    });
  }
  // Leaving the page (or reloading it) lets go of camera and microphone at once.
  addEventListener('pagehide', () => local.releaseAll());

  join.addEventListener('click', () => void Promise.all([previewReady, prejoinReady]).then(([, prejoin]) => {
    if (prejoin === undefined) return;
    const person = name.value.trim();
    if (person.length === 0) {
      status.textContent = 'Enter your name first.';
      name.focus();
      return;
    }
    localStorage.setItem('conclave-name', person);
    join.disabled = true;
    meter.stop();
    const choices: JoinChoices = {
      meetingId,
      name: person,
      stream: local.stream,
      devices: local,
      startMuted: muted.checked,
      startCameraOff: cameraOff.checked,
      joinClickedAt: performance.now(),
      identity,
      relay,
    };
    void new MeetingView(root, choices, prejoin).start();
  }));

  void meetingStatus(relay, meetingId).then((s) => {
    if (s === 'unknown' && created === undefined) {
      status.textContent = 'There is no such meeting on this server.';
      status.setAttribute('data-state', 'error');
    } else if (s === 'closed') {
      status.textContent = 'This meeting was closed.';
      status.setAttribute('data-state', 'closed');
      join.disabled = true;
    }
  }, () => {
    status.textContent = 'The server cannot be reached right now.';
    status.setAttribute('data-state', 'unreachable');
  });

  root.append(h('section', { class: 'card lobby' },
    h('h1', {}, created !== undefined ? 'Your new meeting' : 'Join the meeting'),
    secret === undefined ? h('p', { class: 'note' }, linkError ?? 'This link has no invite secret: a host must let you in.') : undefined,
    relay === location.origin ? trustedWayNotice(shareableLink(relay, meetingId, undefined)) : undefined,
    h('div', { class: 'lobby-grid' },
      h('div', { class: 'preview' }, preview),
      h('div', { class: 'form' },
        h('label', {}, 'Name', name),
        h('label', {}, 'Camera', camera),
        h('label', {}, 'Microphone', mic),
        h('label', {}, 'Microphone level', meter.element),
        h('label', { class: 'check' }, muted, 'Start muted'),
        h('label', { class: 'check' }, cameraOff, 'Start with camera off'),
        deviceNote, join, status))));
}

