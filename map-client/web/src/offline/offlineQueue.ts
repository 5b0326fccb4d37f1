// The field page's outbox: every report is stored in IndexedDB first (with its Idempotency-Key, made once when the
// report is created), then sent; a failed send stays queued and is retried with the SAME key and the SAME bytes, so
// the server stores it once however many times the request reaches it (POST /api/reports replays the first answer).
//
// States: queued (保存済み・送信待ち) → sending (送信中) → sent (送信済み) | error (エラー: the server refused it; kept
// with the server's message, sent again only when the user asks). A network failure, 408, 429 or 5xx is not an error:
// the item goes back to queued and is retried on the `online` event and by a timer with exponential back-off.
// Sends are serialised (one at a time, and across tabs through the Web Locks API where available).
import { problemText } from "../http";

export type OutboxState = "queued" | "sending" | "sent" | "error";

export interface OutboxPhoto { name: string; type: string; blob: Blob }

export interface OutboxItem {
  /** The Idempotency-Key (also the IndexedDB key). */
  key: string;
  createdAt: string;
  /** The report JSON exactly as sent (kept as text so every retry sends the same bytes). */
  body: string;
  photos: OutboxPhoto[];
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  /** Epoch ms before which no automatic retry is made. */
  nextAttemptAt: number;
  serverId: number | null;
  serverStatus: number | null;
  replayed: boolean;
  sentAt: string | null;
}

const DbName = "minato-field";
const Store = "outbox";
const MaxDelayMs = 60_000;
const FirstDelayMs = 2_000;

/** A UUID as the Idempotency-Key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DbName, 1);
    r.onupgradeneeded = () => {
      const s = r.result.createObjectStore(Store, { keyPath: "key" });
      s.createIndex("createdAt", "createdAt");
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** What a send did: the item's new state and whether to try again later. */
type SendOutcome = { state: "sent"; id: number | null; status: number; replayed: boolean }
  | { state: "retry"; message: string; status: number }
  | { state: "error"; message: string; status: number };

export interface OutboxEvents {
  onChange(items: OutboxItem[]): void;
}

export class OfflineQueue {
  private db: IDBDatabase | null = null;
  private flushing: Promise<void> | null = null;
  private again = false;
  private timer: number | null = null;

  constructor(private readonly endpoint: string, private readonly token: () => string | null, private readonly events: OutboxEvents) {}

  async open(): Promise<void> {
    this.db = await openDb();
    // A page that closed (or reloaded) mid-send left the item "sending": it is queued again (same key, so safe).
    for (const item of await this.list()) {
      if (item.state === "sending") await this.put({ ...item, state: "queued" });
    }
    window.addEventListener("online", () => { void this.resetBackoffAndFlush(); });
    window.setInterval(() => { void this.flush(); }, 15_000);
    await this.changed();
    void this.flush();
  }

