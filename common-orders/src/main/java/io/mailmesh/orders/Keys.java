package io.mailmesh.orders;

/** The payload keys of seed 002, spelled exactly as on the wire (including the seed's {@code poll_intervall}). */
public final class Keys {
    public static final String ORDER = "order";
    public static final String MESSAGE_ID = "message_id";
    public static final String REMOTE_ID = "remote_id";
    public static final String USER_ID = "user_id";
    public static final String CONTACT_ID = "contact_id";
    public static final String KEY_ID = "key_id";
    public static final String RESOURCE_ID = "resource_id";
    public static final String IDENTITY_ID = "identity_id";
    public static final String POLL_INTERVALL = "poll_intervall";
    public static final String PROTOCOL = "protocol";
    public static final String DISCUSSION_ID = "discussion_id";

    private Keys() {
    }
}
