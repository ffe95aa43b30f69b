/**
 * Names as people see them. A name is the member's own choice and travels inside its MLS
 * credential: it is shown as plain text only, without control, format (bidi overrides, zero-width)
 * or line-separator characters, so that it cannot reorder or restyle what is around it. Badges such
 * as "host" are separate elements, never part of the name.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/gu;

export function displayName(raw: string): string {
  const cleaned = raw.replace(HIDDEN, '').replace(/\s+/gu, ' ').trim();
  return cleaned.length === 0 ? '(no name)' : cleaned;
}
