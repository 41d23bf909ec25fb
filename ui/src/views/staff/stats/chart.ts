// The charts of 统计: ECharts with only the pieces used (pie and bar, a tooltip, canvas), loaded
// when the page is, so that the rest of the app does not carry them.
import { init, use, type ComposeOption } from 'echarts/core'
import { BarChart, PieChart, type BarSeriesOption, type PieSeriesOption } from 'echarts/charts'
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import type { Count } from '@/api/bindings'

use([BarChart, PieChart, GridComponent, TooltipComponent, CanvasRenderer])

type Option = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption>

export type ChartKind = 'pie' | 'bar'

/** What the page keeps of a drawn chart. */
export interface DrawnChart {
  show(counts: Count[]): void
  resize(): void
  dispose(): void
}

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
          radius: ['32%', '62%'],
          avoidLabelOverlap: true,
          label: { formatter: '{b}\n{c}', fontFamily: FONT },
          data: counts.filter((c) => c.count > 0).map((c) => ({ name: c.label, value: c.count })),
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
    series: [{ type: 'bar', data: rows.map((c) => c.count), barMaxWidth: 18, label: { show: true, position: 'right' } }],
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
