// The bedside JSON API of `cytostorm serve` (docs/api.md), as used by the pages. Every call goes
// to the page's own origin: patient data never leaves the machine that serves it.

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
  if (!response.ok) {
    const message = body && typeof body.error === 'string' ? body.error : text || response.statusText;
    throw new ApiError(response.status, message);
  }
  return body;
}

/** GET a JSON answer. */
export async function getJson(path) {
  return answer(await fetch(path, { headers: { Accept: 'application/json' } }));
}

/** POST a body: an object is sent as JSON, a string with the given content type. */
export async function post(path, body, contentType = 'application/json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return answer(await fetch(path, { method: 'POST', headers: { 'Content-Type': contentType }, body: text }));
}

/** The path of one patient's resource, e.g. patientPath('P01', 'grades'). */
export function patientPath(id, resource = '') {
  const base = `/api/patients/${encodeURIComponent(id)}`;
  return resource ? `${base}/${resource}` : base;
}
