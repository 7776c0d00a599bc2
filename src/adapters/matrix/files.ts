// Files for the facilitators (a report): each file is uploaded once to the homeserver's media
// repository (POST /_matrix/media/v3/upload) and posted as an `m.file` event, after the caption,
// in the facilitators' room or each facilitator's direct room. Where that room is encrypted the
// file is uploaded encrypted (crypto/attachment.ts): the media repository never holds a report. Never to the workshop room or a
// participant: any other audience is refused.
import type { Delivery, DeliveryFile, DeliveryResult } from "../../bot/ports.ts";
import { toFailure, type ApiResult } from "./api.ts";
import type { Audiences } from "./audiences.ts";
import type { MatrixContext } from "./context.ts";
import { notice } from "./render.ts";
import { sealAttachment } from "./crypto/attachment.ts";
import { failed, send, transactionId } from "./send.ts";
import { err, ok } from "../../result.ts";

type FilesDelivery = Extract<Delivery, { kind: "files" }>;

export class FileSending {
  readonly #ctx: MatrixContext;
  readonly #audiences: Audiences;

  constructor(ctx: MatrixContext, audiences: Audiences) {
    this.#ctx = ctx;
    this.#audiences = audiences;
  }

  async send(delivery: FilesDelivery): Promise<DeliveryResult> {
    if (delivery.audience.to !== "facilitators")
      return failed({ code: "unsupported", message: "files go to the facilitators only" });
    const targets = await this.#audiences.targets(delivery, delivery.audience);
    if (!targets.ok) return failed(targets.error);
    const caption = notice(await this.#audiences.framed(delivery, delivery.body));
    // Uploaded once per kind of room, whatever the number of rooms they are posted in: as they are
    // for plain rooms, encrypted (the key only inside the encrypted event) for encrypted ones.
    const plain = new Uploads(() => Promise.all(delivery.files.map((f) => this.#upload(f, f.bytes))));
    const sealed = new Uploads(() =>
      Promise.all(
        delivery.files.map(async (f) => {
          const s = sealAttachment(f.bytes);
          const uri = await this.#upload(f, s.data, "application/octet-stream");
          return uri.ok ? ok(s.file(uri.value)) : uri;
        }),
      ),
    );
    const sealer = this.#ctx.crypto();
    for (const { roomId } of targets.value) {
      const encrypted = sealer !== undefined && (await sealer.isEncrypted(roomId));
      const where = encrypted ? await sealed.get() : await plain.get();
      if (!where.ok) return failed(where.error);
      const key = (part: string) => transactionId(delivery.idempotencyKey, `files:${part}:${roomId}`);
      const sent = await send(this.#ctx, roomId, "m.room.message", caption, key("caption"));
      if (!sent.ok) return failed(sent.error);
      for (const [n, file] of delivery.files.entries()) {
        const at = where.value[n];
        if (at === undefined) continue;
        const content = {
          msgtype: "m.file",
          body: file.name,
          filename: file.name,
          ...(typeof at === "string" ? { url: at } : { file: at }),
          info: { mimetype: file.mediaType, size: file.bytes.length },
          "m.mentions": {},
        };
        const posted = await send(this.#ctx, roomId, "m.room.message", content, key(String(n)));
        if (!posted.ok) return failed(posted.error);
      }
    }
    return ok();
  }

  async #upload(file: DeliveryFile, bytes: Uint8Array, type = file.mediaType): Promise<ApiResult<string>> {
    try {
      const uploaded = await this.#ctx.api().client.uploadContent(new Blob([bytes], { type }), {
        name: file.name,
        type,
        includeFilename: true,
      });
      return ok(uploaded.content_uri);
    } catch (error) {
      return err(toFailure(error));
    }
  }
}

/** A set of uploads made at most once, when first needed; the first failure stands for all. */
class Uploads<T> {
  #done: Promise<ApiResult<T[]>> | undefined;
  readonly #make: () => Promise<ApiResult<T>[]>;

  constructor(make: () => Promise<ApiResult<T>[]>) {
    this.#make = make;
  }

  get(): Promise<ApiResult<T[]>> {
    this.#done ??= this.#make().then((all) => {
      const failure = all.find((r): r is Extract<ApiResult<T>, { ok: false }> => !r.ok);
      if (failure !== undefined) return failure;
      return ok(all.flatMap((r) => (r.ok ? [r.value] : [])));
    });
    return this.#done;
  }
}
