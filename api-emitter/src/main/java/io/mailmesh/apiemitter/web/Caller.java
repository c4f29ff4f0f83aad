package io.mailmesh.apiemitter.web;

/**
 * Who sends an order: a user (the order acts for that user only), the admin (may act for any user), or the
 * infrastructure (plain {@code MESSAGES} on NATS, Redis: trusted channels, the order's user_id is taken as given).
 *
 * @param userId the user, or null for the admin and the infrastructure
 */
public record Caller(String userId, boolean mayActForAnyone) {
    public static final Caller ADMIN = new Caller(null, true);
    public static final Caller INFRASTRUCTURE = new Caller(null, true);

    public static Caller user(String userId) {
        return new Caller(userId, false);
    }
}
