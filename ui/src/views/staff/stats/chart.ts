// The charts of 统计: ECharts with only the pieces used (pie and bar, a tooltip, canvas). Only the
// stats page imports this, so ECharts loads with that page and the rest of the app never carries it.
import { init, use, type ComposeOption } from 'echarts/core'
import { BarChart, PieChart, type BarSeriesOption, type PieSeriesOption } from 'echarts/charts'
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import type { Count } from '@/api/generated/bindings'

use([BarChart, PieChart, GridComponent, TooltipComponent, CanvasRenderer])

type Option = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption>

export type ChartKind = 'pie' | 'bar'

/** What the page keeps of a drawn chart. */
export interface DrawnChart {
  show(counts: Count[]): void
  resize(): void
  dispose(): void
}

/** The colours of the slices in order; a pie's table marks each row with its slice's colour. */
export const PALETTE = ['#409eff', '#67c23a', '#e6a23c', '#f56c6c', '#909399', '#9a60b4', '#36cfc9', '#fc8452', '#3ba272', '#ea7ccc']

export const sliceColor = (index: number) => PALETTE[index % PALETTE.length]

// The app's font (styles/index.css): the canvas does not inherit it.
const FONT = "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif"

function option(kind: ChartKind, counts: Count[]): Option {
  const textStyle = { fontFamily: FONT }
  if (kind === 'pie') {
    return {
      textStyle,
      tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
      series: [
        {
          type: 'pie',
          radius: ['38%', '72%'],
          avoidLabelOverlap: true,
          // The table beside the chart names the slices: labels around a small pie get cut.
          label: { show: false },
          data: counts
            .map((c, i) => ({ name: c.label, value: c.count, itemStyle: { color: sliceColor(i) } }))
            .filter((d) => d.value > 0),
        },
      ],
    }
  }
  // Horizontal bars: the Chinese labels read along the axis, never slanted or cut.
  const rows = [...counts].reverse()
  return {
    textStyle,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: '{b}：{c} 人' },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((c) => c.label), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        data: rows.map((c) => c.count),
        barMaxWidth: 18,
        itemStyle: { color: PALETTE[0] },
        label: { show: true, position: 'right' },
      },
    ],
  }
}

export function drawChart(el: HTMLElement, kind: ChartKind, counts: Count[]): DrawnChart {
  const chart = init(el, undefined, { renderer: 'canvas' })
  chart.setOption(option(kind, counts))
  return {
    show: (next) => chart.setOption(option(kind, next), true),
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  }
}
