import { act, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { resetCacheStatus, useCacheStatus } from '../../db/cache-status';
import { StoreDbContext } from '../../db/context';
import type { BizDb } from '../../db/db';
import { clientRow, freshDb, putRows } from '../../test/db';
import { ClientsPage } from './ClientsPage';

function renderClients(db: BizDb) {
  render(
    <MemoryRouter>
      <StoreDbContext.Provider value={{ db, storeId: 'store_test' }}>
        <ClientsPage />
      </StoreDbContext.Provider>
    </MemoryRouter>,
  );
}

afterEach(() => resetCacheStatus());

describe('ClientsPage', () => {
  it('shows the cached clients at once, before the first pull answers', async () => {
    const db = freshDb();
    await putRows(db, { clients: [clientRow('c1', 'Ada Lovelace')] });
    renderClients(db);
    expect(await screen.findByRole('link', { name: 'Ada Lovelace' })).toBeTruthy();
    expect(useCacheStatus.getState().firstPull).toBe('loading');
    expect(screen.queryByText('Loading clients…')).toBeNull();
  });

  it('says Loading… only while the cache is empty and the first pull runs, then what it found', async () => {
    renderClients(freshDb());
    expect(await screen.findByText('Loading clients…')).toBeTruthy();
    act(() => useCacheStatus.setState({ firstPull: 'done' }));
    expect(await screen.findByText(/No clients yet/)).toBeTruthy();
  });

  it('says the server cannot be reached when an empty device could not pull', async () => {
    useCacheStatus.setState({ firstPull: 'failed' });
    renderClients(freshDb());
    expect(await screen.findByText(/the server cannot be reached/)).toBeTruthy();
  });
});
