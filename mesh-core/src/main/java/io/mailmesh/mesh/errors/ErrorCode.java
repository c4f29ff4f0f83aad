package io.mailmesh.mesh.errors;

import io.mailmesh.orders.Problem;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The codes an error reply or a dead letter carries, one per condition across every executable (a condition never
 * has two codes, a code never means two conditions). An order that cannot be decoded carries one of
 * {@link Problem}'s codes instead. OPERATIONS.md lists them all; a test keeps the list and this enum in step.
 */
public enum ErrorCode {
    // the runtime
    INTERNAL_ERROR("the worker failed on something unexpected; details in its log under the correlation id"),
    INTERRUPTED("the worker stopped while handling the order"),
    SHUTTING_DOWN("the worker is stopping and took no new order"),
    BUSY("the handler is at its concurrency limit (or a pool is full); retried"),
    TIMEOUT("the handler did not finish within MESH_HANDLER_TIMEOUT"),
    MAX_DELIVERIES("a durable order failed MESH_MAX_DELIVERIES times and was dead-lettered"),
    REPLY_NOT_SENT("the order was handled but its reply could not be sent"),
    MALFORMED_REPLY("a reply that is not the mesh's reply shape (seen by the requester)"),
    NATS_UNAVAILABLE("NATS could not be reached"),
    WORKER_FAILED("an identity's worker could not be started or settled; retried"),
    // the store, mapped once for every handler by the runtime's recoverer
    INVALID_ID("an id that is not of the store's id shape"),
    NOT_FOUND("a record the order needs does not exist"),
    CONCURRENT_UPDATE("a record changed under the update too many times in a row; retried"),
    RECORD_TOO_LARGE("a record would exceed the store's value size"),
    MESSAGE_TOO_LARGE("a raw message exceeds MESH_STORE_MAX_RAW_BYTES"),
    ADDRESS_TAKEN("the address belongs to another identity"),
    STORE_UNAVAILABLE("the store could not be read or written; retried"),
    // users and identities
    USER_NOT_FOUND("the order's user_id names no user"),
    IDENTITY_NOT_FOUND("the order's identity (remote_id / identity_id) does not exist"),
    IDENTITY_NOT_OWNED("the identity exists but is not the order's user's"),
    IDENTITY_INACTIVE("the identity is inactive (its last error says why)"),
    IDENTITY_NOT_EMAIL("an e-mail order for a Twitter identity"),
    NOT_IMAP("an IMAP order for an identity without an IMAP server"),
    NOT_TWITTER("a Twitter order for an identity that is not a Twitter one"),
    WRONG_PROTOCOL("an inbound order on the route of the other protocol"),
    INVALID_PROTOCOL("protocol is not email, imap or twitter"),
    INVALID_IDENTITY("the identity's stored settings are unusable"),
    INVALID_POLL_INTERVAL("poll_intervall is out of range"),
    NO_CREDENTIALS("the identity has no stored credentials"),
    MISSING_CREDENTIALS("credentials lack a required part"),
    CORRUPT_SYNC_STATE("the identity's stored sync state cannot be read"),
    // messages, contacts, keys
    MESSAGE_NOT_FOUND("the order's message does not exist for its user"),
    RAW_MESSAGE_NOT_FOUND("the order's raw message was not (or no longer) stored"),
    CONTACT_NOT_FOUND("the order's contact does not exist for its user"),
    KEY_NOT_FOUND("the order's key does not exist for its user"),
    NOT_A_DRAFT("the message is not a draft"),
    DRAFT_IDENTITY_MISMATCH("the draft is not sent from the order's identity"),
    EMPTY_MESSAGE("the message has neither a body nor an attachment"),
    MESSAGE_TOO_LONG("the text is longer than the network allows"),
    ATTACHMENT_MISSING("an attachment the draft names is not stored"),
    UNREADABLE_MESSAGE("the raw message cannot be parsed as MIME"),
    INVALID_ADDRESS("an address that is not a valid e-mail address"),
    INVALID_RECIPIENT("a recipient that cannot be delivered to"),
    NO_RECIPIENT("the draft has no recipient"),
    HEADER_INJECTION("a header value with CR, LF or NUL"),
    INVALID_KEY("a public key that is unreadable, expired, revoked or not the contact's"),
    KEY_LOOKUP_UNAVAILABLE("a key server could not be reached; retried"),
    // delivering and syncing
    DELIVERY_IN_PROGRESS("another instance is delivering the same draft; retried"),
    SYNC_RUNNING("a sync of the identity is already running; retried"),
    LEASE_LOST("the sync lease passed to another instance; retried"),
    INBOUND_UNAVAILABLE("mq-worker did not answer process_inbound; retried"),
    INBOUND_FAILED("mq-worker refused a fetched message"),
    NO_OUTGOING_SERVER("the identity has no SMTP server"),
    SERVER_NOT_ALLOWED("the identity's server is in a network MESH_OUTBOUND_ALLOW does not allow"),
    RELAY_UNAVAILABLE("the SMTP relay could not be reached; retried"),
    RELAY_AUTH_FAILED("the SMTP relay refused the credentials"),
    RELAY_REJECTED("the SMTP relay refused the message"),
    SMTP_UNAVAILABLE("the identity's SMTP server could not be reached; retried"),
    CONNECTION_FAILED("the remote server could not be reached or refused the connection"),
    AUTHENTICATION_FAILED("the remote server refused the identity's credentials"),
    BAD_CONFIGURATION("the identity's server settings cannot work (e.g. TLS required but absent)"),
    // Twitter
    MISSING_APP_KEY("no Twitter app key: TWITTER_CONSUMER_KEY and TWITTER_CONSUMER_SECRET"),
    MISSING_TOKEN("the identity has no Twitter access token"),
    INVALID_TOKEN("Twitter refused the identity's access token"),
    RATE_LIMITED("Twitter's rate limit is reached; retried after the reset"),
    TWITTER_NOT_FOUND("Twitter does not know the recipient or the event"),
    TWITTER_REFUSED("Twitter refused the request"),
    TWITTER_UNAVAILABLE("Twitter could not be reached; retried"),
    TWITTER_PAGING_LIMIT("more pages than one sync may read; the next sync goes on"),
    TWITTER_PAGING_LOOP("Twitter returned a page cursor already seen");

    private final String meaning;

    ErrorCode(String meaning) {
        this.meaning = meaning;
    }

    /** The code on the wire: the constant's name in lower case. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the condition is, for operators. */
    public String meaning() {
        return meaning;
    }

    @Override
    public String toString() {
        return code();
    }

    /** Every code a reply may carry: these and {@link Problem}'s decoding codes. */
    public static Set<String> vocabulary() {
        return Stream.concat(Arrays.stream(values()).map(ErrorCode::code),
                Arrays.stream(Problem.values()).map(Problem::code)).collect(Collectors.toUnmodifiableSet());
    }
}
