/**
 * The notification kind telling a panel's coordinators that a case's consultant is away (out of
 * office, suspended) and nobody on the panel could take it over automatically.
 */
export const CONSULTANT_AWAY_NOTIFICATION_KIND = "case.consultant_away";
