/**
 * @module Finds duplicate object keys in raw JSON text. `JSON.parse` keeps the last value
 * silently, but `fieldValidation=Strict` must reject them (`strict decoding error: duplicate
 * field "spec.selector"`) and `Warn` must report them, so the text is scanned before parsing.
 */

/** Frame is an open object or array on the scanner's stack. */
interface Frame {
  keys: Set<string> | undefined;
  /** Path segment of the value being read: the last key, or the element index. */
  seg: string | number | undefined;
}

function render(stack: readonly Frame[], last: string): string {
  let out = '';
  for (const f of stack.slice(0, -1)) {
    if (typeof f.seg === 'number') out += `[${f.seg}]`;
    else if (f.seg !== undefined) out += out === '' ? f.seg : `.${f.seg}`;
  }
  return out === '' ? last : `${out}.${last}`;
}

/** readString returns the decoded string starting at the quote at `i`, and the index after it. */
function readString(text: string, i: number): [string, number] {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  const raw = text.slice(i, j + 1);
  return [raw.includes('\\') ? decode(raw) : raw.slice(1, -1), j + 1];
}

function decode(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1); // invalid escapes: the JSON parser reports the error
  }
}

/**
 * duplicateFields returns the paths (`spec.selector`, `spec.template.spec.containers[0].name`)
 * of keys that appear more than once in the same JSON object. Invalid JSON yields whatever was
 * found before the error; the parser reports the error itself.
 */
export function duplicateFields(text: string): string[] {
  const out: string[] = [];
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length;) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      const [s, next] = readString(text, i);
      i = next;
      if (expectKey && top?.keys) {
        if (top.keys.has(s)) out.push(render(stack, s));
        top.keys.add(s);
        top.seg = s;
        expectKey = false;
      }
      continue;
    }
    if (c === '{') {
      stack.push({ keys: new Set(), seg: undefined });
      expectKey = true;
    } else if (c === '[') {
      stack.push({ keys: undefined, seg: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      if (top?.keys) expectKey = true;
      else if (top && typeof top.seg === 'number') top.seg += 1;
    }
    i += 1;
  }
  return out;
}
