// Links in participant text: kept whole, so people can open or copy them (an invisible character
// inside a URL breaks it), while each adapter stops them from pinging or unfurling.

/** A web link as people type it; ends before whitespace, angle brackets and quotes. */
const url = /https?:\/\/[^\s<>"'`]+/giu;
/** Punctuation that usually ends the sentence around a link rather than the link itself. */
const trailing = /[.,;:!?)\]}]+$/u;

export type TextPart =
  { readonly link: false; readonly text: string } | { readonly link: true; readonly text: string };

/** Splits text into plain parts and links, in order (trailing punctuation stays plain text). */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(url)) {
    const start = m.index;
    const raw = m[0];
    const link = raw.replace(trailing, "");
    if (start > at) parts.push({ link: false, text: text.slice(at, start) });
    if (link.length > "https://".length) parts.push({ link: true, text: link });
    else parts.push({ link: false, text: link });
    at = start + link.length;
  }
  if (at < text.length) parts.push({ link: false, text: text.slice(at) });
  return parts;
}
