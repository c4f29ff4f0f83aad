package io.mailmesh.apiemitter.fanout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Settings of seed 004's fanout line server.
 *
 * @param listen           where it listens, or null when it is off ({@code FANOUT_LISTEN=off})
 * @param tokens           tokens a client may send with {@code auth <token>}; when set, nothing else is served to a
 *                         client before it; never printed
 * @param maxClients       connections served at once; one more gets {@code debug!busy} and is closed
 * @param maxSubscriptions channels one client may subscribe to (besides {@code all})
 * @param maxLineBytes     longest line a client may send (and longest message delivered), without the newline
 * @param maxQueuedBytes   bytes queued for one client that does not read; past them it is disconnected
 */
public record FanoutSettings(InetSocketAddress listen, Set<String> tokens, int maxClients, int maxSubscriptions,
                             int maxLineBytes, int maxQueuedBytes) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:1986";
    /** A token shorter than this is refused: it would be guessed long before anyone noticed. */
    public static final int MIN_TOKEN_CHARS = 16;

    public FanoutSettings {
        tokens = Set.copyOf(tokens);
        if (maxClients < 1 || maxSubscriptions < 1) {
            throw new IllegalArgumentException("FANOUT_MAX_CLIENTS and FANOUT_MAX_SUBSCRIPTIONS must be positive");
        }
        if (maxLineBytes < 64 || maxQueuedBytes < 2 * maxLineBytes) {
            throw new IllegalArgumentException("FANOUT_MAX_LINE_BYTES must be at least 64 and FANOUT_MAX_QUEUED_BYTES "
                    + "at least twice FANOUT_MAX_LINE_BYTES (one whole line must fit in a client's queue)");
        }
        for (String token : tokens) {
            if (token.length() < MIN_TOKEN_CHARS || token.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("every FANOUT_TOKENS token must be at least " + MIN_TOKEN_CHARS
                        + " printable ASCII characters without spaces");
            }
        }
        if (listen != null && tokens.isEmpty() && !listen.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("FANOUT_LISTEN " + listen.getHostString() + ":" + listen.getPort()
                    + " is not a loopback address and FANOUT_TOKENS is empty: the fanout protocol has no "
                    + "authentication of its own, so set FANOUT_TOKENS (clients then send 'auth <token>' first) or "
                    + "listen on 127.0.0.1");
        }
    }

    /** Loopback on a free port, no tokens, the default limits: what tests start with. */
    public static FanoutSettings forTests() {
        return new FanoutSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Set.of(), 10_000, 100,
                65_536, 1 << 20);
    }

    public boolean enabled() {
        return listen != null;
    }

    public boolean authenticates() {
        return !tokens.isEmpty();
    }

    public FanoutSettings withTokens(Set<String> newTokens) {
        return new FanoutSettings(listen, newTokens, maxClients, maxSubscriptions, maxLineBytes, maxQueuedBytes);
    }

    public FanoutSettings withListen(InetSocketAddress newListen) {
        return new FanoutSettings(newListen, tokens, maxClients, maxSubscriptions, maxLineBytes, maxQueuedBytes);
    }

    public FanoutSettings withLimits(int newMaxClients, int newMaxSubscriptions, int newMaxLineBytes,
                                     int newMaxQueuedBytes) {
        return new FanoutSettings(listen, tokens, newMaxClients, newMaxSubscriptions, newMaxLineBytes,
                newMaxQueuedBytes);
    }

    /**
     * {@code host:port} ({@code [v6]:port} for IPv6), or {@code off}/empty for no listener.
     *
     * @throws IllegalArgumentException naming the setting when the address cannot be read or resolved
     */
    public static InetSocketAddress parseListen(String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("off")) {
            return null;
        }
        String text = value.strip();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("FANOUT_LISTEN must be host:port or off, not '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("FANOUT_LISTEN port must be a number, not '" + text + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("FANOUT_LISTEN port must be 0..65535, not " + port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("FANOUT_LISTEN host '" + host + "' cannot be resolved");
        }
    }

    @Override
    public String toString() {
        return "FanoutSettings[listen=" + (listen == null ? "off" : listen.getHostString() + ":" + listen.getPort())
                + ", tokens=" + (tokens.isEmpty() ? "none" : tokens.size() + " set") + ", maxClients=" + maxClients
                + ", maxSubscriptions=" + maxSubscriptions + ", maxLineBytes=" + maxLineBytes + ", maxQueuedBytes="
                + maxQueuedBytes + "]";
    }
}
