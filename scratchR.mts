import { sweepThroughput } from './cli/commands/benchRuns';
import { median } from './shared/run/groups';
const ones: number[] = [], twos: number[] = [];
for (let i = 0; i < 5; i++) { ones.push((await sweepThroughput(1)).runsPerSecond); twos.push((await sweepThroughput(2)).runsPerSecond); }
console.log(JSON.stringify({ ones, twos, ratio: median(twos) / median(ones) }));
