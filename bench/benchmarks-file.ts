/**
 * BENCHMARKS.md sections written by the benchmark suites (`--write`): each suite owns one
 * `## ` section and replaces it whole, leaving every other section as it was.
 */
import { readFile, writeFile } from 'node:fs/promises';

export interface ReplaceOptions {
  /** Keep the hand-written `### ` part of the old section (its findings) after the new figures. */
  keepSubsections?: boolean;
}

/** Replace the section that starts with `heading` (up to the next `## `), or append it. */
export async function replaceSection(file: string, heading: string, section: string, options: ReplaceOptions = {}): Promise<void> {
  const text = await readFile(file, 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  let out: string;
  if (start < 0) {
    out = `${text.trimEnd()}\n\n${section}\n`;
  } else {
    const next = text.indexOf('\n## ', start + heading.length + 1);
    let kept = '';
    if (options.keepSubsections) {
      const ours = text.slice(start, next < 0 ? undefined : next);
      const findings = ours.indexOf('\n### ');
      kept = findings < 0 ? '' : `\n${ours.slice(findings + 1).trimEnd()}\n`;
    }
    out = `${text.slice(0, start + 1)}${section}\n${kept}${next < 0 ? '' : text.slice(next)}`;
  }
  await writeFile(file, out);
}
