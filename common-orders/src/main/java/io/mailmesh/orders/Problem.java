package io.mailmesh.orders;

/** What was wrong with an order that could not be decoded. */
public enum Problem {
    TOO_LARGE("too_large"),
    MALFORMED_JSON("malformed_json"),
    NOT_AN_OBJECT("not_an_object"),
    MISSING_KEY("missing_key"),
    EMPTY_KEY("empty_key"),
    WRONG_TYPE("wrong_type"),
    UNKNOWN_ORDER("unknown_order");

    private final String code;

    Problem(String code) {
        this.code = code;
    }

    /** The {@code code} an error reply carries for this problem. */
    public String code() {
        return code;
    }
}
