/** The public API endpoints of the systems whose `url` has a default (SPEC §2 live table). */
export const ADMIN_SDK_URL = "https://admin.googleapis.com";
export const GRAPH_URL = "https://graph.microsoft.com/v1.0";
