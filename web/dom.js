// Small DOM helpers shared by the pages.

/** Creates an element with attributes and children (strings become text). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces the children of `node`, leaving out null, undefined and false. */
export function setChildren(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/** Shows a message in a status element: kind 'error', 'ok' or '' (neutral). */
export function showStatus(node, message, kind = '') {
  node.textContent = message;
  node.className = `status ${kind}`.trim();
}

/** A grade for display: a number, or "not derivable". */
export function gradeText(grade) {
  return typeof grade === 'number' ? String(grade) : 'not derivable';
}
