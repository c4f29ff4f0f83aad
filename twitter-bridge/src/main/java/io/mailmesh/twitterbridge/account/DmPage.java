package io.mailmesh.twitterbridge.account;

import java.util.List;

/**
 * One page of the direct-message events list, newest first.
 *
 * @param events     the events of the page
 * @param nextCursor the cursor of the next (older) page, or null on the last page
 */
public record DmPage(List<DmEvent> events, String nextCursor) {
    public DmPage {
        events = List.copyOf(events);
        nextCursor = nextCursor == null || nextCursor.isBlank() ? null : nextCursor;
    }
}
