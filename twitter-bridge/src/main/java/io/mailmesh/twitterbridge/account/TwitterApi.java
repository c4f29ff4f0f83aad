package io.mailmesh.twitterbridge.account;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.TwitterObjectFactory;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.DirectMessageList;
import twitter4j.v1.User;

/**
 * The few v1.1 calls the bridge makes, through one account's Twitter4J client. Raw JSON is read right after each
 * call (Twitter4J keeps it per thread until the next call).
 */
public final class TwitterApi {
    /** Largest page the events list serves. */
    public static final int PAGE_SIZE = 50;
    private static final int LOOKUP_BATCH = 100;

    private final Twitter twitter;

    public TwitterApi(Twitter twitter) {
        this.twitter = twitter;
    }

    /** One page of direct-message events, newest first; {@code cursor} null for the first page. */
    public DmPage directMessages(String cursor) throws TwitterException {
        DirectMessageList list = cursor == null
                ? twitter.v1().directMessages().getDirectMessages(PAGE_SIZE)
                : twitter.v1().directMessages().getDirectMessages(PAGE_SIZE, cursor);
        List<DmEvent> events = new ArrayList<>(list.size());
        for (DirectMessage dm : list) {
            events.add(event(dm));
        }
        return new DmPage(events, list.getNextCursor());
    }

    /** Sends a direct message and returns the created event. */
    public DmEvent send(long recipientId, String text) throws TwitterException {
        DirectMessage dm = twitter.v1().directMessages().sendDirectMessage(recipientId, text);
        return event(dm);
    }

    /** The user id of a screen name (users/show). */
    public long userId(String screenName) throws TwitterException {
        return twitter.v1().users().showUser(screenName).getId();
    }

    /** Screen names of user ids (users/lookup); ids Twitter does not know are left out. */
    public Map<Long, String> screenNames(Collection<Long> userIds) throws TwitterException {
        Map<Long, String> names = new HashMap<>();
        List<Long> ids = List.copyOf(userIds);
        for (int from = 0; from < ids.size(); from += LOOKUP_BATCH) {
            long[] batch = ids.subList(from, Math.min(ids.size(), from + LOOKUP_BATCH)).stream()
                    .mapToLong(Long::longValue).toArray();
            for (User user : twitter.v1().users().lookupUsers(batch)) {
                names.put(user.getId(), user.getScreenName());
            }
        }
        return names;
    }

    private static DmEvent event(DirectMessage dm) {
        String raw = TwitterObjectFactory.getRawJSON(dm);
        if (raw == null) {
            throw new IllegalStateException("Twitter4J kept no raw JSON for direct message " + dm.getId()
                    + " (jsonStoreEnabled must be on)");
        }
        return new DmEvent(idOf(dm), dm.getSenderId(), dm.getRecipientId(), raw);
    }

    private static BigInteger idOf(DirectMessage dm) {
        return BigInteger.valueOf(dm.getId());
    }
}
