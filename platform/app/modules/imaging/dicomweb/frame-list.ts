/** More frames than this in one request is refused: a viewer asks for one frame, or a few, at a time. */
export const MAX_FRAMES_PER_REQUEST = 256;

const FRAME_NUMBER = /^[1-9][0-9]{0,8}$/;

/**
 * The frame numbers of a WADO-RS frame list (PS3.18 8.3.5.1.3: "1" or "1,3,5"), 1-based and in
 * the order asked, or null when the list is malformed (empty items, zero, signs, spaces, too many).
 */
export function parseFrameList(text: string): number[] | null {
  const items = text.split(",");
  if (items.length > MAX_FRAMES_PER_REQUEST || !items.every((item) => FRAME_NUMBER.test(item))) return null;
  return items.map(Number);
}
