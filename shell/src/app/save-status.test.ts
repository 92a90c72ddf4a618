import { describe, expect, it } from 'vitest';
import { saveStatusText } from './save-status';

describe('the header save status', () => {
  it('says nothing when online with nothing waiting', () => {
    expect(saveStatusText({ online: true, pending: 0, push: 'idle' })).toBeNull();
  });

  it('counts the changes waiting while offline', () => {
    expect(saveStatusText({ online: false, pending: 3, push: 'offline' })).toBe('Offline — 3 changes waiting');
    expect(saveStatusText({ online: false, pending: 1, push: 'offline' })).toBe('Offline — 1 change waiting');
    expect(saveStatusText({ online: false, pending: 0, push: 'idle' })).toBe('Offline');
  });

  it('says Saving… while online changes go out, and why they wait when they cannot', () => {
    expect(saveStatusText({ online: true, pending: 2, push: 'saving' })).toBe('Saving…');
    expect(saveStatusText({ online: true, pending: 2, push: 'retrying' })).toBe('Not saved yet — 2 changes waiting, retrying');
    expect(saveStatusText({ online: true, pending: 2, push: 'unauthorized' })).toBe('2 changes waiting — sign in to save');
  });
});
