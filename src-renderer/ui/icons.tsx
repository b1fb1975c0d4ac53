// Line icons drawn inline (24-unit grid, 1.8 stroke, currentColor), so the
// app loads no icon font or remote asset. Decorative: always aria-hidden.
import type { ReactNode } from 'react';

export type IconName =
  | 'today'
  | 'contact'
  | 'account'
  | 'deal'
  | 'activity'
  | 'task'
  | 'transfer'
  | 'settings'
  | 'search'
  | 'lock'
  | 'keyboard'
  | 'plus'
  | 'chevronLeft'
  | 'chevronRight'
  | 'chevronDown'
  | 'sortUp'
  | 'sortDown'
  | 'sortBoth'
  | 'close'
  | 'filter'
  | 'call'
  | 'meeting'
  | 'email'
  | 'note'
  | 'bell'
  | 'clock'
  | 'trash'
  | 'upload'
  | 'download'
  | 'board'
  | 'chart'
  | 'list'
  | 'check'
  | 'alert'
  | 'cloudOff'
  | 'cloud'
  | 'edit';

const paths: Record<IconName, ReactNode> = {
  today: (
    <>
      <rect x="3.5" y="5" width="17" height="15.5" rx="2.5" />
      <path d="M3.5 10h17M8 3v4M16 3v4M9.5 15l2 2 3.5-3.5" />
    </>
  ),
  contact: (
    <>
      <circle cx="12" cy="8.5" r="3.75" />
      <path d="M4.5 20c1.2-3.6 4-5.5 7.5-5.5s6.3 1.9 7.5 5.5" />
    </>
  ),
  account: (
    <>
      <path d="M4 20.5V5.5A1.5 1.5 0 0 1 5.5 4h7A1.5 1.5 0 0 1 14 5.5v15M14 9.5h4.5A1.5 1.5 0 0 1 20 11v9.5M2.5 20.5h19" />
      <path d="M7.5 8h3M7.5 12h3M7.5 16h3M17 14h.01M17 17h.01" />
    </>
  ),
  deal: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <circle cx="12" cy="12" r="4.5" />
      <circle cx="12" cy="12" r="0.8" fill="currentColor" />
    </>
  ),
  activity: <path d="M3 12h4l2.5-7 5 14 2.5-7h4" />,
  task: (
    <>
      <rect x="3.5" y="3.5" width="17" height="17" rx="3" />
      <path d="m8 12 3 3 5-6" />
    </>
  ),
  transfer: <path d="M7 4v14M3.5 14.5 7 18l3.5-3.5M17 20V6M13.5 9.5 17 6l3.5 3.5" />,
  settings: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2.8v2.4M12 18.8v2.4M4.9 4.9l1.7 1.7M17.4 17.4l1.7 1.7M2.8 12h2.4M18.8 12h2.4M4.9 19.1l1.7-1.7M17.4 6.6l1.7-1.7" />
    </>
  ),
  search: (
    <>
      <circle cx="11" cy="11" r="6.5" />
      <path d="m20 20-4.2-4.2" />
    </>
  ),
  lock: (
    <>
      <rect x="5" y="10.5" width="14" height="10" rx="2" />
      <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" />
    </>
  ),
  keyboard: (
    <>
      <rect x="2.5" y="6" width="19" height="12" rx="2" />
      <path d="M6 10h.01M9.5 10h.01M13 10h.01M16.5 10h.01M7.5 14h9" />
    </>
  ),
  plus: <path d="M12 5v14M5 12h14" />,
  chevronLeft: <path d="m14.5 6-6 6 6 6" />,
  chevronRight: <path d="m9.5 6 6 6-6 6" />,
  chevronDown: <path d="m6 9.5 6 6 6-6" />,
  sortUp: <path d="m7 14 5-5 5 5" />,
  sortDown: <path d="m7 10 5 5 5-5" />,
  sortBoth: <path d="m8 9.5 4-4 4 4M8 14.5l4 4 4-4" />,
  close: <path d="M6 6l12 12M18 6 6 18" />,
  filter: <path d="M4 5.5h16l-6.2 7.3v5.4l-3.6 1.8v-7.2z" />,
  call: (
    <path d="M5.5 3.5h3l1.5 4.2-2 1.3a11 11 0 0 0 5 5l1.3-2 4.2 1.5v3A2 2 0 0 1 16.5 18.5 13.5 13.5 0 0 1 3.5 5.5a2 2 0 0 1 2-2z" />
  ),
  meeting: (
    <>
      <circle cx="8.5" cy="9" r="3" />
      <circle cx="16.5" cy="9.5" r="2.5" />
      <path d="M3 19c.8-3 3-4.5 5.5-4.5S13.2 16 14 19M14.5 14.7c2.6-.6 5.4.6 6.5 4.3" />
    </>
  ),
  email: (
    <>
      <rect x="3" y="5.5" width="18" height="13" rx="2" />
      <path d="m3.5 7 8.5 6 8.5-6" />
    </>
  ),
  note: (
    <>
      <path d="M6 3.5h8.5L19 8v12.5H6z" />
      <path d="M14 3.5V8.5h5M9 12.5h6M9 16h6" />
    </>
  ),
  bell: (
    <>
      <path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 2h-15z" />
      <path d="M10 20.5a2 2 0 0 0 4 0" />
    </>
  ),
  clock: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7.5V12l3 2" />
    </>
  ),
  trash: <path d="M4.5 6.5h15M9.5 6.5V4h5v2.5M6.5 6.5l1 14h9l1-14M10 10.5v6M14 10.5v6" />,
  upload: <path d="M12 15.5V4M7.5 8.5 12 4l4.5 4.5M4.5 15v4.5h15V15" />,
  download: <path d="M12 4v11.5M7.5 11 12 15.5 16.5 11M4.5 15v4.5h15V15" />,
  board: (
    <>
      <rect x="3.5" y="4" width="5" height="16" rx="1.5" />
      <rect x="10" y="4" width="5" height="11" rx="1.5" />
      <rect x="16.5" y="4" width="4" height="7" rx="1.5" />
    </>
  ),
  chart: <path d="M4 20.5h16.5M6.5 17v-5M11 17V7.5M15.5 17v-7M20 17V4.5" />,
  list: <path d="M8.5 6.5h11M8.5 12h11M8.5 17.5h11M4.5 6.5h.01M4.5 12h.01M4.5 17.5h.01" />,
  check: <path d="m5 12.5 4.5 4.5L19 7.5" />,
  alert: (
    <>
      <path d="M12 3.5 2.5 20h19z" />
      <path d="M12 10v4.5M12 17.3h.01" />
    </>
  ),
  cloudOff: <path d="M3 3l18 18M8.5 7.2A5.5 5.5 0 0 1 17 10a4 4 0 0 1 3 6.4M17 19H7a4.5 4.5 0 0 1-1-8.9" />,
  cloud: <path d="M7 19a4.5 4.5 0 0 1-.6-8.96A5.5 5.5 0 0 1 17 10a4.5 4.5 0 0 1 0 9z" />,
  edit: <path d="M4 20h4l10.5-10.5a2.1 2.1 0 0 0-4-4L4 16zM13.5 6.5l4 4" />,
};

export function Icon({ name, size = 18 }: { readonly name: IconName; readonly size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {paths[name]}
    </svg>
  );
}
