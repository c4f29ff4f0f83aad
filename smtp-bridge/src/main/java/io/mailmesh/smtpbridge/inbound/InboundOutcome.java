package io.mailmesh.smtpbridge.inbound;

/**
 * What the listener answers after DATA.
 *
 * @param code    SMTP reply code: 250, 451 (try again later) or 552 (too large)
 * @param text    reply text (enhanced status code first)
 */
record InboundOutcome(int code, String text) {
    static InboundOutcome accepted(String rawId) {
        return new InboundOutcome(250, "2.0.0 Ok: queued as " + rawId);
    }

    static InboundOutcome tryLater(String reason) {
        return new InboundOutcome(451, "4.3.0 " + reason + ", try again later");
    }

    static InboundOutcome tooLarge(long limit) {
        return new InboundOutcome(552, "5.3.4 message too large, the limit is " + limit + " bytes");
    }

    boolean accepted() {
        return code == 250;
    }
}
