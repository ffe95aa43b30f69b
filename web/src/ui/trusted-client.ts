/**
 * The ways to a client the relay cannot change (docs/SECURITY.md, "Trusting the web client"): on
 * a relay-served page, a notice offering the Conclave extension and `conclave web` for this very
 * link; on a client that does not run from the relay, a field to open an invite link and one to
 * name the relay on which to create a meeting.
 *
 * A relay-served page does not probe for the extension: that would need the extension to expose a
 * resource to every site, which lets any site fingerprint its users. It says what to do instead.
 */
import { clientAddress, parseInviteLink, relayOrigin } from '../meeting/invite-link.js';
import { h } from './dom.js';

const RELAY_KEY = 'conclave-relay';

/** For a relay-served page: how to open `link` in a client the relay cannot change. */
export function trustedWayNotice(link: string): HTMLElement {
  const command = h('pre', { id: 'trusted-way-command' }, `./conclave cli web ${link.replace(/#.*/, '')}#…`);
  return h('details', { class: 'note trusted-way', id: 'trusted-way' },
    h('summary', {}, 'This page and its code come from the meeting\'s server. Open the meeting in a client the server cannot change'),
    h('ul', {},
      h('li', {}, 'With the Conclave browser extension: click its icon and paste this invite link.'),
      h('li', {}, 'Or with conclave web, which serves the verified client on this computer (add the part after # of your link):', command),
      h('li', {}, 'Or check what this server sends: ./conclave cli verify-web ', h('code', {}, location.origin), '.')));
}

/** For a client not on the relay: paste an invite link, open it here. */
export function openLinkForm(): HTMLElement {
  const input = h('input', { id: 'open-link', type: 'url', placeholder: 'https://relay.example/m/ID#…', 'aria-label': 'Invite link' });
  const status = h('p', { class: 'status', role: 'status', id: 'open-link-status' });
  const form = h('form', { class: 'open-link' }, h('label', {}, 'Invite link', input), h('button', { type: 'submit', id: 'open' }, 'Open'), status);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    try {
      const target = parseInviteLink(input.value);
      const here = new URL(location.href);
      const next = new URL(clientAddress(here, target.relay, target.meetingId, target.fragment), here);
      location.assign(next.toString());
      // Only the fragment changed: the same document stays, so route again.
      if (next.pathname === here.pathname && next.search === here.search) location.reload();
    } catch (err) {
      status.textContent = err instanceof Error ? err.message : String(err);
      status.setAttribute('data-state', 'error');
    }
  });
  return form;
}

/** For a client not on the relay: which relay to create a meeting on (remembered). */
export function relayField(): { readonly element: HTMLElement; relay(): string } {
  const input = h('input', { id: 'relay', type: 'url', placeholder: 'https://relay.example', 'aria-label': 'Relay', value: localStorage.getItem(RELAY_KEY) ?? '' });
  return {
    element: h('label', {}, 'Relay (the meeting server)', input),
    relay: () => {
      const origin = relayOrigin(input.value);
      localStorage.setItem(RELAY_KEY, origin);
      return origin;
    },
  };
}