  async list(): Promise<OutboxItem[]> {
    const tx = this.database().transaction(Store, "readonly");
    const items = await request(tx.objectStore(Store).getAll() as IDBRequest<OutboxItem[]>);
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Stores a new report (state queued) and tries to send it at once. */
  async add(report: unknown, photos: OutboxPhoto[], createdAt: Date): Promise<OutboxItem> {
    const item: OutboxItem = {
      key: newKey(), createdAt: createdAt.toISOString(), body: JSON.stringify(report), photos, state: "queued",
      attempts: 0, lastError: null, lastAttemptAt: null, nextAttemptAt: 0, serverId: null, serverStatus: null, replayed: false, sentAt: null,
    };
    await this.put(item);
    await this.changed();
    void this.flush();
    return item;
  }

  /** The user asks to send an item in error again (e.g. after signing in anew): same key, same body. */
  async retry(key: string): Promise<void> {
    const item = await this.get(key);
    if (!item || item.state === "sent") return;
    await this.put({ ...item, state: "queued", nextAttemptAt: 0 });
    await this.changed();
    void this.flush();
  }

  async removeSent(): Promise<void> {
    for (const item of await this.list()) if (item.state === "sent") await this.delete(item.key);
    await this.changed();
  }

  async resetBackoffAndFlush(): Promise<void> {
    for (const item of await this.list()) {
      if (item.state === "queued" && item.nextAttemptAt > 0) await this.put({ ...item, nextAttemptAt: 0 });
    }
    await this.flush();
  }

  /** Sends every queued item that is due, one at a time; a call during a flush runs one more pass after it. */
  flush(): Promise<void> {
    if (this.flushing) { this.again = true; return this.flushing; }
    this.flushing = (async () => {
      try {
        do {
          this.again = false;
          await this.locked(() => this.flushOnce());
        } while (this.again);
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  private async locked(work: () => Promise<void>): Promise<void> {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (locks) await locks.request("minato-field-outbox", work);
    else await work();
  }

  private async flushOnce(): Promise<void> {
    if (!navigator.onLine) return; // the online event brings us back
    const now = Date.now();
    // Oldest first: the order they were made in. Re-read inside the lock: another tab may have sent some.
    const due = (await this.list()).filter((i) => i.state === "queued" && i.nextAttemptAt <= now).reverse();
    for (const queued of due) {
      const current = await this.get(queued.key);
      if (!current || current.state !== "queued") continue;
      const sending: OutboxItem = { ...current, state: "sending", attempts: current.attempts + 1, lastAttemptAt: new Date().toISOString() };
      await this.put(sending);
      await this.changed();
      const outcome = await this.send(sending);
      let next: OutboxItem;
      if (outcome.state === "sent") {
        next = { ...sending, state: "sent", serverId: outcome.id, serverStatus: outcome.status, replayed: outcome.replayed, lastError: null, sentAt: new Date().toISOString() };
      } else if (outcome.state === "error") {
        next = { ...sending, state: "error", serverStatus: outcome.status, lastError: outcome.message };
      } else {
        const delay = Math.min(MaxDelayMs, FirstDelayMs * 2 ** Math.min(10, sending.attempts - 1));
        next = { ...sending, state: "queued", serverStatus: outcome.status || null, lastError: outcome.message, nextAttemptAt: Date.now() + delay };
        this.schedule(delay);
      }
      await this.put(next);
      await this.changed();
      if (outcome.state === "retry") break; // the link is bad: the others wait for the same retry
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => { this.timer = null; void this.flush(); }, delayMs);
  }

  private async send(item: OutboxItem): Promise<SendOutcome> {
    const headers: Record<string, string> = { "Idempotency-Key": item.key, Accept: "application/json" };
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: BodyInit;
    if (item.photos.length === 0) {
      headers["Content-Type"] = "application/json";
      body = item.body;
    } else {
      const form = new FormData();
      form.append("report", item.body);
      for (const p of item.photos) form.append("photos", p.blob, p.name);
      body = form;
    }
    let r: Response;
    try {
      r = await fetch(this.endpoint, { method: "POST", headers, body, cache: "no-store" });
    } catch (e) {
      return { state: "retry", status: 0, message: e instanceof Error ? e.message : String(e) };
    }
    if (r.ok) {
      let id: number | null = null;
      try { id = ((await r.json()) as { id?: number }).id ?? null; } catch { /* a body we do not need */ }
      return { state: "sent", id, status: r.status, replayed: r.headers.get("Idempotency-Replayed") === "true" };
    }
    const message = await problemText(r);
    if (r.status === 408 || r.status === 425 || r.status === 429 || r.status >= 500) return { state: "retry", status: r.status, message };
    return { state: "error", status: r.status, message };
  }

  private async changed(): Promise<void> {
    this.events.onChange(await this.list());
  }

  private database(): IDBDatabase {
    if (!this.db) throw new Error("outbox not open");
    return this.db;
  }

  private async get(key: string): Promise<OutboxItem | undefined> {
    const tx = this.database().transaction(Store, "readonly");
    return await request(tx.objectStore(Store).get(key) as IDBRequest<OutboxItem | undefined>);
  }

  private async put(item: OutboxItem): Promise<void> {
    const tx = this.database().transaction(Store, "readwrite");
    await request(tx.objectStore(Store).put(item));
  }

  private async delete(key: string): Promise<void> {
    const tx = this.database().transaction(Store, "readwrite");
    await request(tx.objectStore(Store).delete(key));
  }
}
