// A static audit of the desktop shell with Doyensec's Electronegativity: fails on any finding at
// MEDIUM or above (PRELOAD_JS aside: any preload raises it). The tool always exits 0, so its
// output is read instead. Its SARIF has no severity (only note/warning), so a CSV of the same scan
// gives each finding's severity; a finding whose severity cannot be matched counts as failing.
// It works offline; it caches in TMPDIR, pointed at a scratch folder here.
//
//   node scripts/audit-electron.mjs     (the SARIF is left in .tmp/audit-electron/audit.sarif)
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(path.join(root, 'package.json'));

/** What is audited: the shell and the back end it starts (sources: the checks read TypeScript). */
const INPUT = path.join(root, 'electron');
const IGNORED_RULES = new Set(['PRELOAD_JS_CHECK']);
const SEVERITY = /** @type {const} */ ({ INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 });
const FAIL_AT = SEVERITY.MEDIUM;

const toolDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const toolPackage = JSON.parse(fs.readFileSync(path.join(toolDir, 'package.json'), 'utf8'));
const toolBin = path.join(toolDir, toolPackage.bin.electronegativity);
// Read, not required: requiring 'electron' tries to download a missing binary.
const electronVersion = JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version;

const scratch = path.join(root, '.tmp', 'audit-electron');
fs.rmSync(scratch, { recursive: true, force: true });
fs.mkdirSync(scratch, { recursive: true });
const sarifFile = path.join(scratch, 'audit.sarif');
const csvFile = path.join(scratch, 'audit.csv');

