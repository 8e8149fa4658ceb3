/** Freshly issued recovery codes, shown once (after enrolment or regeneration). */
export function RecoveryCodeList({ codes }: { codes: string[] }) {
  return (
    <ol data-testid="recovery-codes" className="grid grid-cols-2 gap-2 font-mono text-base">
      {codes.map((code) => (
        <li key={code} className="rounded bg-slate-100 px-3 py-1 text-center">
          {code}
        </li>
      ))}
    </ol>
  );
}
