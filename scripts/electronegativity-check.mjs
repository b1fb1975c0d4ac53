// Gate on an Electronegativity report: fails on any HIGH finding, and on any
// MEDIUM finding whose check is not excused by name, with a reason, in
// scripts/electronegativity-exclusions.txt. LOW and INFORMATIONAL findings
// are printed for review but do not fail.
//
// Electronegativity 1.10.3 writes its CSV header and its rows with two
// concurrent fs.writeFile calls, so the CSV is sometimes garbled or missing
// rows. The console table of the same scan is printed synchronously, so it
// serves as the witness: if the CSV does not hold exactly the table's
// findings, this exits with 3 and electronegativity.sh rescans.
//
// usage: node scripts/electronegativity-check.mjs <report.csv> <scan.log> <exclusions.txt>
// exit:  0 pass · 1 findings that fail · 2 unusable input or parse errors · 3 garbled CSV (retry)
import { readFileSync } from 'node:fs';

const severities = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
const header = ['issue', 'severity', 'confidence', 'filename', 'location', 'sample', 'description', 'url'];

function stop(code, message) {
  console.error(`electronegativity-check: ${message}`);
  process.exit(code);
}

/** RFC 4180 records: quoted fields may hold commas, "" and newlines. */
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (quoted) return null;
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

/** Findings from the CSV, or null when it is garbled. */
function readCsv(path) {
  const records = parseCsv(readFileSync(path, 'utf8'));
  if (records === null || records.length === 0) return null;
  const [first, ...rows] = records;
  if (first.map((name) => name.trim()).join() !== header.join()) return null;
  const findings = [];
  for (const row of rows) {
    if (row.length !== header.length) return null;
    const [issue, severity, confidence, file, location] = row;
    if (!/^[A-Z0-9_]+_CHECK$/.test(issue) || !severities.includes(severity)) return null;
    findings.push({ issue, severity, confidence, file, location });
  }
  return findings;
}

/** Check ids in the console table: the first line of each row names one. */
function readTableIds(log) {
  const ids = [];
  for (const raw of log.split('\n')) {
    // eslint-disable-next-line no-control-regex
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    const match = /^│\s*([A-Z0-9_]+_CHECK)\s*│/.exec(line);
    if (match !== null) ids.push(match[1]);
  }
  return ids;
}

/** `CHECK_NAME  # justification` per line; blank lines and full-line comments skipped. */
function readExclusions(path) {
  const exclusions = new Map();
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const match = /^([A-Z0-9_]+_CHECK)\s+#\s*(\S.*)$/.exec(trimmed);
      if (match === null) stop(2, `${path}:${index + 1}: expected "CHECK_NAME  # justification"`);
      exclusions.set(match[1], match[2]);
    });
  return exclusions;
}

const [csvPath, logPath, exclusionsPath] = process.argv.slice(2);
if (exclusionsPath === undefined) stop(2, 'usage: <report.csv> <scan.log> <exclusions.txt>');

// With -o, Electronegativity reports files it could not parse only on the
// console; a file it skipped would otherwise look like a clean file.
const log = readFileSync(logPath, 'utf8');
const parseErrors = log.split('\n').filter((line) => line.includes('Error parsing') && !line.includes('Tolerable'));
if (parseErrors.length > 0) stop(2, `files were not scanned:\n${parseErrors.join('\n')}`);

if (!log.includes('check(s) successfully loaded')) stop(2, `${logPath} is not a scan log`);
const findings = readCsv(csvPath);
const witness = readTableIds(log).sort();
if (findings === null) stop(3, `${csvPath} is garbled`);
if (findings.map((finding) => finding.issue).sort().join() !== witness.join()) {
  stop(3, `${csvPath} does not match the console table (${findings.length} vs ${witness.length} findings)`);
}

const exclusions = readExclusions(exclusionsPath);
const counts = Object.fromEntries(severities.map((severity) => [severity, 0]));
const failing = [];
const excused = [];
for (const finding of findings) {
  counts[finding.severity] += 1;
  const where = `${finding.issue} ${finding.severity}/${finding.confidence} ${finding.file}:${finding.location}`;
  if (finding.severity === 'HIGH') failing.push(where);
  else if (finding.severity === 'MEDIUM' && exclusions.has(finding.issue)) excused.push(`${where} — ${exclusions.get(finding.issue)}`);
  else if (finding.severity === 'MEDIUM') failing.push(where);
  else console.log(`review: ${where}`);
}

console.log(
  `electronegativity: ${findings.length} finding(s): ` +
    severities.map((severity) => `${severity} ${counts[severity]}`).join(', '),
);
for (const line of excused) console.log(`excluded: ${line}`);
const used = new Set(findings.map((finding) => finding.issue));
for (const name of exclusions.keys()) {
  if (!used.has(name)) console.log(`note: exclusion ${name} matched nothing; remove it if the finding is gone for good`);
}
if (failing.length > 0) {
  console.error(`electronegativity: ${failing.length} finding(s) fail the gate:`);
  for (const line of failing) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`electronegativity: pass (${excused.length} MEDIUM excluded by name, 0 HIGH)`);
