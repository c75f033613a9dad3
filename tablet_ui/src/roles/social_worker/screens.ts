// The social worker's screens after the caseload and the folder: a chunk of its own, so the
// first screen a worker opens waits for none of them (`later.tsx` loads it, and fetches it as
// soon as that first screen has shown its data, so they open at once and also without signal).
export { ConflictScreen } from './ConflictScreen';
export { ContractScreen } from './ContractScreen';
export { FolderApplication } from './FolderApplication';
export { InterviewScreen } from './InterviewScreen';
export { MemberScreen } from './MemberScreen';
export { ProposalScreen } from './ProposalScreen';
export { SearchScreen } from './SearchScreen';
export { VisitScreen } from './VisitScreen';
export { NewFolderScreen } from '../shared/NewFolderScreen';
