import type { Rule } from '../rule';

export const messageRules: readonly Rule[] = [];
