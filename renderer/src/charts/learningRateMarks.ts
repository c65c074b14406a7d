/** Vertical lines on the loss chart where the learning rate changed, labelled with the new value. */

import type { Plugin } from 'chart.js';
import type { ChartTheme } from './chartSetup';
import type { LearningRateMark } from '@shared/run/curves/trainingHistory';

export function formatRate(rate: number): string {
  return Number(rate.toPrecision(4)).toString();
}

export function learningRateMarksPlugin(marks: () => LearningRateMark[], theme: () => ChartTheme): Plugin<'line'> {
  return {
    id: 'learningRateMarks',
    afterDatasetsDraw(chart) {
      const x = chart.scales.x;
      const area = chart.chartArea;
      if (!x || !area) return;
      const all = marks();
      const { ctx } = chart;
      ctx.save();
      ctx.strokeStyle = theme().muted;
      ctx.fillStyle = theme().fg;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1;
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      // The first mark is the starting rate, not a change.
      for (let i = 1; i < all.length; i++) {
        const mark = all[i]!;
        const px = x.getPixelForValue(mark.iteration);
        if (px < area.left || px > area.right) continue;
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        const label = `lr ${formatRate(mark.learningRate)}`;
        const width = ctx.measureText(label).width;
        const tx = px + 3 + width > area.right ? px - 3 - width : px + 3;
        ctx.fillText(label, tx, area.top + 2);
      }
      ctx.restore();
    },
  };
}