/** @param {string} output */
function scan(output) {
  return run(process.execPath, [toolBin, '-i', INPUT, '-e', electronVersion, '-r', '-o', output], {
    cwd: root,
    env: { ...process.env, TMPDIR: scratch, TMP: scratch, TEMP: scratch },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/**
 * Files the tool reads but cannot parse are skipped without a word when writing a report: parse
 * each with the tool's own parser first, so a file that escapes the audit fails it.
 * @returns {string[]}
 */
function unparsableFiles() {
  const { Parser } = require(path.join(toolDir, 'dist', 'parser', 'parser.js'));
  const parser = new Parser(false, true);
  /** @type {string[]} */
  const failures = [];
  for (const entry of fs.readdirSync(INPUT, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(jsx?|tsx?|html?)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    try {
      parser.parse(file, fs.readFileSync(file));
    } catch (err) {
      failures.push(`${path.relative(root, file)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return failures;
}

/**
 * The inline `eng-disable` annotations in the audited files: each one silences a check on its
 * line (or file), so each is listed for a reviewer rather than hidden.
 * @returns {string[]}
 */
function inlineExceptions() {
  /** @type {string[]} */
  const found = [];
  for (const entry of fs.readdirSync(INPUT, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(jsx?|tsx?|html?)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, index) => {
        const match = /eng-disable\s+([\w\s]+?)\s*(?:\*\/|-->|$)/.exec(text);
        if (match) found.push(`${path.relative(root, file)}:${index + 1} ${match[1]}`);
      });
  }
  return found;
}

/**
 * RFC 4180 fields (quotes doubled, newlines allowed inside quotes), as the tool writes them.
 * @param {string} text
 * @returns {string[][]}
 */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

/**
 * The tool writes the same finding as `line:column` (0-based column, line 0 for "everywhere") in
 * its CSV and as startLine/startColumn (1-based, at least 1) in its SARIF.
 * @param {string} id @param {string} file @param {number} line @param {number} column
 */
const findingKey = (id, file, line, column) => `${id}|${file}|${line}|${column}`;

/** @param {string} position  `line:column` from the CSV */
function sarifPosition(position) {
  const [line, column] = position.split(':').map(Number);
  return { line: !line ? 1 : line, column: Number.isFinite(column) ? /** @type {number} */ (column) + 1 : 1 };
}

/** @returns {Map<string, string[]>} severity names by finding, in report order */
function csvSeverities() {
  const severities = new Map();
  for (const [id, severity, , file, position] of parseCsv(fs.readFileSync(csvFile, 'utf8')).slice(1)) {
    if (!id || !severity || file === undefined || position === undefined) continue;
    const { line, column } = sarifPosition(position);
    const key = findingKey(id, file === 'N/A' ? 'file:///' : file, line, column);
    severities.set(key, [...(severities.get(key) ?? []), severity]);
  }
  return severities;
}

/** @param {any} result a SARIF result */
function keyOf(result) {
  const location = result.locations?.[0]?.physicalLocation;
  return findingKey(String(result.ruleId), String(location?.artifactLocation?.uri ?? 'file:///'), Number(location?.region?.startLine ?? 1), Number(location?.region?.startColumn ?? 1));
}

const parseFailures = unparsableFiles();
// One after the other: two scans at once share the tool's cache folder, and under load the second
// read a half-written cache and reported a finding the first did not (seen once as an UNKNOWN).
await scan(sarifFile);
const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
// The tool sometimes writes its CSV with a piece of a line missing (seen: a CSP finding whose row
// began in the middle of the policy), so a finding of the SARIF has no severity: scan again, a
// few times, before counting it as failing.
let severities = new Map();
for (let attempt = 1; attempt <= 3; attempt++) {
  await scan(csvFile);
  severities = csvSeverities();
  const known = new Map([...severities].map(([key, list]) => [key, list.length]));
  const unmatched = (sarif.runs?.[0]?.results ?? []).filter((/** @type {any} */ result) => {
    const left = known.get(keyOf(result)) ?? 0;
    known.set(keyOf(result), left - 1);
    return left <= 0;
  });
  if (unmatched.length === 0) break;
  if (attempt < 3) console.log(`Electron audit: the CSV report missed ${unmatched.length} finding(s) of the SARIF one; scanning again`);
}

/** @type {{ severity: string, rule: string, where: string, message: string }[]} */
const failing = [];
/** @type {Map<string, number>} */
const below = new Map();
for (const result of sarif.runs?.[0]?.results ?? []) {
  const rule = String(result.ruleId);
  const location = result.locations?.[0]?.physicalLocation;
  const file = String(location?.artifactLocation?.uri ?? 'file:///');
  const line = Number(location?.region?.startLine ?? 1);
  const key = keyOf(result);
  const severity = severities.get(key)?.shift() ?? 'UNKNOWN';
  if (IGNORED_RULES.has(rule)) continue;
  const value = Object.hasOwn(SEVERITY, severity) ? SEVERITY[/** @type {keyof typeof SEVERITY} */ (severity)] : Infinity;
  if (value >= FAIL_AT) {
    failing.push({ severity, rule, where: file === 'file:///' ? '(whole app)' : `electron/${file}:${line}`, message: String(result.message?.text ?? '') });
  } else {
    below.set(severity, (below.get(severity) ?? 0) + 1);
  }
}

const exceptions = inlineExceptions();
if (exceptions.length > 0) console.log(`Electron audit: reviewed inline exceptions (eng-disable): ${exceptions.join('; ')}`);
const summary = [...below].map(([severity, count]) => `${count} ${severity}`).join(', ') || 'none';
if (parseFailures.length > 0) {
  console.error('Electron audit: the tool cannot parse these files, so they would escape it:');
  for (const failure of parseFailures) console.error(`  ${failure}`);
}
if (failing.length > 0) {
  console.error(`Electron audit (Electronegativity, Electron ${electronVersion}): ${failing.length} finding(s) at MEDIUM or above.`);
  const widths = [8, Math.max(...failing.map((f) => f.rule.length)), Math.max(...failing.map((f) => f.where.length))];
  for (const f of failing) {
    console.error(`  ${f.severity.padEnd(widths[0] ?? 0)}  ${f.rule.padEnd(widths[1] ?? 0)}  ${f.where.padEnd(widths[2] ?? 0)}  ${f.message.slice(0, 100)}`);
  }
  console.error(`  Report: ${path.relative(root, sarifFile)}`);
}
if (failing.length > 0 || parseFailures.length > 0) process.exit(1);
console.log(`Electron audit: nothing at MEDIUM or above (below: ${summary}; ${[...IGNORED_RULES].join(', ')} aside). Report: ${path.relative(root, sarifFile)}`);
