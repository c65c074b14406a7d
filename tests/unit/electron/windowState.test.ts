import { describe, expect, it } from 'vitest';
import { checkDocumentState, windowTitle } from '../../../electron/main/services/documentTitle';
import { UNSAVED_BUTTONS, choiceOf, mayClose } from '../../../electron/main/services/unsavedChanges';

describe('the window title', () => {
  it('shows the file name or Untitled, a mark while unsaved, then the app name', () => {
    expect(windowTitle({ name: null, dirty: false })).toBe('Untitled — RNN Studio');
    expect(windowTitle({ name: 'adder.rnnmodel', dirty: false })).toBe('adder.rnnmodel — RNN Studio');
    expect(windowTitle({ name: 'adder.rnnmodel', dirty: true })).toBe('• adder.rnnmodel — RNN Studio');
    expect(windowTitle({ name: null, dirty: true })).toBe('• Untitled — RNN Studio');
  });

  it('checks the state the page sends', () => {
    expect(checkDocumentState({ name: 'a', dirty: true })).toEqual({ name: 'a', dirty: true });
    expect(() => checkDocumentState({ name: 3, dirty: true })).toThrow(/name must be null or a file name/);
    expect(() => checkDocumentState({ name: null, dirty: 'yes' })).toThrow(/dirty must be true or false/);
    expect(() => checkDocumentState('x')).toThrow(/must be an object/);
  });
});

describe('closing with unsaved trained work', () => {
  it('offers Save, Don’t Save and Cancel, in that order', () => {
    expect(UNSAVED_BUTTONS.map((b) => b.label)).toEqual(['Save', "Don't Save", 'Cancel']);
    expect([0, 1, 2, 7].map(choiceOf)).toEqual(['save', 'discard', 'cancel', 'cancel']);
  });

  it('closes after Don’t Save without saving, stays after Cancel', async () => {
    let saves = 0;
    const save = async () => (saves++, true);
    expect(await mayClose(async () => 'discard', save)).toBe(true);
    expect(await mayClose(async () => 'cancel', save)).toBe(false);
    expect(saves).toBe(0);
  });

  it('closes after Save only when the save succeeded', async () => {
    expect(await mayClose(async () => 'save', async () => true)).toBe(true);
    expect(await mayClose(async () => 'save', async () => false)).toBe(false);
    expect(
      await mayClose(
        async () => 'save',
        async () => {
          throw new Error('disk full');
        },
      ),
    ).toBe(false);
  });
});
