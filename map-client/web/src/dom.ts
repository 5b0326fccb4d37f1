// Tiny DOM helpers: text is always set with textContent (never innerHTML), so data can not inject markup.
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null) e.append(c);
  return e;
}

export async function getJson<T>(url: string, token?: string | null): Promise<{ ok: true; value: T } | { ok: false; status: number; detail: string }> {
  try {
    const r = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (!r.ok) {
      let detail = r.statusText;
      try { const p = await r.json(); detail = p.detail ?? p.title ?? detail; } catch { /* not JSON */ }
      return { ok: false, status: r.status, detail };
    }
    return { ok: true, value: (await r.json()) as T };
  } catch (e) {
    return { ok: false, status: 0, detail: String(e) };
  }
}

/** POST/PUT JSON with the token; the answer's JSON, or the problem's text (detail/title and field errors). */
export async function sendJson<T>(method: "POST" | "PUT", url: string, token: string | null, body: unknown): Promise<{ ok: true; value: T } | { ok: false; status: number; detail: string }> {
  try {
    const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!r.ok) {
      let detail = r.statusText;
      try {
        const p = (await r.json()) as { title?: string; detail?: string; errors?: Record<string, string[]> };
        detail = [p.detail ?? p.title ?? detail, ...Object.entries(p.errors ?? {}).map(([k, v]) => `${k}: ${v.join(" ")}`)].join(" — ");
      } catch { /* not JSON */ }
      return { ok: false, status: r.status, detail };
    }
    return { ok: true, value: (r.status === 204 ? null : await r.json()) as T };
  } catch (e) {
    return { ok: false, status: 0, detail: String(e) };
  }
}
