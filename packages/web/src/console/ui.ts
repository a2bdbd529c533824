/** Console feedback helpers (Element Plus): one way to show an API error, ask for confirmation, say done. */
import { ApiError } from '@/shared/api/client';

export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const fields = e.fieldErrors;
    return fields.length ? `${e.message}：${fields.map((f) => f.message).join('；')}` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

export function notifyError(e: unknown): void {
  ElMessage({ type: 'error', message: errorText(e), showClose: true, duration: 5000 });
}

export function notifySuccess(message: string): void {
  ElMessage({ type: 'success', message });
}

/** Resolves true when the user confirms. */
export function confirmAction(message: string, title: string, danger = false): Promise<boolean> {
  return ElMessageBox.confirm(message, title, {
    type: danger ? 'warning' : 'info',
    confirmButtonClass: danger ? 'el-button--danger' : undefined,
  }).then(
    () => true,
    () => false,
  );
}
