/** What one message may hold; the browser checks these before sending, the server enforces them. */
export const MESSAGE_BODY_MAX_LENGTH = 10_000;
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENTS_PER_MESSAGE = 5;

/** The largest body a message post may declare: its files, the text and the multipart framing. */
export const MESSAGE_POST_MAX_BYTES = ATTACHMENTS_PER_MESSAGE * ATTACHMENT_MAX_BYTES + 1024 * 1024;
