package io.mailmesh.apiemitter.middleman;

/**
 * A frame refused, with the code and reason of the error frame that answers it.
 *
 * @see FrameCodec#error(String, String, String, String)
 */
public final class FrameException extends Exception {
    private final String code;
    private final String target;
    private final String reqId;

    public FrameException(String code, String reason, String target, String reqId) {
        super(reason, null, false, false);
        this.code = code;
        this.target = target;
        this.reqId = reqId;
    }

    public FrameException(String code, String reason) {
        this(code, reason, null, null);
    }

    public String code() {
        return code;
    }

    public String target() {
        return target;
    }

    public String reqId() {
        return reqId;
    }

    /** The error frame that answers the refused frame. */
    public String toErrorFrame() {
        return FrameCodec.error(target, reqId, code, getMessage());
    }
}
