package io.mailmesh.smtpbridge.deliver;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;

/** Refuses header values that could start a new header line (CR, LF or NUL): no header injection. */
final class HeaderGuard {
    static final ErrorCode CODE = ErrorCode.HEADER_INJECTION;

    private HeaderGuard() {
    }

    /** Returns {@code value} if it holds no line break; null passes. */
    static String singleLine(String field, String value) throws OrderFailedException {
        if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0)) {
            throw OrderFailedException.rejected(CODE,
                    "the " + field + " contains a line break (CR or LF), which is not allowed in a mail header");
        }
        return value;
    }
}
