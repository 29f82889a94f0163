// One ECharts chart in a panel: made once, given a new option when its data changes, resized with
// its box, disposed with it. Only the chart types the wall uses are bundled (echarts/core).
import { useEffect, useRef } from 'react';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([LineChart, BarChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

export const CHART_FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
/** Major-category colours, in catalogue order, readable on the dark panels. */
export const SERIES_COLORS = ['#40e0ff', '#ffb547', '#3ddc97', '#ff6b81', '#b28dff', '#5b9bff', '#ffe066', '#7fe7c4', '#ff9f6b', '#8aa4c8'];

/** An option, or a builder of one from the chart's size in pixels (type that must fit a number of rows). */
export type ChartOption = EChartsCoreOption | ((size: { width: number; height: number }) => EChartsCoreOption);

export function EChart({ option, testId }: { option: ChartOption | null; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const current = useRef(option);
  current.current = option;

  const apply = () => {
    const c = chart.current;
    const o = current.current;
    if (!c || !o) return;
    const built = typeof o === 'function' ? o({ width: c.getWidth(), height: c.getHeight() }) : o;
    // replace, not merge: series come and go with the data
    c.setOption({ animationDuration: 400, animationDurationUpdate: 400, textStyle: { fontFamily: CHART_FONT }, ...built }, { notMerge: true });
  };

  useEffect(() => {
    const c = init(box.current!, undefined, { renderer: 'svg' });
    chart.current = c;
    const resize = new ResizeObserver(() => {
      c.resize();
      if (typeof current.current === 'function') apply();
    });
    resize.observe(box.current!);
    return () => {
      resize.disconnect();
      chart.current = null;
      c.dispose();
    };
  }, []);

  useEffect(apply, [option]);

  return <div ref={box} className="echart" data-testid={testId} />;
}
