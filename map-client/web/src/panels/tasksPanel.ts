import { formatTime, type Dict, type Lang } from "../i18n";
import { el } from "../dom";
import { Districts } from "../districts";
import { getJson, sendJson } from "../http";

export interface Unit { kind: string; id: string }

/** The task JSON of /api/tasks and of the live kind `task`. */
export interface Task {
  id: number; type: string; title: string; body: string; priority: string; dueAt: string | null; status: string;
  from: Unit & { by: string }; to: Unit; district?: string | null; shelter?: string | null;
  forwarded?: { from: string; by: string; at: string } | null;
  acknowledgedAt: string | null; acknowledgedBy: string | null; overdue: boolean; escalatedAt: string | null;
  messages: { at: string; by: string; text: string }[]; createdAt: string; updatedAt: string;
}

const priorityRank: Record<string, number> = { urgent: 3, high: 2, normal: 1, low: 0 };
const finalStatuses = new Set(["done", "cancelled"]);

/**
 * The task queue of one unit (HQ, a district HQ or a centre): overdue first, then open ones by priority and due time;
 * acknowledge, set the status, reply in the thread, forward a centre's request to HQ (district), and create an
 * instruction or request. Fed by GET /api/tasks, then the live kind `task`.
 */
export class TasksPanel {
  private readonly tasks = new Map<number, Task>();
  private readonly list = el("ul", { class: "plain", id: "task-list" });
  private readonly expanded = new Set<number>();
  private readonly collapsed = new Set<number>();
  // Replies being typed, by task: a live change re-renders the list and must not wipe what someone is writing.
  private readonly drafts = new Map<number, string>();
  readonly section: HTMLElement;

  /**
   * me: the viewer's unit; shelterDistrict: for a centre, its district (the addressee of its requests); unitName: the name
   * of a centre or a stay facility by kind and id. autoExpand: open tasks addressed to me are shown expanded (with their
   * buttons) until collapsed — for the staff consoles, where the task is the work.
   */
  constructor(private readonly t: Dict, private readonly lang: Lang, private readonly token: string,
    private readonly me: Unit, private readonly shelterDistrict: () => string | null = () => null,
    private readonly unitName: (id: string, kind: string) => string | undefined = () => undefined,
    private readonly autoExpand = false) {
    this.section = el("details", { id: "tasks", open: "" }, el("summary", {}, el("h2", { text: t.tasks })), this.list, this.createForm());
    (window as unknown as { minatoTasks: TasksPanel }).minatoTasks = this;
  }

  async load(): Promise<void> {
    const r = await getJson<Task[]>("/api/tasks", this.token);
    if (!r.ok) { this.list.replaceChildren(el("li", { class: "error", text: `${this.t.errorPrefix} ${r.status}: ${r.detail}` })); return; }
    for (const task of r.value) this.upsert(task);
    this.render();
  }

  reset(all: Map<string, unknown>): void {
    for (const [k, v] of all) if (k.startsWith("task\u0000")) this.upsert(v as Task);
    this.render();
  }

  change(id: string, value: unknown | null): void {
    if (value === null) this.tasks.delete(Number(id)); else this.upsert(value as Task);
    this.render();
  }

  private upsert(task: Task): void {
    const before = this.tasks.get(task.id);
    if (before && before.updatedAt > task.updatedAt) return; // an older copy (a GET that crossed a live change)
    this.tasks.set(task.id, task);
  }

  private isMine(u: Unit): boolean { return u.kind === this.me.kind && (u.kind === "hq" || u.id === this.me.id); }

  private render(): void {
    const all = [...this.tasks.values()].sort((a, b) =>
      Number(finalStatuses.has(a.status)) - Number(finalStatuses.has(b.status))
      || Number(b.overdue) - Number(a.overdue)
      || (priorityRank[b.priority] ?? 1) - (priorityRank[a.priority] ?? 1)
      || (a.dueAt ?? "9999").localeCompare(b.dueAt ?? "9999")
      || b.id - a.id);
    if (all.length === 0) { this.list.replaceChildren(el("li", { class: "hint", text: this.t.noTasks })); return; }
    const focused = document.activeElement instanceof HTMLElement && this.list.contains(document.activeElement)
      ? document.activeElement.id : "";
    this.list.replaceChildren(...all.map((task) => this.item(task)));
    if (focused) document.getElementById(focused)?.focus();
  }

