package io.mailmesh.mqworker.inbound;

/**
 * The outcome of one import.
 *
 * @param messageId    the message
 * @param discussionId its discussion
 * @param duplicate    true when the message had already been imported
 */
record ImportResult(String messageId, String discussionId, boolean duplicate) {
}
