/** Runs the "inside training" views' work off the page's thread: the hidden states of every pair take tens of milliseconds. */

import { serveJobs } from '../workers/serveJobs';
import { answerInsideRequest, transferablesOf } from './insideWork';

serveJobs(answerInsideRequest, (reply) => (reply.result ? transferablesOf(reply.result) : []));
