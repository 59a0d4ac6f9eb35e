/**
 * A dynamic route segment as text. Segments may reach a page still percent-encoded (a team
 * named 一组 arrives as %E4%B8%80%E7%BB%84 on some paths): decode once, and keep the raw text
 * if it is not valid encoding (a literal `%` in a name).
 */
export function routeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
