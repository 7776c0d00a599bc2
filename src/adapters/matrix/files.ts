// Files for the facilitators (a report): each file is uploaded once to the homeserver's media
// repository (POST /_matrix/media/v3/upload) and posted as an `m.file` event, after the caption,
// in the facilitators' room or each facilitator's direct room. Never to the workshop room or a
// participant: any other audience is refused.
import type { Delivery, DeliveryFile, DeliveryResult } from "../../bot/ports.ts";
import { toFailure, type ApiResult } from "./api.ts";
import type { Audiences } from "./audiences.ts";
import type { MatrixContext } from "./context.ts";
import { notice } from "./render.ts";
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
    // Uploaded once, whatever the number of rooms they are posted in.
    const uris: string[] = [];
    for (const file of delivery.files) {
      const uri = await this.#upload(file);
      if (!uri.ok) return failed(uri.error);
      uris.push(uri.value);
    }
    for (const { roomId } of targets.value) {
      const key = (part: string) => transactionId(delivery.idempotencyKey, `files:${part}:${roomId}`);
      const sent = await send(this.#ctx, roomId, "m.room.message", caption, key("caption"));
      if (!sent.ok) return failed(sent.error);
      for (const [n, file] of delivery.files.entries()) {
        const content = {
          msgtype: "m.file",
          body: file.name,
          filename: file.name,
          url: uris[n],
          info: { mimetype: file.mediaType, size: file.bytes.length },
          "m.mentions": {},
        };
        const posted = await send(this.#ctx, roomId, "m.room.message", content, key(String(n)));
        if (!posted.ok) return failed(posted.error);
      }
    }
    return ok();
  }

  async #upload(file: DeliveryFile): Promise<ApiResult<string>> {
    try {
      const uploaded = await this.#ctx
        .api()
        .client.uploadContent(new Blob([file.bytes], { type: file.mediaType }), {
          name: file.name,
          type: file.mediaType,
          includeFilename: true,
        });
      return ok(uploaded.content_uri);
    } catch (error) {
      return err(toFailure(error));
    }
  }
}
