/**
 * What must never reach a client: a stack trace or a server path. Production Next.js hides
 * error messages, but a handler that serialises an error itself would leak one; these
 * patterns catch V8 stack frames ("at fn (/path/file.js:1:2)"), absolute paths of this
 * checkout and node_modules paths.
 */
const LEAKS = [
  /\bat (?:async )?[\w$.<>[\] ]+ \((?:\/|file:|node:)[^)\s]*:\d+:\d+\)/,
  /\bat (?:\/|file:\/\/|node:)[^\s)]+:\d+:\d+/,
  /\b\w*Error: [^\n<]*\n\s+at /,
  /node_modules\//,
];

export function leakIn(body: string): string | null {
  const cwd = process.cwd();
  if (body.includes(cwd)) return `the server's folder ${cwd}`;
  for (const pattern of LEAKS) {
    const match = pattern.exec(body);
    if (match) return match[0];
  }
  return null;
}
