/** LIKE patterns from user text: `%`, `_` and the escape character itself match only themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, '\\$&');
}

/** Pattern for "contains the text". */
export const containsPattern = (text: string): string => `%${escapeLike(text)}%`;

/** Pattern for "starts with the text". */
export const prefixPattern = (text: string): string => `${escapeLike(text)}%`;
