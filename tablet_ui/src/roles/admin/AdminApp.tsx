// IT (admin): accounts, roles and units — no case content. The accounts screen is
// self-contained (UsersScreen.tsx), so other admin screens can sit beside it.
import { IssuesBanner } from '../shared/common';
import { UsersScreen } from './UsersScreen';

export default function AdminApp() {
  return (
    <>
      <IssuesBanner />
      <main class="screen">
        <UsersScreen />
      </main>
    </>
  );
}
