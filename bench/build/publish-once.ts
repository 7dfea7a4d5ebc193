// One publish run in a fresh process, so peak RSS belongs to this run alone. Prints one JSON line.
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createStore } from '../../src/storage/index.js';

const [input, out, now, state] = process.argv.slice(2);
if (!input || !out) throw new Error('usage: publish-once INPUT OUT [NOW] [STATE]');
const config = parseConfig({ input, out });
const report = await publishSite({
  config,
  input: createStore(input),
  output: createStore(out),
  state: createStore(state ?? `${out.replace(/\/$/, '')}.state`),
  clock: fixedClock(now ?? '2026-11-27T12:00:00Z'),
  log: silentLogger,
});
console.log(
  JSON.stringify({
    durationMs: report.durationMs,
    articles: report.articles,
    rejected: report.rejected.length,
    written: report.written.length,
    unchanged: report.unchanged,
    deleted: report.deleted.length,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
