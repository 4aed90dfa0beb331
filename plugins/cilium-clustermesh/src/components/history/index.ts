export { HistoryTimeline } from './HistoryTimeline';
export type { HistoryTimelineProps } from './HistoryTimeline';
export { HistoryEntry } from './HistoryEntry';
export { changeText, edgeText, historyLine } from './historyText';
export { HISTORY_PAGE_SIZE, useHistoryPages } from './useHistoryPages';
export type { HistoryPages } from './useHistoryPages';
