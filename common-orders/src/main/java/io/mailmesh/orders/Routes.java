package io.mailmesh.orders;

import static io.mailmesh.orders.Mode.PUB_SUB;
import static io.mailmesh.orders.Mode.REQUEST_REPLY;
import static io.mailmesh.orders.Mode.REQUEST_REPLY_AND_PUB_SUB;
import static io.mailmesh.orders.OrderType.ADD_IDENTITY;
import static io.mailmesh.orders.OrderType.ADD_WORKER;
import static io.mailmesh.orders.OrderType.CONTACT_UPDATE;
import static io.mailmesh.orders.OrderType.DELETE_IDENTITY;
import static io.mailmesh.orders.OrderType.DELETE_KEY;
import static io.mailmesh.orders.OrderType.DELIVER;
import static io.mailmesh.orders.OrderType.DISCOVER_KEY;
import static io.mailmesh.orders.OrderType.FULLFETCH;
import static io.mailmesh.orders.OrderType.PROCESS_INBOUND;
import static io.mailmesh.orders.OrderType.PUBLISH_KEY;
import static io.mailmesh.orders.OrderType.RELOAD_WORKER;
import static io.mailmesh.orders.OrderType.REMOVE_WORKER;
import static io.mailmesh.orders.OrderType.SYNC;
import static io.mailmesh.orders.OrderType.UPDATE_IDENTITY;
import static io.mailmesh.orders.OrderType.UPDATE_INTERVAL;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Seed 002's topic table, as data: the single source every module reads. */
public final class Routes {
    public static final String API = "api-emitter";
    public static final String MQ_WORKER = "mq-worker";
    public static final String IDENTITIES_WORKER = "identities-worker";
    public static final String SMTP_BRIDGE = "smtp-bridge";
    public static final String IMAP_BRIDGE = "imap-bridge";
    public static final String TWITTER_BRIDGE = "twitter-bridge";
    public static final String OPS = "ops";

    public static final Route OUTBOUND_SMTP = new Route("outboundSMTP", "SMTPqueue", REQUEST_REPLY,
            Set.of(DELIVER), SMTP_BRIDGE, List.of(API, IMAP_BRIDGE));
    public static final Route OUTBOUND_IMAP = new Route("outboundIMAP", "IMAPworkers", REQUEST_REPLY,
            Set.of(DELIVER), IMAP_BRIDGE, List.of(API));
    public static final Route TWITTER_DM = new Route("twitter_dm", "twitterworkers", REQUEST_REPLY_AND_PUB_SUB,
            Set.of(DELIVER, SYNC), TWITTER_BRIDGE, List.of(API, IDENTITIES_WORKER));
    public static final Route TWITTER_WORKER = new Route("twitter_worker", "twitterworkers", PUB_SUB,
            Set.of(ADD_WORKER, RELOAD_WORKER, REMOVE_WORKER), TWITTER_BRIDGE, List.of(IDENTITIES_WORKER));
    public static final Route IMAP_FETCHER = new Route("IMAPfetcher", "IMAPworkers", PUB_SUB,
            Set.of(SYNC, FULLFETCH), IMAP_BRIDGE, List.of(IDENTITIES_WORKER, IMAP_BRIDGE, OPS));
    public static final Route IMAP_WORKER = new Route("imap_worker", "IMAPworkers", PUB_SUB,
            Set.of(ADD_WORKER, RELOAD_WORKER, REMOVE_WORKER), IMAP_BRIDGE, List.of(IDENTITIES_WORKER));
    public static final Route IDENTITIES = new Route("identitiesWorker", "IDsworker", PUB_SUB,
            Set.of(ADD_IDENTITY, UPDATE_IDENTITY, DELETE_IDENTITY, UPDATE_INTERVAL), IDENTITIES_WORKER,
            List.of(API, IMAP_BRIDGE, TWITTER_BRIDGE));
    public static final Route INBOUND_SMTP = new Route("inboundSMTP", "SMTPqueue", REQUEST_REPLY,
            Set.of(PROCESS_INBOUND), MQ_WORKER, List.of(SMTP_BRIDGE, IMAP_BRIDGE));
    public static final Route INBOUND_TWITTER = new Route("inboundTwitter", "Twitterqueue", REQUEST_REPLY,
            Set.of(PROCESS_INBOUND), MQ_WORKER, List.of(TWITTER_BRIDGE));
    public static final Route CONTACT_ACTION = new Route("contactAction", "contactQueue", PUB_SUB,
            Set.of(CONTACT_UPDATE), MQ_WORKER, List.of(API));
    public static final Route KEY_ACTION = new Route("keyAction", "keyQueue", PUB_SUB,
            Set.of(DISCOVER_KEY, PUBLISH_KEY, DELETE_KEY), MQ_WORKER, List.of(API));

    /** Every route, in the order of the architecture brief. */
    public static final List<Route> ALL = List.of(OUTBOUND_SMTP, OUTBOUND_IMAP, TWITTER_DM, TWITTER_WORKER,
            IMAP_FETCHER, IMAP_WORKER, IDENTITIES, INBOUND_SMTP, INBOUND_TWITTER, CONTACT_ACTION, KEY_ACTION);

    /** The same routes as a {@link RouteTable}, the first of {@link RouteTables#all()}. */
    public static final RouteTable TABLE = RouteTable.of("seed-002", ALL);

    private Routes() {
    }

    public static Optional<Route> bySubject(String subject) {
        return ALL.stream().filter(r -> r.subject().equals(subject)).findFirst();
    }

    /** The routes an executable subscribes to. */
    public static List<Route> subscribedBy(String executable) {
        return ALL.stream().filter(r -> r.subscriber().equals(executable)).toList();
    }
}
