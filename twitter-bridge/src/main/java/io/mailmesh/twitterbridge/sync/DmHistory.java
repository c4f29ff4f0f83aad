package io.mailmesh.twitterbridge.sync;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.twitterbridge.account.DmEvent;
import io.mailmesh.twitterbridge.account.DmIds;
import io.mailmesh.twitterbridge.account.DmPage;
import io.mailmesh.twitterbridge.account.TwitterApi;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import twitter4j.TwitterException;

/** Walks the direct-message events list page by page back to the last seen id. */
final class DmHistory {
    /** A guard against a server that never stops paging. */
    static final int MAX_PAGES = 200;

    private final TwitterApi api;

    DmHistory(TwitterApi api) {
        this.api = api;
    }

    /** Events newer than {@code lastSeen} (null: all Twitter keeps), oldest first, each once. */
    List<DmEvent> newerThan(BigInteger lastSeen) throws TwitterException, OrderFailedException {
        Map<BigInteger, DmEvent> fresh = new LinkedHashMap<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            DmPage dms = api.directMessages(cursor);
            boolean reachedSeen = false;
            for (DmEvent event : dms.events()) {
                if (DmIds.isNewer(event.id(), lastSeen)) {
                    fresh.putIfAbsent(event.id(), event);
                } else {
                    reachedSeen = true;
                }
            }
            cursor = dms.nextCursor();
            if (reachedSeen || cursor == null) {
                List<DmEvent> ordered = new ArrayList<>(fresh.values());
                ordered.sort(Comparator.comparing(DmEvent::id));
                return ordered;
            }
            if (!cursors.add(cursor)) {
                throw OrderFailedException.unavailable(ErrorCode.TWITTER_PAGING_LOOP,
                        "Twitter returned the same events cursor twice; sync abandoned", null);
            }
        }
        throw OrderFailedException.unavailable(ErrorCode.TWITTER_PAGING_LIMIT,
                "more than " + MAX_PAGES + " pages of direct messages; sync abandoned", null);
    }
}
