/** The notification kind of a new message in a case's thread. */
export const MESSAGE_NOTIFICATION_KIND = "message.new";
