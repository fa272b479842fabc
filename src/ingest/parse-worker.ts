/**
 * Worker-thread entry of the parse pool (parse-pool.ts): parses the texts it is sent and posts
 * back the ParsedBriefing, or the error's message. Pure like the library: no Nest, no database.
 */
import { parentPort } from 'node:worker_threads';
import type { IngestOptions, ParsedBriefing } from './ingest.types';
import { parseBriefing } from './parse-briefing';

export interface ParseJob {
  id: number;
  text: string;
  options: IngestOptions;
}

export type ParseReply = { id: number; parsed: ParsedBriefing } | { id: number; error: string };

parentPort?.on('message', (job: ParseJob) => {
  let reply: ParseReply;
  try {
    reply = { id: job.id, parsed: parseBriefing(job.text, job.options) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
