'use client';
/**
 * A modal dialog on the native <dialog> element: focus moves inside, Escape closes, the page
 * behind is inert. Opened while `open` is true.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children?: ReactNode;
  footer: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto w-[min(34rem,92vw)] rounded-md border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-black/50"
    >
      {open ? (
        <div className="flex flex-col gap-3 p-4">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {children}
          <div className="flex flex-wrap justify-end gap-2">{footer}</div>
        </div>
      ) : null}
    </dialog>
  );
}

export const buttonClass =
  'inline-flex items-center gap-1 rounded border border-line bg-raised px-3 py-1.5 font-medium text-fg hover:border-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:cursor-not-allowed disabled:opacity-50';
export const primaryClass =
  'inline-flex items-center gap-1 rounded border border-accent bg-accent px-3 py-1.5 font-semibold text-bg hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:cursor-not-allowed disabled:opacity-50';
export const dangerClass =
  'inline-flex items-center gap-1 rounded border border-red-600 bg-red-700 px-3 py-1.5 font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:cursor-not-allowed disabled:opacity-50';
export const inputClass =
  'rounded border border-line bg-bg px-2 py-1 text-fg focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-accent';
