// Unit-level IndexedDB (fake-indexeddb) for the store database, and DOM matchers-free cleanup between React tests.
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());
