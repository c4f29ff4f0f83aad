package io.mailmesh.apiemitter.web;

/**
 * A request the API answers with an error status: the message (and the field at fault, if any) go to the client,
 * so they never hold secrets or internals.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException invalid(String field, String reason) {
        return new ApiException(400, "invalid_field", field, reason);
    }

    public static ApiException badRequest(String reason) {
        return new ApiException(400, "bad_request", null, reason);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", null, what + " not found");
    }

    public static ApiException conflict(String reason) {
        return new ApiException(409, "conflict", null, reason);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
