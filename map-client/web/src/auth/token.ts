// Staff views need a JWT (./minato token --role hq). It may arrive once as ?token=… (then kept in sessionStorage and
// removed from the address bar) or be pasted into the sign-in form.
export function takeToken(): string | null {
  const url = new URL(location.href);
  const q = url.searchParams.get("token");
  if (q) {
    sessionStorage.setItem("minato.token", q);
    url.searchParams.delete("token");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
    return q;
  }
  return sessionStorage.getItem("minato.token");
}

export function saveToken(token: string): void {
  sessionStorage.setItem("minato.token", token.trim());
}
