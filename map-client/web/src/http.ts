// Calls to the API and the one reading of its errors (RFC 9457 problem details).

export type Answer<T> = { ok: true; value: T } | { ok: false; status: number; detail: string };

/** A problem's text: detail, else title, then the validation errors by field; the status text when it is not JSON. */
export async function problemDetail(r: Response): Promise<string> {
  try {
    const p = (await r.json()) as { title?: string; detail?: string; errors?: Record<string, string[]> };
    const parts = [p.detail ?? p.title ?? r.statusText];
    if (p.errors) for (const [k, v] of Object.entries(p.errors)) parts.push(`${k}: ${v.join(" ")}`);
    return parts.filter(Boolean).join(" — ");
  } catch {
    return r.statusText;
  }
}

/** The status and the problem's text, for messages shown to the user ("422 … — note: …"). */
export async function problemText(r: Response): Promise<string> {
  return `${r.status} ${await problemDetail(r)}`.trim();
}

export async function getJson<T>(url: string, token?: string | null): Promise<Answer<T>> {
  try {
    const r = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (!r.ok) return { ok: false, status: r.status, detail: await problemDetail(r) };
    return { ok: true, value: (await r.json()) as T };
  } catch (e) {
    return { ok: false, status: 0, detail: String(e) };
  }
}

/** POST/PUT JSON with the token; the answer's JSON, or the problem's text. */
export async function sendJson<T>(method: "POST" | "PUT", url: string, token: string | null, body: unknown): Promise<Answer<T>> {
  try {
    const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!r.ok) return { ok: false, status: r.status, detail: await problemDetail(r) };
    return { ok: true, value: (r.status === 204 ? null : await r.json()) as T };
  } catch (e) {
    return { ok: false, status: 0, detail: String(e) };
  }
}
