// Encrypted attachments (Matrix spec, "Sending encrypted attachments"): in an encrypted room a
// file is encrypted with a fresh AES-256-CTR key before it reaches the media repository, and the
// key travels only inside the (encrypted) event. The media repository never holds the plaintext.
import { createCipheriv, createHash, randomBytes } from "node:crypto";

/** The `file` object of an `m.file` event in an encrypted room (spec: EncryptedFile). */
export interface EncryptedFile {
  readonly url: string;
  readonly key: {
    readonly kty: "oct";
    readonly key_ops: readonly ["encrypt", "decrypt"];
    readonly alg: "A256CTR";
    readonly k: string;
    readonly ext: true;
  };
  readonly iv: string;
  readonly hashes: { readonly sha256: string };
  readonly v: "v2";
}

export interface SealedAttachment {
  /** What is uploaded: the ciphertext. */
  readonly data: Uint8Array;
  /** The event's `file` once the ciphertext has its `mxc://` address. */
  readonly file: (url: string) => EncryptedFile;
}

const unpadded = (b: Buffer) => b.toString("base64").replace(/=+$/u, "");
const urlSafe = (b: Buffer) => unpadded(b).replace(/\+/gu, "-").replace(/\//gu, "_");

export function sealAttachment(plain: Uint8Array): SealedAttachment {
  const key = randomBytes(32);
  // The spec's IV: 64 random bits, then a 64-bit block counter starting at zero.
  const iv = Buffer.concat([randomBytes(8), Buffer.alloc(8)]);
  const cipher = createCipheriv("aes-256-ctr", key, iv);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  const sha256 = unpadded(createHash("sha256").update(data).digest());
  return {
    data,
    file: (url) => ({
      url,
      key: { kty: "oct", key_ops: ["encrypt", "decrypt"], alg: "A256CTR", k: urlSafe(key), ext: true },
      iv: unpadded(iv),
      hashes: { sha256 },
      v: "v2",
    }),
  };
}
