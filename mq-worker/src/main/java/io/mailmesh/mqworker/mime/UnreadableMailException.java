package io.mailmesh.mqworker.mime;

/** The raw bytes are not a message at all (empty, or no header). */
public final class UnreadableMailException extends Exception {
    public UnreadableMailException(String message) {
        super(message);
    }
}
