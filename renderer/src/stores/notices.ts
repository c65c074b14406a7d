/** Non-blocking messages for the person: errors stay until dismissed or replaced, information fades. */

import { defineStore } from 'pinia';
import { ref } from 'vue';

export type NoticeKind = 'error' | 'info';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
}

const INFO_MS = 6_000;
const ERROR_MS = 30_000;
const MAX_NOTICES = 4;

export const useNoticeStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);
  let nextId = 1;

  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  function show(kind: NoticeKind, text: string): number {
    // The same message twice in a row is one message.
    const same = notices.value.find((n) => n.kind === kind && n.text === text);
    if (same) dismiss(same.id);
    const id = nextId++;
    notices.value = [...notices.value, { id, kind, text }].slice(-MAX_NOTICES);
    setTimeout(() => dismiss(id), kind === 'error' ? ERROR_MS : INFO_MS);
    return id;
  }

  return {
    notices,
    dismiss,
    error: (text: string) => show('error', text),
    info: (text: string) => show('info', text),
  };
});
