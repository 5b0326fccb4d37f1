import * as signalR from "@microsoft/signalr";

// The /hubs/situation protocol: Subscribe(scope[, stream, lastSeq]) → Snapshot{scope,stream,seq,entities[]}, then
// Delta{scope,stream,seq,changes[]} with seq = previous + 1. A gap → Resync(scope, lastSeq). ResyncRequired(scope) →
// Resync. After a reconnect → Subscribe(scope, stream, lastSeq). data is JSON text; null in a delta removes the entity.
export interface EntityChange { kind: string; id: string; data: string | null }
interface Snapshot { scope: string; stream: string; seq: number; entities: EntityChange[] }
interface Delta { scope: string; stream: string; seq: number; changes: EntityChange[] }
interface SubscribeResult { accepted: boolean; error: string | null }

export type LinkState = "connecting" | "connected" | "reconnecting" | "disconnected";

export interface LiveEvents {
  onState(state: LinkState): void;
  /** Every entity of the scope was replaced (snapshot). */
  onReset(entities: Map<string, unknown>): void;
  /** One entity changed (value null = removed). */
  onChange(kind: string, id: string, value: unknown | null): void;
  /** A snapshot or delta was applied at this time. */
  onApplied(seq: number): void;
  onRefused(error: string): void;
}

export class SituationLive {
  private readonly connection: signalR.HubConnection;
  private stream: string | null = null;
  private seq = -1;
  private stopped = false;
  readonly entities = new Map<string, unknown>();

  constructor(private readonly scope: string, token: string | null, private readonly events: LiveEvents) {
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/situation", token ? { accessTokenFactory: () => token } : {})
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => Math.min(1000 * 2 ** c.previousRetryCount, 10000) })
      .withStatefulReconnect()
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.connection.on("Snapshot", (s: Snapshot) => this.snapshot(s));
    this.connection.on("Delta", (d: Delta) => void this.delta(d));
    this.connection.on("ResyncRequired", (scope: string) => { if (scope === this.scope) void this.resync(); });
    this.connection.onreconnecting(() => this.events.onState("reconnecting"));
    this.connection.onreconnected(() => { this.events.onState("connected"); void this.subscribe(); });
    this.connection.onclose(() => { this.events.onState("disconnected"); if (!this.stopped) void this.restart(); });
  }

  static key(kind: string, id: string): string { return kind + "\u0000" + id; }

  async start(): Promise<void> {
    this.events.onState("connecting");
    try {
      await this.connection.start();
    } catch (e) {
      console.error("situation hub:", e);
      this.events.onState("disconnected");
      if (!this.stopped) setTimeout(() => void this.start(), 3000);
      return;
    }
    this.events.onState("connected");
    await this.subscribe();
  }

  /** For tests and the "reconnect" button: drop the link and come back with the last stream and sequence. */
  async reconnect(): Promise<void> {
    await this.connection.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.connection.stop();
  }

  private async restart(): Promise<void> {
    await new Promise((r) => setTimeout(r, 500));
    await this.start();
  }

  private async subscribe(): Promise<void> {
    try {
      // SignalR binds every parameter: (scope, null, -1) is a fresh subscription, (scope, stream, seq) a resumed one.
      const r = await this.connection.invoke<SubscribeResult>("Subscribe", this.scope, this.stream, this.seq);
      if (!r.accepted) this.events.onRefused(r.error ?? "refused");
    } catch (e) {
      console.error("situation hub: Subscribe failed:", e);
      this.events.onRefused(String(e));
    }
  }

  private async resync(): Promise<void> {
    try {
      const r = await this.connection.invoke<SubscribeResult>("Resync", this.scope, this.seq);
      if (!r.accepted) await this.subscribeFresh();
    } catch (e) {
      console.error("situation hub: Resync failed:", e);
    }
  }

  private snapshot(s: Snapshot): void {
    if (s.scope !== this.scope) return;
    this.stream = s.stream;
    this.seq = s.seq;
    this.entities.clear();
    for (const e of s.entities) {
      if (e.data !== null) this.entities.set(SituationLive.key(e.kind, e.id), JSON.parse(e.data));
    }
    this.events.onReset(this.entities);
    this.events.onApplied(s.seq);
  }

  private async delta(d: Delta): Promise<void> {
    if (d.scope !== this.scope) return;
    if (d.stream !== this.stream) { await this.subscribeFresh(); return; }
    if (d.seq <= this.seq) return; // duplicate
    if (d.seq > this.seq + 1) { await this.resync(); return; } // gap
    this.seq = d.seq;
    for (const c of d.changes) {
      const k = SituationLive.key(c.kind, c.id);
      if (c.data === null) {
        this.entities.delete(k);
        this.events.onChange(c.kind, c.id, null);
      } else {
        const v = JSON.parse(c.data);
        this.entities.set(k, v);
        this.events.onChange(c.kind, c.id, v);
      }
    }
    this.events.onApplied(d.seq);
  }

  private async subscribeFresh(): Promise<void> {
    this.stream = null;
    this.seq = -1;
    await this.subscribe();
  }
}
