/** "Create a NAT gateway ..." -> "create a NAT gateway ...", for a fix quoted inside a sentence. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
