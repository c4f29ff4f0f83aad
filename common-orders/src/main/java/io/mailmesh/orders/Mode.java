package io.mailmesh.orders;

/** How orders travel on a subject. */
public enum Mode {
    /** Every order is a request and gets exactly one reply. */
    REQUEST_REPLY,
    /** Orders are published; no reply is expected. */
    PUB_SUB,
    /** Both: some orders are requests, others publishes (seed 002's twitter_dm). */
    REQUEST_REPLY_AND_PUB_SUB
}