  private unitText(u: Unit): string {
    const name = this.t.units[u.kind] ?? u.kind;
    if (u.kind === "hq") return name;
    return `${name} ${u.kind === "shelter" || u.kind === "facility" ? (this.unitName(u.id, u.kind) ?? u.id) : (this.t.districtNames[u.id] ?? u.id)}`;
  }

  private item(task: Task): HTMLElement {
    const open = this.expanded.has(task.id)
      || (this.autoExpand && !this.collapsed.has(task.id) && !finalStatuses.has(task.status) && this.isMine(task.to));
    const head = el("button", { type: "button", class: "task-head", "aria-expanded": String(open) },
      el("span", { class: "prio", "data-priority": task.priority, text: this.t.priorities[task.priority] ?? task.priority }),
      el("strong", { text: `${this.t.taskTypes[task.type] ?? task.type}: ${task.title}` }),
      el("span", { class: "status-badge", "data-status": task.status, text: this.t.taskStatuses[task.status] ?? task.status }));
    head.addEventListener("click", () => {
      if (open) { this.expanded.delete(task.id); this.collapsed.add(task.id); } else { this.expanded.add(task.id); this.collapsed.delete(task.id); }
      this.render();
    });
    const meta = el("div", { class: "hint", text: `${this.unitText(task.from)} → ${this.unitText(task.to)}${task.dueAt ? ` · ${this.t.due} ${formatTime(this.lang, task.dueAt)}` : ""}`
      + `${task.overdue ? ` · ⚠ ${this.t.overdue}` : ""}${task.escalatedAt ? ` (${this.t.escalated} ${formatTime(this.lang, task.escalatedAt)})` : ""}` });
    const li = el("li", { class: "card task", "data-task-id": String(task.id), "data-status": task.status, "data-overdue": String(task.overdue), "data-priority": task.priority, "data-to": task.to.kind }, head, meta);
    if (!open) return li;

    const error = el("p", { class: "error", role: "alert" });
    const act = (url: string, body: unknown): void => void (async () => {
      error.textContent = "";
      const r = await sendJson<Task>("POST", url, this.token, body);
      if (!r.ok) { error.textContent = `${r.status} ${r.detail}`; return; }
      this.upsert(r.value);
      this.render();
    })();
    const actions = el("div", { class: "row wrap" });
    if (task.status === "open" && this.isMine(task.to)) {
      const ack = el("button", { type: "button", class: "primary ack", text: this.t.acknowledge });
      ack.addEventListener("click", () => act(`/api/tasks/${task.id}/ack`, undefined));
      actions.append(ack);
    }
    if (!finalStatuses.has(task.status)) {
      for (const s of ["in-progress", "done", "cancelled"]) {
        if (s === task.status) continue;
        const b = el("button", { type: "button", "data-to": s, text: this.t.taskStatuses[s] ?? s });
        b.addEventListener("click", () => act(`/api/tasks/${task.id}/status`, { status: s }));
        actions.append(b);
      }
    }
    if (this.me.kind === "district" && task.type === "request" && task.from.kind === "shelter" && this.isMine(task.to) && !task.forwarded) {
      const fwd = el("button", { type: "button", class: "forward", text: this.t.forwardHq });
      fwd.addEventListener("click", () => act(`/api/tasks/${task.id}/forward`, { to: { kind: "hq", id: "hq" }, note: null }));
      actions.append(fwd);
    }
    const thread = el("ol", { class: "plain timeline thread" }, ...(task.messages ?? []).map((m) =>
      el("li", { text: `${formatTime(this.lang, m.at)} ${m.by}: ${m.text}` })));
    const replyId = `reply-${task.id}`;
    const reply = el("input", { type: "text", id: replyId, maxlength: "2000", "aria-label": this.t.reply, placeholder: this.t.reply });
    reply.value = this.drafts.get(task.id) ?? "";
    reply.addEventListener("input", () => this.drafts.set(task.id, reply.value));
    const send = el("button", { type: "submit", text: this.t.send });
    const form = el("form", { class: "row reply" }, reply, send);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = reply.value.trim();
      if (!text) return;
      this.drafts.delete(task.id);
      act(`/api/tasks/${task.id}/messages`, { text });
    });
    if (task.body) li.append(el("p", { text: task.body }));
    if (task.acknowledgedAt) li.append(el("div", { class: "hint", text: `${this.t.acknowledge}: ${formatTime(this.lang, task.acknowledgedAt)} ${task.acknowledgedBy ?? ""}` }));
    li.append(actions, thread, form, error);
    return li;
  }

  /** What this unit may create: HQ instructs districts, centres, field teams; a district instructs its centres and field teams or requests to HQ; a centre requests to its district. */
  private choices(): { type: string; kind: string }[] {
    switch (this.me.kind) {
      case "hq": return [{ type: "instruction", kind: "district" }, { type: "instruction", kind: "shelter" }, { type: "instruction", kind: "field" }];
      case "district": return [{ type: "instruction", kind: "shelter" }, { type: "instruction", kind: "field" }, { type: "request", kind: "hq" }];
      case "shelter": return [{ type: "request", kind: "district" }];
      default: return [];
    }
  }

  private createForm(): HTMLElement {
    const choices = this.choices();
    if (choices.length === 0) return el("div");
    const t = this.t;
    const kind = el("select", { id: "task-to-kind" });
    choices.forEach((c, i) => kind.append(el("option", { value: String(i), text: `${t.taskTypes[c.type]} → ${t.units[c.kind]}` })));
    const target = el("input", { type: "text", id: "task-to-id", list: "task-districts", "aria-label": t.unitId, placeholder: t.unitId });
    const districts = el("datalist", { id: "task-districts" }, ...Districts.map((d) => el("option", { value: d, text: t.districtNames[d] ?? d })));
    const title = el("input", { type: "text", id: "task-title", maxlength: "200", required: "" });
    const body = el("textarea", { id: "task-body", maxlength: "4000" });
    const priority = el("select", { id: "task-priority" }, ...["normal", "high", "urgent", "low"].map((p) => el("option", { value: p, text: t.priorities[p] })));
    const due = el("input", { type: "datetime-local", id: "task-due" });
    const error = el("p", { class: "error", role: "alert", id: "task-error" });
    const done = el("p", { class: "hint", id: "task-done", "aria-live": "polite" });
    const sync = (): void => {
      const c = choices[Number(kind.value)];
      const fixed = c.kind === "hq" || (this.me.kind === "district" && c.kind === "field") || (this.me.kind === "shelter");
      target.disabled = fixed;
      if (c.kind === "hq") target.value = "hq";
      else if (this.me.kind === "district" && c.kind === "field") target.value = this.me.id;
      else if (this.me.kind === "shelter") target.value = this.shelterDistrict() ?? "";
      else if (fixed === false && target.value === "hq") target.value = "";
    };
    kind.addEventListener("change", sync);
    sync();
    const form = el("form", { id: "task-form", class: "card" }, el("strong", { text: t.newTask }),
      el("div", { class: "form-grid" },
        el("label", { for: "task-to-kind", text: t.to }), kind,
        el("label", { for: "task-to-id", text: t.unitIdShort }), target,
        el("label", { for: "task-title", text: t.title }), title,
        el("label", { for: "task-priority", text: t.priority }), priority,
        el("label", { for: "task-due", text: t.due }), due),
      districts, el("label", { for: "task-body", text: t.body }), body, error, done,
      el("button", { type: "submit", class: "primary", id: "task-create", text: t.create }));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      sync();
      error.textContent = ""; done.textContent = "";
      const c = choices[Number(kind.value)];
      const payload = {
        type: c.type, title: title.value.trim(), body: body.value.trim(), priority: priority.value,
        dueAt: due.value ? new Date(due.value).toISOString() : null, to: { kind: c.kind, id: target.value.trim() || null },
      };
      void (async () => {
        const r = await sendJson<Task>("POST", "/api/tasks", this.token, payload);
        if (!r.ok) { error.textContent = `${r.status} ${r.detail}`; return; }
        this.upsert(r.value);
        this.render();
        done.textContent = `${t.taskCreated} #${r.value.id}`;
        title.value = ""; body.value = ""; due.value = "";
      })();
    });
    return form;
  }
}
