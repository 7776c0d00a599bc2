// The stored crypto state is sealed with the operator's passphrase (MATRIX_CRYPTO_PASSPHRASE):
// AES-256-GCM under a key derived with scrypt from the passphrase and a random salt kept beside
// the parts. Without a passphrase the parts are stored as they are (the README says what that means).
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";

const PLAIN = 0;
const SEALED = 1;

export interface PartCipher {
  seal(data: Uint8Array): Uint8Array;
  /** Throws WrongPassphraseError when the part was sealed under another passphrase. */
  open(data: Uint8Array): Uint8Array;
}

export class WrongPassphraseError extends Error {
  constructor() {
    super("the stored Matrix encryption state does not open with this passphrase");
    this.name = "WrongPassphraseError";
  }
}

export function passphraseKey(passphrase: string, salt: Uint8Array): Buffer {
  return scryptSync(passphrase.normalize("NFC"), salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 << 20 });
}

/** Seals with `key` (undefined: stores plain); opens what `key` or any of `older` sealed. */
export function partCipher(key: Buffer | undefined, older: readonly Buffer[] = []): PartCipher {
  return {
    seal(data) {
      if (key === undefined) return Buffer.concat([Buffer.of(PLAIN), data]);
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(data), cipher.final()]);
      return Buffer.concat([Buffer.of(SEALED), iv, cipher.getAuthTag(), body]);
    },
    open(data) {
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      if (bytes[0] === PLAIN) return bytes.subarray(1);
      for (const candidate of key === undefined ? older : [key, ...older]) {
        try {
          const decipher = createDecipheriv("aes-256-gcm", candidate, bytes.subarray(1, 13));
          decipher.setAuthTag(bytes.subarray(13, 29));
          return Buffer.concat([decipher.update(bytes.subarray(29)), decipher.final()]);
        } catch {
          // Not this key: try the next one.
        }
      }
      throw new WrongPassphraseError();
    },
  };
}
