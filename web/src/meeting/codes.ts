/**
 * Codes people compare (docs/PROTOCOL.md "Media keys and the security code"): the meeting
 * security code from the RFC 9420 §8.7 epoch authenticator and a member's key fingerprint,
 * both groups of five digits from a labelled SHA-256.
 */
const GROUP_BYTES = 5;

export async function digits(label: string, input: Uint8Array, groups: number): Promise<string> {
  if (groups < 1 || groups * GROUP_BYTES > 32) throw new RangeError('1 to 6 groups');
  const data = new Uint8Array(label.length + input.length);
  data.set(new TextEncoder().encode(label));
  data.set(input, label.length);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  const out: string[] = [];
  for (let g = 0; g < groups; g++) {
    let v = 0n;
    for (let i = 0; i < GROUP_BYTES; i++) v = (v << 8n) | BigInt(hash[g * GROUP_BYTES + i]!);
    out.push((v % 100000n).toString().padStart(5, '0'));
  }
  return out.join(' ');
}

/** Same on every device iff all are in the same epoch of the same group. */
export function securityCode(epochAuthenticator: Uint8Array): Promise<string> {
  return digits('conclave security code v1', epochAuthenticator, 4);
}

export function fingerprint(signatureKey: Uint8Array): Promise<string> {
  return digits('conclave fingerprint v1', signatureKey, 6);
}
