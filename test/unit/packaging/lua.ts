// Running the Argo CD health script under a real Lua interpreter. Lua has no JSON library,
// so the object is handed over as a Lua table literal generated here, the way Argo CD hands
// the resource to health.lua as the global `obj`.
import { run, toolPath } from './support.js';

/** A Lua string literal: printable ASCII as is, everything else as decimal byte escapes. */
export function luaString(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString().padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** JSON value → Lua table literal; null and undefined members are left out (nil). */
export function toLua(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not representable in Lua: ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return luaString(value);
  if (Array.isArray(value)) return `{${value.map(toLua).join(', ')}}`;
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `[${luaString(k)}] = ${toLua(v)}`);
    return `{${fields.join(', ')}}`;
  }
  throw new Error(`not JSON: ${typeof value}`);
}

export interface Health {
  status: string;
  message: string;
}

/** Runs `scriptPath` with the global `obj` set to `object`; returns the hs table it returns. */
export function runHealthScript(interpreter: string, scriptPath: string, object: unknown): Health {
  const program = [
    `obj = ${toLua(object)}`,
    `local hs = dofile(${luaString(scriptPath)})`,
    'io.write(tostring(hs.status), "\\n", tostring(hs.message))',
  ].join('\n');
  const result = run(toolPath(interpreter), ['-'], { input: program });
  if (result.status !== 0) throw new Error(`${interpreter} failed (${result.status}): ${result.stderr}`);
  const newline = result.stdout.indexOf('\n');
  return { status: result.stdout.slice(0, newline), message: result.stdout.slice(newline + 1) };
}
