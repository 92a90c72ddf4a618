import { isTokenExpired, type Session } from '@mango/connect-shared';
import { SHELL_CONTRACT_VERSION, ShellContractContext, type ShellContractValue } from '@mango/shell-contract';
import { useEffect, useMemo, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useStore } from 'zustand';
import { closeBizDb } from '../db/db';
import { StoreDbContext } from '../db/context';
import { useConnectStore } from '../features/connect/connect-store';
import { StoreRuntimeContext } from './runtime-context';
import { clearMemberState, onSignedOutElsewhere } from './sign-out';
import { createStoreRuntime, type StoreRuntimeDeps } from './store-runtime';

interface Props {
  session: Session;
  deps: StoreRuntimeDeps;
  children: ReactNode;
}

/**
 * Provides the one versioned contract remotes read (session, Connect token, integration, sync,
 * services, notify), the store database the shell's own features use, and the store runtime. A
 * new runtime per store + member, so signing in as someone else never reuses their token.
 */
export function ShellContractProvider({ session, deps, children }: Props) {
  const storeId = session.store.storeId;
  const memberId = session.member.memberId;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const runtime = useMemo(() => createStoreRuntime(session, deps), [storeId, memberId]);

  useEffect(() => {
    runtime.start();
    // Another tab signed out: the cookie is gone for this tab too. It keeps nothing either.
    const stopListening = onSignedOutElsewhere(() => {
      runtime.stop();
      closeBizDb(runtime.storeId);
      clearMemberState();
    });
    return () => {
      stopListening();
      runtime.stop();
    };
  }, [runtime]);

  const token = useStore(runtime.tokens.store);
  const integration = useConnectStore((s) => s.integration);
  const sync = useConnectStore((s) => s.sync);
  const deliveriesVersion = useConnectStore((s) => s.deliveriesVersion);
  const routerNavigate = useNavigate();

  const value = useMemo<ShellContractValue>(
    () => ({
      version: SHELL_CONTRACT_VERSION,
      session,
      connectToken: {
        token: token.token,
        isValid: !!token.token && !isTokenExpired(token.token),
        refresh: runtime.tokens.refresh,
        error: token.error,
      },
      integration,
      sync,
      services: runtime.services,
      deliveriesVersion,
      notify: deps.notify,
      navigate: (to: string) => void routerNavigate(to),
    }),
    [session, token, runtime, integration, sync, deliveriesVersion, deps.notify, routerNavigate],
  );
  const storeDb = useMemo(() => ({ db: runtime.db, storeId: runtime.storeId }), [runtime]);

  return (
    <StoreRuntimeContext.Provider value={runtime}>
      <StoreDbContext.Provider value={storeDb}>
        <ShellContractContext.Provider value={value}>{children}</ShellContractContext.Provider>
      </StoreDbContext.Provider>
    </StoreRuntimeContext.Provider>
  );
}
