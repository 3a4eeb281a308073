// The bedside JSON API of `cytostorm serve` (docs/api.md), as used by the pages. Every call goes
// to the page's own origin: patient data never leaves the machine that serves it.
//
// A server started with a token (`--token`, or off loopback) prints the address to open with
// `?token=TOKEN`. This module takes the token from the page's address, keeps it for the tab
// (sessionStorage), sends it as `Authorization: Bearer TOKEN` with every API request, and adds
// `?token=` to the links the browser follows itself: the navigation between the pages and the
// CSV and FHIR exports. Without a token nothing is added. (Opening that address also sets the
// token's cookie, with which the browser loads the pages' scripts and styles: the server checks
// the token on every request.)

const TOKEN_KEY = 'cytostorm-token';

/** The token of this tab: the page address's ?token= (then kept), else the one kept before. */
function readToken() {
  const given = new URLSearchParams(location.search).get('token') ?? '';
  try {
    if (given) sessionStorage.setItem(TOKEN_KEY, given);
    return given || (sessionStorage.getItem(TOKEN_KEY) ?? '');
  } catch {
    return given;  // storage switched off: the address's token only
  }
}

const token = readToken();

/**
 * A same-origin address for the browser to follow itself (a link, a download, a navigation),
 * with `?token=` when the server needs one.
 * @param path an absolute path, with or without a query ("/patient.html?id=P01")
 * @return the path with the token added, or `path` unchanged without a token
 */
export function withToken(path) {
  if (!token) return path;
  const url = new URL(path, location.origin);
  url.searchParams.set('token', token);
  return `${url.pathname}${url.search}${url.hash}`;
}

// The pages' own links (the navigation bar) carry the token too.
for (const link of document.querySelectorAll('a[href^="/"]')) {
  link.setAttribute('href', withToken(link.getAttribute('href')));
}

/** An answer of the server that was not 2xx, with the server's own message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function answer(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (response.status === 401) {
    throw new ApiError(401, token
      ? 'The server refused this token: open the address with ?token= that `cytostorm serve` printed when it started.'
      : 'This server needs its token: open the address with ?token= that `cytostorm serve` printed when it started.');
  }
  if (!response.ok) {
    const message = body && typeof body.error === 'string' ? body.error : text || response.statusText;
    throw new ApiError(response.status, message);
  }
  return body;
}

/** The request headers: `extra`, and the token when there is one. */
function headers(extra) {
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

/** GET a JSON answer. */
export async function getJson(path) {
  return answer(await fetch(path, { headers: headers({ Accept: 'application/json' }) }));
}

/** POST a body: an object is sent as JSON, a string with the given content type. */
export async function post(path, body, contentType = 'application/json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return answer(await fetch(path, { method: 'POST', headers: headers({ 'Content-Type': contentType }), body: text }));
}

/** The path of one patient's resource, e.g. patientPath('P01', 'grades'). */
export function patientPath(id, resource = '') {
  const base = `/api/patients/${encodeURIComponent(id)}`;
  return resource ? `${base}/${resource}` : base;
}
