/** A delivery attempt that did not get through; the job runner retries it with backoff. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export const DELIVERY_TIMEOUT_MS = 10_000;

/** POSTs JSON and returns the parsed answer; any non-2xx answer, timeout or network error throws. */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (e) {
    throw new DeliveryError(`${new URL(url).host}: ${(e as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new DeliveryError(`HTTP ${res.status}: ${text.slice(0, 200)}`, res.status);
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Robots answer 200 with `{ errcode, errmsg }`; anything but errcode 0 is a failure. */
export function checkRobotAnswer(answer: unknown): void {
  const a = answer as { errcode?: number; errmsg?: string } | null;
  if (!a || typeof a !== 'object' || a.errcode !== 0)
    throw new DeliveryError(`robot refused: ${a?.errcode ?? '?'} ${a?.errmsg ?? JSON.stringify(answer)}`);
}
