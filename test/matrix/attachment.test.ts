// An encrypted attachment as a Matrix client reads it (spec: "Sending encrypted attachments"),
// decrypted here with WebCrypto from the event's `file` object alone.
import { createHash, webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealAttachment } from "../../src/adapters/matrix/crypto/attachment.ts";

const fromUnpadded = (s: string) => Buffer.from(s.replace(/-/gu, "+").replace(/_/gu, "/"), "base64");

describe("an encrypted attachment", () => {
  const report = new TextEncoder().encode("group,trust_pre,trust_post\nGroup A,3.1,3.6\n".repeat(50));

  it("holds no plaintext, and a client decrypts it with the key, iv and hash the event carries", async () => {
    const sealed = sealAttachment(report);
    expect(Buffer.from(sealed.data).includes(Buffer.from("Group A"))).toBe(false);
    const file = sealed.file("mxc://example.org/abc");
    expect(file).toMatchObject({
      url: "mxc://example.org/abc",
      v: "v2",
      key: { alg: "A256CTR", kty: "oct" },
    });
    expect(createHash("sha256").update(sealed.data).digest("base64").replace(/=+$/u, "")).toBe(
      file.hashes.sha256,
    );
    const iv = fromUnpadded(file.iv);
    expect(iv.subarray(8)).toEqual(Buffer.alloc(8)); // the block counter starts at zero
    const key = await webcrypto.subtle.importKey(
      "jwk",
      { ...file.key, key_ops: [...file.key.key_ops] },
      "AES-CTR",
      false,
      ["decrypt"],
    );
    const plain = await webcrypto.subtle.decrypt(
      { name: "AES-CTR", counter: iv, length: 64 },
      key,
      sealed.data,
    );
    expect(new TextDecoder().decode(plain)).toBe(new TextDecoder().decode(report));
  });

  it("uses a fresh key and iv for every file", () => {
    const a = sealAttachment(report).file("mxc://x/a");
    const b = sealAttachment(report).file("mxc://x/b");
    expect(a.key.k).not.toBe(b.key.k);
    expect(a.iv).not.toBe(b.iv);
  });
});
