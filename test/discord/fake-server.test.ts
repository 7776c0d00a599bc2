// FakeDiscordServer itself: it must refuse what Discord refuses, or the adapter tests prove nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  FakeDiscordServer,
  Intent,
  Perm,
  type FakeChannel,
  type FakeUser,
} from "../support/fake-discord/index.ts";

describe("FakeDiscordServer enforces Discord's rules", () => {
  let server: FakeDiscordServer;
  let channel: FakeChannel;
  let user: FakeUser;
  const api = (path: string): string => `${server.restApi}/v10${path}`;
  const auth = (): Record<string, string> => ({
    authorization: `Bot ${server.token}`,
    "content-type": "application/json",
  });
  const post = async (
    path: string,
    body: unknown,
    headers = auth(),
  ): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(api(path), { method: "POST", headers, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  beforeAll(async () => {
    server = new FakeDiscordServer({
      enabledPrivilegedIntents: Intent.GuildMembers,
    });
    await server.start();
    channel = server.addTextChannel("workshop");
    user = server.addUser("amal");
  });
  afterAll(async () => {
    await server.stop();
  });

  it("requires `Authorization: Bot <token>`", async () => {
    expect((await fetch(api("/users/@me"))).status).toBe(401);
    expect((await fetch(api("/users/@me"), { headers: { authorization: "Bot wrong" } })).status).toBe(401);
    expect((await fetch(api("/users/@me"), { headers: auth() })).status).toBe(200);
  });

  it("limits content to 2000 characters and refuses empty messages", async () => {
    expect((await post(`/channels/${channel.id}/messages`, { content: "x".repeat(2000) })).status).toBe(200);
    const tooLong = await post(`/channels/${channel.id}/messages`, { content: "x".repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json).toMatchObject({
      code: 50035,
      errors: { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } },
    });
    expect((await post(`/channels/${channel.id}/messages`, { content: "" })).json).toMatchObject({
      code: 50006,
    });
  });

  it("checks embeds and components", async () => {
    // Each post in a channel of its own: a channel takes 5 messages per 5 s (Discord's bucket).
    const fresh = (): string => `/channels/${server.addTextChannel("limits").id}/messages`;
    expect((await post(fresh(), { embeds: Array.from({ length: 11 }, () => ({ title: "t" })) })).status).toBe(
      400,
    );
    expect((await post(fresh(), { embeds: [{ title: "x".repeat(257) }] })).status).toBe(400);
    expect(
      (
        await post(fresh(), {
          embeds: [{ description: "x".repeat(4000) }, { description: "x".repeat(2001) }],
        })
      ).json,
    ).toMatchObject({
      code: 50035,
    });
    const button = (id: string): Record<string, unknown> => ({ type: 2, style: 1, label: id, custom_id: id });
    const row = (ids: string[]): Record<string, unknown> => ({ type: 1, components: ids.map(button) });
    expect(
      (await post(fresh(), { content: "c", components: [row(["a", "b", "c", "d", "e", "f"])] })).status,
    ).toBe(400);
    expect(
      (await post(fresh(), { content: "c", components: Array.from({ length: 6 }, (_, k) => row([`r${k}`])) }))
        .status,
    ).toBe(400);
    expect((await post(fresh(), { content: "c", components: [row(["x".repeat(101)])] })).status).toBe(400);
    expect((await post(fresh(), { content: "c", components: [row(["same", "same"])] })).status).toBe(400);
    const options = Array.from({ length: 26 }, (_, k) => ({ label: `o${k}`, value: `o${k}` }));
    expect(
      (
        await post(fresh(), {
          content: "c",
          components: [{ type: 1, components: [{ type: 3, custom_id: "s", options }] }],
        })
      ).status,
    ).toBe(400);
    expect((await post(fresh(), { content: "c", components: [row(["ok1", "ok2"])] })).status).toBe(200);
  });

  it("deduplicates by nonce only with enforce_nonce, and limits nonces to 25 characters", async () => {
    const ch = `/channels/${server.addTextChannel("own").id}/messages`;
    const a = await post(ch, { content: "n", nonce: "abc", enforce_nonce: true });
    const b = await post(ch, { content: "n", nonce: "abc", enforce_nonce: true });
    expect(a.json["id"]).toBe(b.json["id"]);
    const c = await post(ch, { content: "n", nonce: "abc" });
    expect(c.json["id"]).not.toBe(a.json["id"]);
    expect((await post(ch, { content: "n", nonce: "x".repeat(26) })).status).toBe(400);
  });

  it("parses mentions unless allowed_mentions says otherwise", async () => {
    const ch = `/channels/${server.addTextChannel("own").id}/messages`;
    const pinging = await post(ch, { content: `@everyone <@${user.id}>` });
    expect(pinging.json).toMatchObject({ mention_everyone: true, mentions: [{ id: user.id }] });
    const quiet = await post(ch, { content: `@everyone <@${user.id}>`, allowed_mentions: { parse: [] } });
    expect(quiet.json).toMatchObject({ mention_everyone: false, mentions: [] });
  });

  it("refuses a user's post where overwrites deny SEND_MESSAGES", () => {
    channel.overwrites.push({ id: user.id, type: 1, allow: 0n, deny: Perm.SendMessages });
    expect(() => server.post(user.id, channel.id, "hi")).toThrow(/Missing Permissions/);
    channel.overwrites.pop();
    expect(server.post(user.id, channel.id, "hi")["id"]).toBeTypeOf("string");
  });

  it("refuses overwrite edits (50013) when the bot lacks MANAGE_ROLES", async () => {
    const perms = server.roles.get(server.botRoleId)?.permissions ?? 0n;
    server.setRolePermissions(server.botRoleId, perms & ~Perm.ManageRoles);
    const res = await fetch(api(`/channels/${channel.id}/permissions/${user.id}`), {
      method: "PUT",
      headers: auth(),
      body: JSON.stringify({ type: 1, allow: "0", deny: String(Perm.SendMessages) }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 50013 });
    server.setRolePermissions(server.botRoleId, perms);
  });

  it("refuses (50013) to re-put an existing overwrite that carries a permission the bot does not hold", async () => {
    expect(server.can(server.botUser.id, channel.id, Perm.ManageChannels)).toBe(false);
    server.setOverwrite(channel.id, { id: user.id, type: 1, allow: Perm.ManageChannels, deny: 0n });
    const res = await fetch(api(`/channels/${channel.id}/permissions/${user.id}`), {
      method: "PUT",
      headers: auth(),
      body: JSON.stringify({ type: 1, allow: String(Perm.ManageChannels | Perm.SendMessages), deny: "0" }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 50013, message: "Missing Permissions" });
    expect(channel.overwrites.find((o) => o.id === user.id)?.allow).toBe(Perm.ManageChannels);
    server.setOverwrite(channel.id, { id: user.id, remove: true });
  });

  it("refuses a command registration Discord would refuse: a 26th subcommand, a bad or repeated name", async () => {
    const put = async (body: unknown) => {
      const res = await fetch(
        api(`/applications/${server.applicationId}/guilds/${server.guildId}/commands`),
        {
          method: "PUT",
          headers: auth(),
          body: JSON.stringify(body),
        },
      );
      return { status: res.status, json: await res.json() };
    };
    const subs = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: 1, name: `s${i}`, description: `sub ${i}` }));
    const before = [...server.guildCommands];
    const tooMany = await put([{ name: "big", description: "d", options: subs(26) }]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toMatchObject({
      code: 50035,
      message: "Invalid Form Body",
      errors: { 0: { options: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } },
    });
    // Nothing of a refused registration is kept.
    expect(server.guildCommands).toEqual(before);
    const badName = await put([{ name: "Big Command", description: "d", options: subs(1) }]);
    expect(badName.json).toMatchObject({
      errors: { 0: { name: { _errors: [{ code: "APPLICATION_COMMAND_INVALID_NAME" }] } } },
    });
    const twice = await put([
      { name: "same", description: "d" },
      { name: "same", description: "d" },
    ]);
    expect(twice.json).toMatchObject({
      errors: { 1: { name: { _errors: [{ code: "APPLICATION_COMMAND_NAME_ALREADY_EXISTS" }] } } },
    });
    expect((await put([{ name: "big", description: "d", options: subs(25) }])).status).toBe(200);
    server.guildCommands.splice(0, server.guildCommands.length, ...before);
  });

  it("lets no slash command through from a user who may not post there (the client hides them)", () => {
    server.guildCommands.push({ id: server.snowflake(), name: "ping", type: 1, options: [] });
    server.setOverwrite(channel.id, { id: user.id, type: 1, allow: 0n, deny: Perm.SendMessages });
    expect(() => server.command(user.id, channel.id, "ping", null)).toThrow(/Missing Permissions/);
    server.setOverwrite(channel.id, { id: user.id, remove: true });
    expect(server.command(user.id, channel.id, "ping", null).id).toBeTypeOf("string");
    server.guildCommands.pop();
  });

  it("answers 429 with retry_after and X-RateLimit headers on a chosen route, and enforces the global limit", async () => {
    // A double of its own: the global-limit window it fills must not slow the other tests.
    const limited = new FakeDiscordServer();
    await limited.start();
    try {
      const room = limited.addTextChannel("limits");
      const headers = { authorization: `Bot ${limited.token}`, "content-type": "application/json" };
      const at = (path: string) => `${limited.restApi}/v10${path}`;
      limited.rateLimitNext("POST", "/channels/:channel_id/messages", 1, 1.5);
      const res = await fetch(at(`/channels/${room.id}/messages`), {
        method: "POST",
        headers,
        body: JSON.stringify({ content: "x" }),
      });
      expect(res.status).toBe(429);
      expect(await res.json()).toMatchObject({ retry_after: 1.5, global: false });
      expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(res.headers.get("retry-after")).toBe("2");
      expect(res.headers.get("x-ratelimit-bucket")).toBeTruthy();
      const burst = await Promise.all(Array.from({ length: 60 }, () => fetch(at("/users/@me"), { headers })));
      const refused = burst.filter((r) => r.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]?.headers.get("x-ratelimit-global")).toBe("true");
    } finally {
      await limited.stop();
    }
  });

  it("gives each channel its own message bucket of 5 per 5 s, as Discord does", async () => {
    const limited = new FakeDiscordServer();
    await limited.start();
    try {
      const a = limited.addTextChannel("a");
      const b = limited.addTextChannel("b");
      const headers = { authorization: `Bot ${limited.token}`, "content-type": "application/json" };
      const send = (id: string) =>
        fetch(`${limited.restApi}/v10/channels/${id}/messages`, {
          method: "POST",
          headers,
          body: JSON.stringify({ content: "x" }),
        });
      const first = [];
      for (let n = 0; n < 5; n++) first.push(await send(a.id));
      expect(first.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(first[0]?.headers.get("x-ratelimit-limit")).toBe("5");
      expect(first[4]?.headers.get("x-ratelimit-remaining")).toBe("0");
      const sixth = await send(a.id);
      expect(sixth.status).toBe(429);
      const body = (await sixth.json()) as { retry_after: number; global: boolean };
      expect(body.global).toBe(false);
      expect(body.retry_after).toBeGreaterThan(1);
      expect(body.retry_after).toBeLessThanOrEqual(5);
      // Another channel is another bucket.
      expect((await send(b.id)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it("refuses a late initial interaction response with Unknown interaction (10062)", async () => {
    const put = await fetch(api(`/applications/${server.applicationId}/guilds/${server.guildId}/commands`), {
      method: "PUT",
      headers: auth(),
      body: JSON.stringify([{ name: "ping", description: "ping" }]),
    });
    expect(put.status).toBe(200);
    // A deadline already passed when the interaction arrives: every answer is late, without
    // waiting in real time.
    server.interactionDeadlineMs = -1;
    const i = server.command(user.id, channel.id, "ping", null);
    const late = await post(
      `/interactions/${i.id}/${i.token}/callback`,
      { type: 4, data: { content: "pong" } },
      { "content-type": "application/json" },
    );
    expect(late.status).toBe(404);
    expect(late.json).toMatchObject({ code: 10062 });
    server.interactionDeadlineMs = 3000;
    const j = server.command(user.id, channel.id, "ping", null);
    const ok = await post(
      `/interactions/${j.id}/${j.token}/callback`,
      { type: 5, data: { flags: 64 } },
      { "content-type": "application/json" },
    );
    expect(ok.status).toBe(204);
    const again = await post(
      `/interactions/${j.id}/${j.token}/callback`,
      { type: 4, data: { content: "x" } },
      { "content-type": "application/json" },
    );
    expect(again.json).toMatchObject({ code: 40060 });
    const badWebhook = await post(
      `/webhooks/${server.applicationId}/not-a-token?wait=true`,
      { content: "x" },
      { "content-type": "application/json" },
    );
    expect(badWebhook.json).toMatchObject({ code: 50027 });
  });

  it("checks modal limits", async () => {
    const i = server.command(user.id, channel.id, "ping", null);
    const input = { type: 4, custom_id: "t", style: 2, label: "Answer" };
    const tooLongTitle = await post(
      `/interactions/${i.id}/${i.token}/callback`,
      {
        type: 9,
        data: { title: "x".repeat(46), custom_id: "m", components: [{ type: 1, components: [input] }] },
      },
      { "content-type": "application/json" },
    );
    expect(tooLongTitle.json).toMatchObject({ code: 50035 });
    const six = Array.from({ length: 6 }, (_, k) => ({
      type: 1,
      components: [{ ...input, custom_id: `t${k}` }],
    }));
    const tooMany = await post(
      `/interactions/${i.id}/${i.token}/callback`,
      { type: 9, data: { title: "ok", custom_id: "m", components: six } },
      { "content-type": "application/json" },
    );
    expect(tooMany.json).toMatchObject({ code: 50035 });
  });

  it("closes the gateway with 4004 on a bad token and 4014 on a privileged intent not enabled", async () => {
    const closeCode = async (d: Record<string, unknown>): Promise<number> => {
      const ws = new WebSocket(`${server.gatewayUrl}/?v=10&encoding=json`);
      return new Promise((resolve) => {
        ws.on("message", () => {
          ws.send(JSON.stringify({ op: 2, d }));
        });
        ws.on("close", (code) => {
          resolve(code);
        });
      });
    };
    expect(await closeCode({ token: "nope", intents: 1 })).toBe(4004);
    expect(await closeCode({ token: server.token, intents: Intent.Guilds | Intent.MessageContent })).toBe(
      4014,
    );
  });
});
