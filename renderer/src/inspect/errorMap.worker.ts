/** Computes error maps off the page's thread: a map of 16 384 pairs takes long enough to drop frames. */

import { serveJobs } from '../workers/serveJobs';
import { answerErrorMapRequest } from './errorMapWork';

serveJobs(answerErrorMapRequest, (reply) => (reply.map ? [reply.map.buffer as ArrayBuffer] : []));
