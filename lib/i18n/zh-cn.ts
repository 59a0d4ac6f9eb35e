/** 简体中文（现场默认语言）。Every key of en.ts, translated, in the same two parts. */
import type { Dictionary } from './dictionaries';
import { zhCNFloor } from './zh-cn-floor';
import { zhCNRecords } from './zh-cn-records';

export const zhCN: Dictionary = { ...zhCNFloor, ...zhCNRecords };
