/**
 * The studio's own questions to the person (in place of the browser's
 * blocking confirm()): one at a time, each answered by one of its buttons or
 * by Escape, which is the cautious answer.
 */

import { defineStore } from 'pinia';
import { shallowRef } from 'vue';

export interface Question {
  title: string;
  message: string;
  /** The button that goes ahead. */
  confirm: string;
  /** The button that leaves things as they are (and what Escape does). */
  cancel: string;
}

interface Asked extends Question {
  answer(yes: boolean): void;
}

export const useDialogStore = defineStore('dialogs', () => {
  /** The question shown, or null. */
  const current = shallowRef<Asked | null>(null);
  const waiting: Asked[] = [];

  function showNext(): void {
    if (!current.value) current.value = waiting.shift() ?? null;
  }

  /** Asks a question; resolves true when the person goes ahead. */
  function ask(question: Question): Promise<boolean> {
    return new Promise((resolve) => {
      waiting.push({
        ...question,
        answer: (yes) => {
          current.value = null;
          resolve(yes);
          showNext();
        },
      });
      showNext();
    });
  }

  return { current, ask };
});
